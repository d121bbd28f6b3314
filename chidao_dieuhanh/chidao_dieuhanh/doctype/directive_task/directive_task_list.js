// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["Directive Task"] = {
	add_fields: ["deadline_status", "workflow_state"],
	has_indicator_for_draft: true,
	onload(listview) {
		if (frappe.model.can_import("Directive Task")) {
			listview.page.add_menu_item(__("Download Import Template"), () =>
				window.open("/assets/chidao_dieuhanh/templates/mau_nhap_nhiem_vu.xlsx")
			);
		}
	},
	deadline_status_colours: {
		"On Track": "blue",
		"Due Soon": "orange",
		Overdue: "red",
		"No Deadline": "gray",
		"Completed On Time": "green",
		"Completed Late": "yellow",
		Cancelled: "darkgrey",
	},
	get_indicator(doc) {
		const status = doc.deadline_status;
		if (!status) return;
		return [__(status), this.deadline_status_colours[status], `deadline_status,=,${status}`];
	},
};
