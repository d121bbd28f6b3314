// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Deadline statuses and their colours come from the server (deadlines.py, through boot.py).
frappe.listview_settings["Directive Task"] = {
	// The ID is found with the search bar or the filter menu: on a phone the list shows three filters.
	hide_name_filter: true,
	add_fields: ["deadline_status", "workflow_state"],
	formatters: chidao_dieuhanh.list.select_pills("Directive Task", ["deadline_status"]),
	has_indicator_for_draft: true,
	onload(listview) {
		if (frappe.model.can_import("Directive Task")) {
			listview.page.add_menu_item(__("Download Import Template"), () =>
				window.open("/assets/chidao_dieuhanh/templates/mau_nhap_nhiem_vu.xlsx")
			);
		}
	},
	get_indicator(doc) {
		const status = doc.deadline_status;
		if (!status) return;
		const colour = frappe.boot.chidao_dieuhanh.deadline_status_colours[status] || "gray";
		return [__(status, null, "Directive Task"), colour, `deadline_status,=,${status}`];
	},
};
