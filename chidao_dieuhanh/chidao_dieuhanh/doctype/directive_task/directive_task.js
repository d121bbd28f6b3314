// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// States whose entry needs a reason; the server enforces the same rule (directive_task.py).
const STATES_NEEDING_REASON = ["Refused", "Returned", "Suspended", "Cancelled"];
const REPORTABLE_STATES = ["Assigned", "In Progress", "Returned"];
const OFFICE_ROLES = ["System Manager", "Directive Manager", "Leader", "Office Leader", "Tracking Officer"];
const AGENCY_EDITABLE_FIELDS = ["state_reason", "result_summary"];

frappe.ui.form.on("Directive Task", {
	refresh(frm) {
		const is_office = OFFICE_ROLES.some((role) => frappe.user_roles.includes(role));
		if (!is_office) {
			frm.fields
				.filter((f) => f.df.fieldname && !AGENCY_EDITABLE_FIELDS.includes(f.df.fieldname))
				.forEach((f) => frm.set_df_property(f.df.fieldname, "read_only", 1));
		}
		if (!frm.is_new() && REPORTABLE_STATES.includes(frm.doc.workflow_state)) {
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
		if (!transition || !STATES_NEEDING_REASON.includes(transition.next_state)) return;
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
