// Leaders' instructions (ý kiến chỉ đạo) on a task: listed in the order given in the task's form, and given
// by a leader from the form (the section's button, in sight on a phone, and "Give Instruction" above) or
// from the leaders' workspace. The server decides who may give and read them (leader_instructions.py,
// permissions.py); the button shows for who may create one.
frappe.provide("chidao_dieuhanh.leader_instructions");

const INSTRUCTION = "Leader Instruction";

chidao_dieuhanh.leader_instructions.may_give = () => frappe.model.can_create(INSTRUCTION);

chidao_dieuhanh.leader_instructions.show = async (frm) => {
	const field = frm.get_field("leader_instructions_html");
	if (!field || frm.is_new()) return;
	const may_give = chidao_dieuhanh.leader_instructions.may_give();
	if (may_give) {
		frm.add_custom_button(__("Give Instruction"), () => give(frm));
	}
	const rows = await frappe.xcall("frappe.client.get_list", {
		doctype: INSTRUCTION,
		filters: { task: frm.doc.name },
		fields: ["name", "leader", "leader_name", "instruction", "instructed_on"],
		order_by: "instructed_on asc, creation asc",
		limit_page_length: 0,
	});
	const items = rows.map(
		(row) => `<li class="leader-instruction">
			<div class="leader-instruction-meta">${frappe.datetime.str_to_user(row.instructed_on)} ·
				${frappe.utils.escape_html(row.leader_name || row.leader)}</div>
			<div class="leader-instruction-text">${frappe.utils.escape_html(row.instruction)}</div>
		</li>`
	);
	field.$wrapper.html(`
		<div class="leader-instructions">
			${
				items.length
					? `<ol class="leader-instructions-list">${items.join("")}</ol>`
					: `<p class="text-muted">${__("No instructions yet.")}</p>`
			}
			${
				may_give
					? `<button class="btn btn-sm btn-primary give-instruction">${__(
							"Give Instruction"
					  )}</button>`
					: ""
			}
		</div>`);
	field.$wrapper.find(".give-instruction").on("click", () => give(frm));
};

function give(frm) {
	frappe.prompt(
		{
			fieldname: "instruction",
			fieldtype: "Small Text",
			label: __("Instruction", null, INSTRUCTION),
			reqd: 1,
		},
		async (values) => {
			await frappe.xcall("frappe.client.insert", {
				doc: { doctype: INSTRUCTION, task: frm.doc.name, instruction: values.instruction },
			});
			frappe.show_alert({
				message: __("Instruction sent to {0}", [frm.doc.lead_agency]),
				indicator: "green",
			});
			chidao_dieuhanh.leader_instructions.show(frm);
		},
		__("Instruction on {0}", [frm.doc.name]),
		__("Give Instruction")
	);
}

frappe.ui.form.on("Directive Task", {
	refresh(frm) {
		chidao_dieuhanh.leader_instructions.show(frm);
	},
});
