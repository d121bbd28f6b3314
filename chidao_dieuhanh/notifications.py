"""Who is told about a task: the e-mail addresses kept on tasks for the standard Notifications.

A Notification's role recipients ignore user permissions, so agency mail never goes by role: each task
keeps its lead and coordinating agencies' users in hidden fields that the Notifications read.
"""

import frappe

from chidao_dieuhanh.task_states import CLOSED_STATES


def _enabled_emails(table, user_column, condition) -> list[str]:
	"""E-mail addresses of the enabled users that `table.user_column` names, where `condition` holds."""
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(table)
		.join(user)
		.on(user.name == user_column)
		.select(user.email)
		.distinct()
		.where(condition & (user.enabled == 1) & user.email.isnotnull())
		.orderby(user.email)
	).run(pluck=True)
	return [email for email in rows if email]


def agency_user_emails(agencies: list[str] | tuple[str, ...]) -> list[str]:
	"""The users of these agencies (their Users table), but their officers: an officer hears only of the
	tasks handed to it (forwarding.py)."""
	from chidao_dieuhanh.forwarding import officer_only_users

	agencies = [a for a in agencies if a]
	if not agencies:
		return []
	agency_user = frappe.qb.DocType("Agency User")
	condition = (agency_user.parenttype == "Agency") & agency_user.parent.isin(agencies)
	officers = officer_only_users()
	if officers:
		condition &= agency_user.user.notin(officers)
	return _enabled_emails(agency_user, agency_user.user, condition)


def agency_head_emails(agencies: list[str] | tuple[str, ...]) -> list[str]:
	agencies = [a for a in agencies if a]
	if not agencies:
		return []
	agency = frappe.qb.DocType("Agency")
	return _enabled_emails(agency, agency.head_user, agency.name.isin(agencies))


def role_emails(roles: list[str] | tuple[str, ...]) -> list[str]:
	"""System users holding one of these office roles (never used for agency roles)."""
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return _enabled_emails(
		has_role,
		has_role.parent,
		(has_role.parenttype == "User")
		& has_role.role.isin(list(roles))
		& (user.user_type == "System User")
		& user.name.notin(["Administrator", "Guest"]),
	)


def join_emails(emails) -> str:
	return ",".join(dict.fromkeys(e for e in emails if e))


def refresh_task_recipients(agency: str) -> None:
	"""After an agency's users changed: the open tasks it leads or coordinates get the new addresses."""
	task = frappe.qb.DocType("Directive Task")
	open_task = task.workflow_state.notin(list(CLOSED_STATES))
	(
		frappe.qb.update(task)
		.set(task.agency_recipients, join_emails(agency_user_emails([agency])))
		.where((task.lead_agency == agency) & open_task)
	).run()
	coordinator = frappe.qb.DocType("Task Coordinating Agency")
	coordinated = (
		frappe.qb.from_(coordinator)
		.join(task)
		.on(task.name == coordinator.parent)
		.select(task.name)
		.distinct()
		.where((coordinator.agency == agency) & (coordinator.parenttype == "Directive Task") & open_task)
	).run(pluck=True)
	for name in coordinated:
		agencies = frappe.get_all(
			"Task Coordinating Agency",
			filters={"parent": name, "parenttype": "Directive Task"},
			pluck="agency",
		)
		frappe.db.set_value(
			"Directive Task",
			name,
			"coordinator_recipients",
			join_emails(agency_user_emails(agencies)),
			update_modified=False,
		)
