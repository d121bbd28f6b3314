// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Digital signatures: the office checks the attached PDFs again, after the IT officer adds or disables a
// trusted root certificate (chidao_dieuhanh/signatures.py).
frappe.ui.form.on("Directive", {
	refresh(frm) {
		if (frm.is_new() || !frappe.boot.chidao_dieuhanh.is_office_user) return;
		frm.add_custom_button(
			__("Check Signatures Again"),
			async () => {
				const { message: checks } = await frappe.call({
					method: "chidao_dieuhanh.api.signatures.check_directive_signatures",
					args: { directive: frm.doc.name },
					freeze: true,
					freeze_message: __("Checking digital signatures..."),
				});
				await frm.reload_doc();
				frappe.show_alert({
					message: __("{0} signature checks", [checks.length]),
					indicator: "green",
				});
			},
			__("Digital Signatures")
		);
	},
});

// The tracking officer makes the directive's tasks in one go (chidao_dieuhanh/public/js/directive_tasks.js).
frappe.ui.form.on("Directive", {
	refresh(frm) {
		if (!chidao_dieuhanh.directive_tasks.can_create(frm)) return;
		frm.add_custom_button(__("Create Tasks"), () => chidao_dieuhanh.directive_tasks.open_dialog(frm));
	},
});
