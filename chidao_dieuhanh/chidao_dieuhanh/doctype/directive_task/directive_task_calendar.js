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
			options: ["", ...frappe.boot.chidao_dieuhanh.deadline_statuses],
			label: __("Deadline Status"),
		},
	],
	// The calendar view colours events by class (danger: red, warning: orange, success: green, default:
	// blue); each status takes the class of its colour (deadlines.py, through boot.py).
	colour_classes: { red: "danger", orange: "warning", green: "success", yellow: "success" },
	get_css_class(task) {
		const colour = frappe.boot.chidao_dieuhanh.deadline_status_colours[task.deadline_status];
		return this.colour_classes[colour] || "default";
	},
	get_events_method: "frappe.desk.calendar.get_events",
};
