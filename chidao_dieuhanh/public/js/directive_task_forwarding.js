// The lead agency hands a task over to its officers or sub-units; a coordinating agency sends its
// contribution (forwarding.py).
frappe.ui.form.on("Directive Task", {
	refresh(frm) {
		if (frm.is_new()) return;
		frappe
			.xcall("chidao_dieuhanh.api.forwarding.task_actions", { task: frm.doc.name })
			.then((actions) => {
				if (actions.may_hand_over) {
					frm.add_custom_button(__("Hand Over"), () =>
						frappe.new_doc("Task Handover", { task: frm.doc.name })
					);
				}
				if (actions.may_contribute) {
					frm.add_custom_button(__("Send Contribution"), () =>
						frappe.new_doc("Coordination Contribution", { task: frm.doc.name })
					);
				}
			});
	},
});
