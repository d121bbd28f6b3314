// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["Task Reminder"] = {
	// The ID is found with the search bar or the filter menu: on a phone the list shows three filters.
	hide_name_filter: true,
	add_fields: ["status", "level"],
	formatters: chidao_dieuhanh.list.select_pills("Task Reminder", ["reminder_type", "status"]),
	get_indicator(doc) {
		const colours = { Queued: "orange", Sent: "green", "No Recipients": "gray", Failed: "red" };
		return [
			__(doc.status, null, "Task Reminder"),
			colours[doc.status] || "gray",
			`status,=,${doc.status}`,
		];
	},
};
