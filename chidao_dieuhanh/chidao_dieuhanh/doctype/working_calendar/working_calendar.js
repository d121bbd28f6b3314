// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("Working Calendar", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Add Public Holidays"), () => {
			frappe.prompt(
				{
					fieldname: "year",
					fieldtype: "Int",
					label: __("Year"),
					reqd: 1,
					default: new Date().getFullYear() + 1,
				},
				async ({ year }) => {
					const { message: added } = await frappe.call({
						method: "chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar.add_public_holidays",
						args: { calendar: frm.doc.name, year },
						freeze: true,
					});
					frappe.show_alert({ message: __("{0} days off added", [added]), indicator: "green" });
					frm.reload_doc();
				},
				__("Add Vietnam's Public Holidays"),
				__("Add")
			);
		});
	},
});
