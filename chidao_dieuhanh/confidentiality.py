"""Which records fall under a confidential directive (độ mật: Mật, Tối mật, Tuyệt mật).

The Law on Protection of State Secrets (Luật Bảo vệ bí mật nhà nước 2018) forbids sending their content
over ordinary networks, so e-mails, in-app notifications and the digest say only the task's number,
deadline, lead agency and link, and name its source document by type, number, date and level only
(mail_context.py: the trích yếu may itself be secret). The level is read from the directive each time a message goes out: a
copy kept on the task would miss a directive classified after its tasks were given.

The e-mail templates call these functions through the `jinja` hook (hooks.py).
"""

import frappe

NORMAL = "Normal"
# What a message says instead of the content.
NOTICE = "Nhiệm vụ thuộc văn bản mật: nội dung không gửi qua thư điện tử, đề nghị xem trên hệ thống."

# The records about one task, and the field that names the task.
TASK_FIELD = {
	"Progress Report": "task",
	"Extension Request": "task",
	"Explanation Request": "task",
	"Task Reminder": "task",
	"Directive Digest Task": "task",
	"Leader Instruction": "task",
}


def confidential_notice() -> str:
	return NOTICE


def is_confidential(doctype: str, name: str | None) -> bool:
	"""Whether the content of this Directive, Directive Task or record about a task must stay in the
	system. A record that cannot be traced to its directive counts as confidential."""
	if doctype == "Directive":
		return directive_is_confidential(name)
	if doctype == "Directive Task":
		return task_is_confidential(name)
	if doctype in TASK_FIELD:
		return task_is_confidential(frappe.db.get_value(doctype, name, TASK_FIELD[doctype]) if name else None)
	raise ValueError(f"No confidentiality rule for {doctype}")


def directive_is_confidential(directive: str | None) -> bool:
	level = frappe.db.get_value("Directive", directive, "confidentiality") if directive else None
	return level != NORMAL


def task_is_confidential(task: str | None) -> bool:
	return not task or task in confidential_tasks([task])


def confidential_tasks(tasks: list[str]) -> set[str]:
	"""The given tasks whose directive is not Normal (or missing), in one query: for the digest's rows."""
	tasks = [t for t in tasks if t]
	if not tasks:
		return set()
	task = frappe.qb.DocType("Directive Task")
	directive = frappe.qb.DocType("Directive")
	normal = set(
		frappe.qb.from_(task)
		.join(directive)
		.on(directive.name == task.directive)
		.select(task.name)
		.where(task.name.isin(tasks) & (directive.confidentiality == NORMAL))
		.run(pluck=True)
	)
	return set(tasks) - normal
