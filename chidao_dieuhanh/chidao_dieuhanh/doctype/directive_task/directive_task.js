// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// The task rules (frappe.boot.chidao_dieuhanh) come from the server, which enforces them: see boot.py.
frappe.ui.form.on("Directive Task", {
	refresh(frm) {
		const rules = frappe.boot.chidao_dieuhanh;
		if (!rules.is_office_user) {
			frm.fields
				.filter((f) => f.df.fieldname && !rules.agency_editable_fields.includes(f.df.fieldname))
				.forEach((f) => frm.set_df_property(f.df.fieldname, "read_only", 1));
		}
		if (!frm.is_new() && rules.reportable_states.includes(frm.doc.workflow_state)) {
			frm.add_custom_button(
				__("Progress Report"),
				() => frappe.new_doc("Progress Report", { task: frm.doc.name }),
				__("Create")
			);
			if (!frm.doc.no_deadline) {
				frm.add_custom_button(
					__("Extension Request"),
					() => frappe.new_doc("Extension Request", { task: frm.doc.name }),
					__("Create")
				);
			}
		}
	},

	no_deadline(frm) {
		if (frm.doc.no_deadline) frm.set_value("deadline", null);
	},

	async before_workflow_action(frm) {
		const transitions = await frappe.workflow.get_transitions(frm.doc);
		const transition = transitions.find((t) => t.action === frm.selected_workflow_action);
		if (!transition || !frappe.boot.chidao_dieuhanh.states_needing_reason.includes(transition.next_state)) return;
		frappe.dom.unfreeze();
		const values = await new Promise((resolve, reject) => {
			const dialog = frappe.prompt(
				{
					fieldname: "reason",
					fieldtype: "Small Text",
					label: __("Reason"),
					reqd: 1,
				},
				resolve,
				__("{0}: enter the reason", [__(frm.selected_workflow_action)]),
				__(frm.selected_workflow_action)
			);
			dialog.onhide = () => reject();
		});
		frappe.dom.freeze();
		await frm.set_value("state_reason", values.reason);
		await frm.save();
	},
});
