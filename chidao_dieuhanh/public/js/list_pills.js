// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Frappe's lists translate a Select column's value without context (`__(value)`), so a value the app shares
// with Frappe would read as Frappe's word ("Queued": "Xếp hàng"). The app's lists draw the same pill with
// the value looked up as the form does, with the doctype as context ("Chờ gửi").
frappe.provide("chidao_dieuhanh.list");

chidao_dieuhanh.list.select_pills = function (doctype, fieldnames) {
	return Object.fromEntries(
		fieldnames.map((fieldname) => [fieldname, (value) => select_pill(doctype, fieldname, value)])
	);
};

function select_pill(doctype, fieldname, value) {
	if (!value) return "";
	const escaped = frappe.utils.escape_html(value);
	return `<span class="filterable indicator-pill ${frappe.utils.guess_colour(value)} ellipsis"
			data-filter="${fieldname},=,${escaped}">
		<span class="ellipsis">${frappe.utils.escape_html(__(value, null, doctype))}</span>
	</span>`;
}
