// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("Explanation Request", {
	setup(frm) {
		// An explanation is asked on an overdue task (the server checks it again).
		frm.set_query("task", () => ({ filters: { deadline_status: "Overdue" } }));
	},
});
