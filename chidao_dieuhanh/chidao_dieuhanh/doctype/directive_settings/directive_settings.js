// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("Directive Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Refresh Deadline Statuses Now"), async () => {
			const { message: changed } = await frappe.call({
				method: "chidao_dieuhanh.deadline_refresh.refresh_now",
				freeze: true,
			});
			const total = Object.values(changed).reduce((a, b) => a + b, 0);
			frappe.msgprint(
				total
					? Object.entries(changed)
							.filter(([, n]) => n)
							.map(([status, n]) => `${__(status, null, "Directive Task")}: ${n}`)
							.join("<br>")
					: __("Every deadline status was already up to date."),
				__("{0} tasks updated", [total])
			);
		});
	},
});
