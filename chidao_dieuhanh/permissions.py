"""Who sees what.

Office users (the Committee's leaders, the office, the directive managers) see every directive and task.
Agency users (focal points and heads) see only the tasks where their agency, or a sub-unit of it, is the
lead or a coordinator; the directives behind those tasks; and the reports and extension requests of those
tasks. They change only what their agency leads.

`permission_query_conditions` (lists, reports, search, link fields, REST lists) and `has_permission`
(single documents) below agree with each other.
"""

import frappe

OFFICE_ROLES = frozenset(
	{"System Manager", "Directive Manager", "Leader", "Office Leader", "Tracking Officer"}
)
# Roles that may edit a task in any state (completed and cancelled ones included).
OFFICE_EDITOR_ROLES = frozenset({"System Manager", "Directive Manager", "Office Leader", "Tracking Officer"})
AGENCY_ROLES = frozenset({"Agency Focal Point", "Agency Head"})
READ_PTYPES = frozenset({"read", "select", "print", "email", "report", "export", "share"})


def is_office_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(OFFICE_ROLES.intersection(frappe.get_roles(user)))


def is_office_editor(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(OFFICE_EDITOR_ROLES.intersection(frappe.get_roles(user)))


def get_user_agencies(user: str | None = None) -> list[str]:
	"""Agencies the user acts for (listed as its user or its head), with all their sub-units."""
	user = user or frappe.session.user
	cache = getattr(frappe.local, "chidao_user_agencies", None)
	if cache is None:
		cache = frappe.local.chidao_user_agencies = {}
	if user not in cache:
		cache[user] = _load_user_agencies(user)
	return cache[user]


def _load_user_agencies(user: str) -> list[str]:
	agency = frappe.qb.DocType("Agency")
	agency_user = frappe.qb.DocType("Agency User")
	direct = (
		frappe.qb.from_(agency_user)
		.select(agency_user.parent)
		.where((agency_user.user == user) & (agency_user.parenttype == "Agency"))
		.union(frappe.qb.from_(agency).select(agency.name).where(agency.head_user == user))
	).run(pluck=True)
	if not direct:
		return []
	parent = frappe.qb.DocType("Agency").as_("parent")
	return (
		frappe.qb.from_(agency)
		.join(parent)
		.on((agency.lft >= parent.lft) & (agency.rgt <= parent.rgt))
		.select(agency.name)
		.distinct()
		.where(parent.name.isin(direct))
	).run(pluck=True)


def clear_agency_cache(*args, **kwargs) -> None:
	frappe.local.chidao_user_agencies = {}


def _in_list(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values)


def task_condition(user: str, table: str = "`tabDirective Task`") -> str:
	"""WHERE fragment: tasks the agency user's agencies lead or coordinate."""
	agencies = get_user_agencies(user)
	if not agencies:
		return "1=0"
	names = _in_list(agencies)
	return (
		f"({table}.`lead_agency` in ({names}) or exists (select 1 from `tabTask Coordinating Agency` tca"
		f" where tca.`parent` = {table}.`name` and tca.`parenttype` = 'Directive Task'"
		f" and tca.`agency` in ({names})))"
	)


def task_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	return task_condition(user)


def directive_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	return (
		"`tabDirective`.`name` in (select t.`directive` from `tabDirective Task` t"
		f" where {task_condition(user, 't')})"
	)


def _task_child_query(doctype: str, user: str | None) -> str:
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	return (
		f"`tab{doctype}`.`task` in (select t.`name` from `tabDirective Task` t"
		f" where {task_condition(user, 't')})"
	)


def progress_report_query(user: str | None = None) -> str:
	return _task_child_query("Progress Report", user)


def extension_request_query(user: str | None = None) -> str:
	return _task_child_query("Extension Request", user)


def can_see_task(task_name: str, user: str) -> bool:
	agencies = get_user_agencies(user)
	if not agencies or not task_name:
		return False
	lead = frappe.db.get_value("Directive Task", task_name, "lead_agency")
	if lead in agencies:
		return True
	return bool(
		frappe.db.exists(
			"Task Coordinating Agency",
			{"parent": task_name, "parenttype": "Directive Task", "agency": ["in", agencies]},
		)
	)


def leads_task(task_name: str | None, user: str) -> bool:
	if not task_name:
		return False
	return frappe.db.get_value("Directive Task", task_name, "lead_agency") in get_user_agencies(user)


def has_task_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	if (ptype or "read") in READ_PTYPES:
		return can_see_task(doc.name, user)
	if doc.is_new():
		return doc.lead_agency in get_user_agencies(user)
	return leads_task(doc.name, user)


def has_directive_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	if (ptype or "read") not in READ_PTYPES:
		return False
	return bool(
		frappe.db.sql(
			f"select 1 from `tabDirective Task` t where t.`directive` = %s and {task_condition(user, 't')} limit 1",
			doc.name,
		)
	)


def _has_task_child_permission(doc, ptype: str | None, user: str | None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	if (ptype or "read") in READ_PTYPES:
		return can_see_task(doc.task, user)
	return leads_task(doc.task, user)


def has_progress_report_permission(doc, ptype=None, user=None) -> bool | None:
	return _has_task_child_permission(doc, ptype, user)


def has_extension_request_permission(doc, ptype=None, user=None) -> bool | None:
	return _has_task_child_permission(doc, ptype, user)


def task_reminder_query(user: str | None = None) -> str:
	return _task_child_query("Task Reminder", user)


def has_task_reminder_permission(doc, ptype=None, user=None) -> bool | None:
	"""Agencies read the reminders of the tasks they see; only the office sends them."""
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	return (ptype or "read") in READ_PTYPES and can_see_task(doc.task, user)
