"""Leaders' instructions (ý kiến chỉ đạo) on a task: who gives them, and how the task shows and prints them.

An instruction is a `Leader Instruction` record, kept in the order given and never changed afterwards; its
readers are the task's (permissions.py). The standard Notification "Leader Instruction Given" tells the
lead agency's users and the tracking officer. The task's form lists them (directive_task.js) and its print
draws them through the hidden HTML field `leader_instructions_print`, whose template calls
`task_instructions_html` (jinja hook).
"""

import frappe
from frappe import _
from markupsafe import Markup, escape

LEADER_ROLES = ("Leader", "Office Leader")
DOCTYPE = "Leader Instruction"


def may_give_instructions(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(LEADER_ROLES) & set(frappe.get_roles(user)))


def task_instructions(task: str) -> list[frappe._dict]:
	"""The task's instructions the user may read, oldest first."""
	if not task:
		return []
	return frappe.get_list(
		DOCTYPE,
		filters={"task": task},
		fields=["name", "leader", "leader_name", "instruction", "instructed_on"],
		order_by="instructed_on asc, creation asc",
		limit_page_length=0,
	)


def task_instructions_html(task: str) -> Markup:
	"""The instructions as the task's print shows them: date, leader and text, one a paragraph."""
	rows = task_instructions(task)
	if not rows:
		return Markup("<p>{}</p>").format(_("No instructions yet."))
	items = [
		Markup("<li><b>{0}, {1}:</b> {2}</li>").format(
			frappe.format(row.instructed_on, "Datetime"),
			row.leader_name or row.leader,
			Markup("<br>").join(escape(line) for line in (row.instruction or "").splitlines()),
		)
		for row in rows
	]
	return Markup('<ol class="leader-instructions">{}</ol>').format(Markup("").join(items))
