// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("Progress Report", {
	setup(frm) {
		frm.set_query("task", () => ({
			filters: { workflow_state: ["in", frappe.boot.chidao_dieuhanh.agency_states] },
		}));
	},

	is_final(frm) {
		if (frm.doc.is_final) frm.set_value("progress", 100);
	},

	refresh(frm) {
		// The office or the lead agency's head signs a submitted final report with the site's certificate
		// (the server checks who may).
		const may_sign = frappe.boot.chidao_dieuhanh.is_office_user || frappe.user.has_role("Agency Head");
		if (frm.doc.docstatus !== 1 || !frm.doc.is_final || !may_sign) return;
		frm.add_custom_button(__("Sign Digitally"), async () => {
			const { message } = await frappe.call({
				method: "chidao_dieuhanh.api.signatures.sign_progress_report",
				args: { name: frm.doc.name },
				freeze: true,
				freeze_message: __("Signing..."),
			});
			await frm.reload_doc();
			frappe.msgprint(
				__("The signed report is attached: {0}", [
					`<a href="${encodeURI(message.file_url)}" target="_blank">${frappe.utils.escape_html(
						message.file_name
					)}</a>`,
				]),
				__("Signed")
			);
		});
	},
});
