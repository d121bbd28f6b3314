// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["edXML Status Message"] = {
	// The ID is found with the search bar or the filter menu: on a phone the list shows three filters.
	hide_name_filter: true,
	add_fields: ["state"],
	formatters: chidao_dieuhanh.list.select_pills("edXML Status Message", ["state"]),
	get_indicator(doc) {
		const colour = { Queued: "orange", Sent: "green", Failed: "red" }[doc.state] || "gray";
		return [__(doc.state, null, "edXML Status Message"), colour, `state,=,${doc.state}`];
	},
};
