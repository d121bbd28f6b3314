// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["Explanation Request"] = {
	// The ID is found with the search bar or the filter menu: on a phone the list shows three filters.
	hide_name_filter: true,
};
