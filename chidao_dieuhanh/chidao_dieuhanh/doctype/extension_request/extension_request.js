// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("Extension Request", {
	setup(frm) {
		frm.set_query("task", () => ({
			filters: {
				workflow_state: ["not in", frappe.boot.chidao_dieuhanh.not_extendable_states],
				no_deadline: 0,
			},
		}));
	},
});
