// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Calendar of deadlines: each task on its deadline day, coloured by its deadline status.
frappe.views.calendar["Directive Task"] = {
	field_map: {
		start: "deadline",
		end: "deadline",
		id: "name",
		title: "content",
		allDay: "allDay",
	},
	fields: ["name", "deadline", "content", "deadline_status", "lead_agency"],
	filters: [
		{
			fieldtype: "Link",
			fieldname: "lead_agency",
			options: "Agency",
			label: __("Lead Agency"),
		},
		{
			fieldtype: "Select",
			fieldname: "deadline_status",
			options: [
				"",
				"On Track",
				"Due Soon",
				"Overdue",
				"Completed On Time",
				"Completed Late",
			],
			label: __("Deadline Status"),
		},
	],
	// Colour classes of the calendar view (danger, warning, success, default).
	deadline_status_classes: {
		Overdue: "danger",
		"Due Soon": "warning",
		"Completed On Time": "success",
		"Completed Late": "success",
	},
	get_css_class(task) {
		return this.deadline_status_classes[task.deadline_status] || "default";
	},
	get_events_method: "frappe.desk.calendar.get_events",
};
