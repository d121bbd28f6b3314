// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// The task rules (frappe.boot.chidao_dieuhanh) come from the server, which enforces them: see boot.py.
frappe.ui.form.on("Directive Task", {
	refresh(frm) {
		const rules = frappe.boot.chidao_dieuhanh;
		if (!frm.is_new() && rules.agency_states.includes(frm.doc.workflow_state)) {
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
		if (
			!frm.is_new() &&
			rules.is_office_user &&
			frm.perm[0]?.email &&
			rules.agency_states.includes(frm.doc.workflow_state)
		) {
			frm.add_custom_button(__("Remind"), () => remind(frm));
		}
	},

	async working_days(frm) {
		if (!frm.doc.working_days) return;
		const { message: deadline } = await frappe.call({
			method: "chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar.working_day_deadline",
			args: { working_days: frm.doc.working_days, start: frm.doc.assigned_on },
		});
		frm.set_value("deadline", deadline);
	},

	no_deadline(frm) {
		if (frm.doc.no_deadline) {
			frm.set_value("deadline", null);
			frm.set_value("working_days", 0);
		}
	},

	async before_workflow_action(frm) {
		const transitions = await frappe.workflow.get_transitions(frm.doc);
		const transition = transitions.find((t) => t.action === frm.selected_workflow_action);
		if (!transition || !frappe.boot.chidao_dieuhanh.states_needing_reason.includes(transition.next_state))
			return;
		frappe.dom.unfreeze();
		const values = await new Promise((resolve, reject) => {
			const dialog = frappe.prompt(
				{
					fieldname: "reason",
					fieldtype: "Small Text",
					label: __("Reason", null, "Directive Task"),
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

// "Đôn đốc": the office reminds the lead agency now (server: chidao_dieuhanh.reminders.remind_task).
function remind(frm) {
	frappe.prompt(
		[
			{
				fieldname: "message",
				fieldtype: "Small Text",
				label: __("Message to the Agency"),
			},
			{
				fieldname: "notify_head",
				fieldtype: "Check",
				label: __("Also Send to the Agency Head"),
			},
		],
		async (values) => {
			await frappe.call({
				method: "chidao_dieuhanh.reminders.remind_task",
				args: { task: frm.doc.name, message: values.message, notify_head: values.notify_head },
				freeze: true,
			});
			frappe.show_alert({
				message: __("Reminder sent to {0}", [frm.doc.lead_agency]),
				indicator: "green",
			});
			frm.reload_doc();
		},
		__("Remind {0}", [frm.doc.lead_agency]),
		__("Send Reminder")
	);
}
