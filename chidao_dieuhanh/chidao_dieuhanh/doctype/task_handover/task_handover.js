// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.ui.form.on("Task Handover", {
	setup(frm) {
		frm.set_query("officer", () => ({
			query: "chidao_dieuhanh.api.forwarding.officer_query",
			filters: { task: frm.doc.task },
		}));
		frm.set_query("sub_unit", () => ({
			filters: { parent_agency: frm.doc.lead_agency || "" },
		}));
	},
});
