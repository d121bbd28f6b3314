"""Who is told about a task: the e-mail addresses kept on tasks for the standard Notifications.

A Notification's role recipients ignore user permissions, so agency mail never goes by role: each task
keeps its lead and coordinating agencies' users in hidden fields that the Notifications read.
"""

import frappe

from chidao_dieuhanh.deadlines import STATE_CANCELLED, STATE_COMPLETED


def agency_user_emails(agencies: list[str] | tuple[str, ...]) -> list[str]:
	"""E-mail addresses of the enabled users of these agencies (their Users table), in a stable order."""
	agencies = [a for a in agencies if a]
	if not agencies:
		return []
	agency_user = frappe.qb.DocType("Agency User")
	user = frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(agency_user)
		.join(user)
		.on(user.name == agency_user.user)
		.select(user.email)
		.distinct()
		.where(
			(agency_user.parenttype == "Agency")
			& agency_user.parent.isin(agencies)
			& (user.enabled == 1)
			& user.email.isnotnull()
		)
		.orderby(user.email)
	).run(pluck=True)
	return [email for email in rows if email]


def agency_head_emails(agencies: list[str] | tuple[str, ...]) -> list[str]:
	agencies = [a for a in agencies if a]
	if not agencies:
		return []
	agency = frappe.qb.DocType("Agency")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(agency)
		.join(user)
		.on(user.name == agency.head_user)
		.select(user.email)
		.distinct()
		.where(agency.name.isin(agencies) & (user.enabled == 1) & user.email.isnotnull())
		.orderby(user.email)
	).run(pluck=True)


def role_emails(roles: list[str] | tuple[str, ...]) -> list[str]:
	"""Enabled system users holding one of these office roles (never used for agency roles)."""
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.email)
		.distinct()
		.where(
			(has_role.parenttype == "User")
			& has_role.role.isin(list(roles))
			& (user.enabled == 1)
			& (user.user_type == "System User")
			& user.email.isnotnull()
			& user.name.notin(["Administrator", "Guest"])
		)
		.orderby(user.email)
	).run(pluck=True)


def join_emails(emails) -> str:
	return ",".join(dict.fromkeys(e for e in emails if e))


def refresh_task_recipients(agency: str) -> None:
	"""After an agency's users changed: the open tasks it leads or coordinates get the new addresses."""
	task = frappe.qb.DocType("Directive Task")
	open_task = task.workflow_state.notin([STATE_COMPLETED, STATE_CANCELLED])
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
