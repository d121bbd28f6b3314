// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

const DEADLINE_STATUS_COLOURS = {
	"On Track": "blue",
	"Due Soon": "orange",
	Overdue: "red",
	"No Deadline": "gray",
	"Completed On Time": "green",
	"Completed Late": "yellow",
	Cancelled: "darkgrey",
};

frappe.listview_settings["Directive Task"] = {
	add_fields: ["deadline_status", "workflow_state"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const status = doc.deadline_status;
		if (!status) return;
		return [__(status), DEADLINE_STATUS_COLOURS[status], `deadline_status,=,${status}`];
	},
};
