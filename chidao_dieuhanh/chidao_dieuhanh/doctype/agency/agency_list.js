// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["Agency"] = {
	formatters: chidao_dieuhanh.list.select_pills("Agency", ["agency_type"]),
};
