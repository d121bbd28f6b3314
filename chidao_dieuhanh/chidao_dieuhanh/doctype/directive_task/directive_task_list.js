// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["Directive Task"] = {
	add_fields: ["deadline_status", "workflow_state"],
	has_indicator_for_draft: true,
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
