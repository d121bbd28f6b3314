"""Forwarding inside the agency (giao việc nội bộ) and the coordinators' contributions.

- The lead agency's focal point or head hands a task to one of its officers (role Agency Officer, listed
  in the Agency's Users table like its other users) or to one of its sub-units: a Task Handover with an
  internal deadline (not later than the task's) and a note. The officer, or the sub-unit's users, get a
  Frappe assignment (ToDo) on the handover: it is in their "Assigned To" list, with Frappe's assignment
  notification. The assignment is on the handover, not on the task, so that the task's coordinating
  agencies, who read the task, see nothing of who handles it inside the lead agency.
- An officer sees only the tasks handed to it (or to a sub-unit it belongs to), their directives,
  reports and files (`permissions.agency_task_condition`), and drafts the progress report. Its draft
  reaches the office only when the agency's head (or its focal point, the Agency's Reports Approved By)
  submits it: the submission is the approval.
- A coordinating agency sends its contribution (Coordination Contribution) to the lead agency, whose
  users are notified; the lead agency, the officers the task was handed to and the office read it, the
  other coordinators do not.
"""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

from chidao_dieuhanh.permissions import AGENCY_LEAD_ROLES, OFFICER_ROLE

HANDOVER = "Task Handover"
APPROVED_BY_HEAD = "Agency Head"
APPROVED_BY_FOCAL_POINT = "Agency Focal Point"


def officer_only_users() -> list[str]:
	"""Users holding Agency Officer and neither Agency Focal Point nor Agency Head."""
	has_role = frappe.qb.DocType("Has Role")
	lead = (
		frappe.qb.from_(has_role)
		.select(has_role.parent)
		.where((has_role.parenttype == "User") & has_role.role.isin(list(AGENCY_LEAD_ROLES)))
	)
	return (
		frappe.qb.from_(has_role)
		.select(has_role.parent)
		.distinct()
		.where(
			(has_role.parenttype == "User") & (has_role.role == OFFICER_ROLE) & has_role.parent.notin(lead)
		)
	).run(pluck=True)


def agency_members(agency: str) -> list[str]:
	"""The agency's own users: its Users table and its head, enabled."""
	agency_user = frappe.qb.DocType("Agency User")
	user = frappe.qb.DocType("User")
	listed = (
		frappe.qb.from_(agency_user)
		.join(user)
		.on(user.name == agency_user.user)
		.select(agency_user.user)
		.where((agency_user.parenttype == "Agency") & (agency_user.parent == agency) & (user.enabled == 1))
	).run(pluck=True)
	head = frappe.db.get_value("Agency", agency, "head_user")
	if head and frappe.db.get_value("User", head, "enabled"):
		listed.append(head)
	return list(dict.fromkeys(listed))


def agency_answerers(agency: str) -> list[str]:
	"""The agency's users who answer for it (its focal points and heads), not its officers."""
	officers = set(officer_only_users())
	return [user for user in agency_members(agency) if user not in officers]


def is_member(user: str, agency: str) -> bool:
	return user in agency_members(agency)


def sub_units(agency: str) -> list[str]:
	"""The agency's sub-units at every depth, without the agency itself."""
	node = frappe.db.get_value("Agency", agency, ["lft", "rgt"], as_dict=True)
	if not node:
		return []
	return frappe.get_all(
		"Agency", filters={"lft": [">", node.lft], "rgt": ["<", node.rgt]}, pluck="name", order_by="lft"
	)


def handover_assignees(doc) -> list[str]:
	"""Who gets the assignment: the officer, or every user of the sub-unit."""
	if doc.officer:
		return [doc.officer]
	return agency_members(doc.sub_unit) if doc.sub_unit else []


def handover_officers(task: str) -> list[str]:
	"""The officers the task was handed to."""
	return frappe.get_all(HANDOVER, filters={"task": task, "officer": ["is", "set"]}, pluck="officer")


def assign_handover(doc) -> None:
	"""Frappe's assignment of the handover to its officer (or sub-unit), due on the internal deadline;
	Frappe notifies the assignee (in-app and by e-mail)."""
	from frappe.desk.form.assign_to import add

	assignees = handover_assignees(doc)
	if not assignees:
		return
	add(
		{
			"assign_to": assignees,
			"doctype": HANDOVER,
			"name": doc.name,
			"description": doc.note or _("Task {0} handed over to you").format(doc.task),
			"date": doc.internal_deadline,
		},
		ignore_permissions=True,  # the handover's own permission was checked when it was saved
	)


def update_assignments(doc) -> None:
	"""The open assignments follow a changed internal deadline or note."""
	todo = frappe.qb.DocType("ToDo")
	(
		frappe.qb.update(todo)
		.set(todo.date, doc.internal_deadline)
		.set(todo.description, frappe.utils.escape_html(doc.note or ""))
		.where(
			(todo.reference_type == HANDOVER) & (todo.reference_name == doc.name) & (todo.status == "Open")
		)
	).run()


def close_officer_assignments(task: str, user: str) -> None:
	"""The officer's approved final report ends its assignments on the task's handovers."""
	from frappe.desk.form.assign_to import set_status

	todos = frappe.get_all(
		"ToDo",
		filters={
			"reference_type": HANDOVER,
			"reference_name": ["in", frappe.get_all(HANDOVER, filters={"task": task}, pluck="name")],
			"allocated_to": user,
			"status": "Open",
		},
		fields=["name", "reference_name"],
	)
	for row in todos:
		set_status(
			HANDOVER,
			row.reference_name,
			todo=row.name,
			assign_to=user,
			status="Closed",
			ignore_permissions=True,
		)


def report_approvers(agency: str) -> list[str]:
	"""Who approves an officer's report for the agency: its head (the Agency's head and its users holding
	Agency Head) or, as the Agency's Reports Approved By says, its focal points."""
	approved_by = frappe.db.get_value("Agency", agency, "reports_approved_by") or APPROVED_BY_HEAD
	members = agency_members(agency)
	holders = set(
		frappe.get_all(
			"Has Role",
			filters={"parenttype": "User", "parent": ["in", members or [""]], "role": approved_by},
			pluck="parent",
		)
	)
	approvers = [user for user in members if user in holders]
	head = frappe.db.get_value("Agency", agency, "head_user")
	if approved_by == APPROVED_BY_HEAD and head and head in members and head not in approvers:
		approvers.append(head)
	return approvers


def notify(users: list[str], doc, subject: str) -> None:
	"""An in-app notification (and its e-mail, as each user's notification settings say)."""
	users = [user for user in dict.fromkeys(users) if user and user != frappe.session.user]
	if not users:
		return
	enqueue_create_notification(
		users,
		{
			"type": "Alert",
			"document_type": doc.doctype,
			"document_name": doc.name,
			"subject": subject,
			"from_user": frappe.session.user,
		},
	)
