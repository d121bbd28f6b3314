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
});
