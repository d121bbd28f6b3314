// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("edXML Status Message", {
	refresh(frm) {
		if (frm.doc.state !== "Sent") {
			frm.add_custom_button(__("Retry Now"), () =>
				frm.call("retry").then(() => {
					frappe.show_alert({ message: __("Queued for delivery"), indicator: "blue" });
					frm.reload_doc();
				})
			);
		}
	},
});
