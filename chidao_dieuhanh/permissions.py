"""Who sees what.

Office users see every directive and task: the users of the roles listed in Directive Settings →
Roles That See Every Agency (the Committee's leaders, the office, the directive managers, by default; an
inspectorate's role added in the desk). Agency users (focal points and heads) see only the tasks where
their agency, or a sub-unit of it, is the lead or a coordinator; the directives behind those tasks; and
the reports and extension requests of those tasks. They change only what their agency leads.

`permission_query_conditions` (lists, reports, search, link fields, REST lists) and `has_permission`
(single documents) below agree with each other. The same rules cover what Frappe keeps beside a document:
its child rows (never saved on their own), and the ToDo, Comment, Communication, File, Version and
Notification Log rows about it. Which fields each role may change is Frappe's permlevel (in the doctypes),
and in which workflow state a document may be edited at all is the workflow's "Only Allow Edit For".
"""

import hashlib
import re
import sys

import frappe
from frappe import _
from frappe.database.utils import DefaultOrderBy
from frappe.model.db_query import DatabaseQuery
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate

from chidao_dieuhanh.settings import all_agency_roles

APP_MODULE = "Chidao Dieuhanh"
READ_PTYPES = frozenset({"read", "select", "print", "email", "report", "export", "share"})


def is_office_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(all_agency_roles().intersection(frappe.get_roles(user)))


def get_user_agencies(user: str | None = None) -> list[str]:
	"""Agencies the user acts for (listed as its user or its head), with all their sub-units."""
	return _per_request("chidao_user_agencies", user or frappe.session.user, _load_user_agencies)


def _per_request(cache_name: str, user: str, load) -> list[str]:
	"""`load(user)`, kept on frappe.local for the rest of the request (clear_agency_cache empties it)."""
	cache = getattr(frappe.local, cache_name, None)
	if cache is None:
		cache = {}
		setattr(frappe.local, cache_name, cache)
	if user not in cache:
		cache[user] = load(user)
	return cache[user]


def _load_user_agencies(user: str) -> list[str]:
	direct = _direct_agencies(user)
	return _with_sub_units(lambda parent: parent.name.isin(direct)) if direct else []


def _direct_agencies(user: str) -> list[str]:
	"""The agencies listing the user among their users or as their head."""
	agency = frappe.qb.DocType("Agency")
	agency_user = frappe.qb.DocType("Agency User")
	return (
		frappe.qb.from_(agency_user)
		.select(agency_user.parent)
		.where((agency_user.user == user) & (agency_user.parenttype == "Agency"))
		.union(frappe.qb.from_(agency).select(agency.name).where(agency.head_user == user))
	).run(pluck=True)


def _with_sub_units(condition) -> list[str]:
	"""The agencies `condition` (on the Agency table aliased `parent`) selects, with all their sub-units."""
	agency = frappe.qb.DocType("Agency")
	parent = frappe.qb.DocType("Agency").as_("parent")
	return (
		frappe.qb.from_(agency)
		.join(parent)
		.on((agency.lft >= parent.lft) & (agency.rgt <= parent.rgt))
		.select(agency.name)
		.distinct()
		.where(condition(parent))
	).run(pluck=True)


def clear_agency_cache(*args, **kwargs) -> None:
	frappe.local.chidao_user_agencies = {}
	frappe.local.chidao_agencies_above = {}


def _in_list(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values)


def task_condition(user: str, table: str = "`tabDirective Task`", also: str = "", walk: bool = False) -> str:
	"""WHERE fragment: tasks the agency user's agencies lead or coordinate, and those `also` selects (a
	SELECT of task names, e.g. the tasks handed to the user).

	One `name in (subquery)` over the (task, agency) rows of the lead and coordinating agencies
	(task_agencies.py), walked by their (agency, task) index: MariaDB runs it as a semi-join, reading only
	the user's tasks. Further tasks join the same IN through a derived UNION; an OR of two IN subqueries
	(or an IN of a bare UNION) would be tested again for every task of the province.

	`walk`: the same rows for a page of a list (see `_walk_pays`), as a test of each task against its
	pairs: MariaDB then reads the tasks in the list's order by its index and stops at the page's end,
	where the semi-join reads and sorts every task of the user first."""
	agencies = get_user_agencies(user)
	pairs = _pairs_select(agencies) if agencies else ""
	if also and pairs and not _selects_any(also):
		also = ""  # the UNION (or the OR) costs: only when `also` has rows
	if walk and pairs:
		probe = (
			"(select 1 from `tabDirective Task Agency` tda where tda.`task` = "
			f"{table}.`name` and tda.`agency` in ({_in_list(agencies)}) limit 1) is not null"
		)
		return f"({probe} or {table}.`name` in ({also}))" if also else probe
	selects = [s for s in (pairs, also) if s]
	if not selects:
		return "1=0"
	if len(selects) == 1:
		return f"{table}.`name` in ({selects[0]})"
	return f"{table}.`name` in (select u.`task` from ({' union all '.join(selects)}) u)"


# A page of an agency user's task list walks the tasks in the list's order when that reads few of them:
# when the user sees at least WALK_MIN_VISIBLE tasks and the page's end is expected within
# WALK_MAX_PROBES tasks of the province (its share of them spread evenly). Below that, the semi-join
# reading only the user's tasks is as fast, and never slower.
WALK_MIN_VISIBLE = 1000
WALK_MAX_PROBES = 5000
WALK_PAGE_END = 500  # a page further than this is read by the semi-join
WALK_ORDER_COLUMNS = frozenset({"creation", "modified", "deadline", "assigned_on", "name"})  # indexed
SHARE_CACHE_SECONDS = 600
_ORDER_BY = re.compile(r"^\s*(?:`?tabDirective Task`?\.)?`?(\w+)`?(?:\s+(?:asc|desc))?\s*$", re.IGNORECASE)


def _page_end_of_list(table: str) -> int:
	"""The end (offset + length) of the page of Directive Tasks that the query asking for this condition
	reads, when it is a plain page of the list: no filter, no grouping, no aggregate, one indexed order.
	0 otherwise (a count, a report, a filtered list, or a condition asked for outside a list query)."""
	if table != "`tabDirective Task`":
		return 0
	frame = sys._getframe(1)
	for _depth in range(8):  # agency_task_condition <- task_query <- frappe.call <- DatabaseQuery
		frame = frame.f_back
		if frame is None:
			return 0
		query = frame.f_locals.get("self")
		if isinstance(query, DatabaseQuery):
			break
	else:
		return 0
	# Frappe's get_match_cond asks for the condition of a bare DatabaseQuery, never executed: its page
	# attributes are set only by execute().
	read = lambda name: getattr(query, name, None)  # noqa: E731
	if read("doctype") != "Directive Task" or read("conditions") or read("grouped_or_conditions"):
		return 0
	if read("group_by") or read("distinct") or not read("limit_page_length"):
		return 0
	if any("(" in str(field) for field in read("fields") or []):
		return 0
	order = read("order_by")
	if order and order != DefaultOrderBy:
		match = _ORDER_BY.match(str(order))
		if not match or match.group(1) not in WALK_ORDER_COLUMNS:
			return 0
	return cint(query.limit_start) + cint(query.limit_page_length)


def _walk_pays(agencies: list[str], page_end: int) -> bool:
	if not agencies or not 0 < page_end <= WALK_PAGE_END:
		return False
	visible, total = task_share(agencies)
	return visible >= WALK_MIN_VISIBLE and page_end * total <= WALK_MAX_PROBES * visible


def task_share(agencies: list[str]) -> tuple[int, int]:
	"""How many tasks the agencies see, and how many the province has (MariaDB's estimate), cached for
	SHARE_CACHE_SECONDS: they only choose a plan, never which rows."""
	key = "chidao_task_share:" + hashlib.sha1(",".join(sorted(agencies)).encode()).hexdigest()
	cached = frappe.cache.get_value(key)
	if cached:
		return tuple(cached)
	visible = frappe.db.sql(_pairs_select(agencies, "count(distinct tda.`task`)"))[0][0]
	total = frappe.db.sql(
		"select table_rows from information_schema.tables"
		" where table_schema = database() and table_name = 'tabDirective Task'"
	)
	share = (cint(visible), max(cint(total[0][0]) if total else 0, cint(visible)))
	frappe.cache.set_value(key, list(share), expires_in_sec=SHARE_CACHE_SECONDS)
	return share


def agency_task_count(user: str) -> int | None:
	"""An agency user's number of visible tasks, read from the (task, agency) index alone: the rows
	`count(*)` under task_query gives, without visiting each task (at 100,000 tasks a sixth of the time).
	None for the office (no condition) and for officers (their handovers go through the task)."""
	if is_office_user(user) or is_agency_officer(user):
		return None
	agencies = get_user_agencies(user)
	pairs = _pairs_select(agencies) if agencies else ""
	handed = handover_select(user)
	if not _selects_any(handed):
		handed = ""
	if pairs and not handed:
		sql = _pairs_select(agencies, "count(distinct tda.`task`)")
	elif pairs or handed:
		sql = f"select count(*) from ({' union '.join(s for s in (pairs, handed) if s)}) u"
	else:
		return 0
	return cint(frappe.db.sql(sql)[0][0])


def _pairs_select(agencies: list[str], what: str = "tda.`task`") -> str:
	"""SELECT of `what` over the (task, agency) rows of the agencies, read by their (agency, task) index."""
	return f"select {what} from `tabDirective Task Agency` tda where tda.`agency` in ({_in_list(agencies)})"


def _selects_any(select: str) -> bool:
	"""Whether a SELECT of task names has any row now (one indexed look-up; not cached, so a row just made
	counts at once)."""
	return bool(frappe.db.sql(f"select 1 from ({select}) s limit 1"))


OFFICER_ROLE = "Agency Officer"
AGENCY_LEAD_ROLES = frozenset({"Agency Focal Point", "Agency Head"})


def is_agency_officer(user: str | None = None) -> bool:
	"""An officer of an agency (not its focal point or head): sees only what the agency handed to it."""
	user = user or frappe.session.user
	if is_office_user(user):
		return False
	roles = set(frappe.get_roles(user))
	return OFFICER_ROLE in roles and not roles & AGENCY_LEAD_ROLES


def handover_agencies(user: str) -> list[str]:
	"""The sub-units whose handovers reach the user: an officer's own agencies (an officer of the agency
	does not see what was handed to one of its sub-units); another user's agencies with their sub-units."""
	if not is_agency_officer(user):
		return get_user_agencies(user)
	agency_user = frappe.qb.DocType("Agency User")
	return (
		frappe.qb.from_(agency_user)
		.select(agency_user.parent)
		.distinct()
		.where((agency_user.user == user) & (agency_user.parenttype == "Agency"))
	).run(pluck=True)


def handover_select(user: str) -> str:
	"""SELECT of the tasks handed (Task Handover) to the user, or to a sub-unit the user belongs to, while
	the agency that handed them still leads them (a task the office gives to another agency leaves the
	first agency's officers), and, for a task handed to the user by name, while the user still belongs to
	that agency or one of its sub-units (an officer moved to another agency leaves its former tasks)."""
	return (
		"select th.`task` from `tabTask Handover` th join `tabDirective Task` ht on ht.`name` = th.`task`"
		f" and ht.`lead_agency` = th.`lead_agency` where {handed_to_user(user, 'th')}"
	)


def handed_to_user(user: str, table: str = "`tabTask Handover`") -> str:
	"""WHERE fragment on Task Handover: made to the user by name while the user still belongs to the
	agency that made it (or one of its sub-units), or made to a sub-unit the user belongs to."""
	agencies = handover_agencies(user)
	to_sub_unit = f" or {table}.`sub_unit` in ({_in_list(agencies)})" if agencies else ""
	to_officer = "1=0"
	if within := agencies_above(user):
		to_officer = (
			f"{table}.`officer` = {frappe.db.escape(user)} and {table}.`lead_agency` in ({_in_list(within)})"
		)
	return f"({to_officer}{to_sub_unit})"


def agencies_above(user: str) -> list[str]:
	"""The agencies the user belongs to (listed as its user or its head) with every agency above them:
	those that may have handed the user a task. Cached for the request like get_user_agencies."""
	return _per_request("chidao_agencies_above", user, _load_agencies_above)


def _load_agencies_above(user: str) -> list[str]:
	if not (direct := _direct_agencies(user)):
		return []
	agency = frappe.qb.DocType("Agency")
	child = frappe.qb.DocType("Agency").as_("child")
	return (
		frappe.qb.from_(agency)
		.join(child)
		.on((child.lft >= agency.lft) & (child.rgt <= agency.rgt))
		.select(agency.name)
		.distinct()
		.where(child.name.isin(direct))
	).run(pluck=True)


def handover_condition(user: str, table: str = "`tabDirective Task`") -> str:
	"""WHERE fragment: tasks handed (Task Handover) to the user, or to a sub-unit the user belongs to."""
	return f"{table}.`name` in ({handover_select(user)})"


def agency_task_condition(user: str, table: str = "`tabDirective Task`") -> str:
	"""Tasks an agency user sees: an officer only those handed to it; the agency's other users those
	their agency leads or coordinates, and those handed to a sub-unit of theirs."""
	if is_agency_officer(user):
		return handover_condition(user, table)
	walk = _walk_pays(get_user_agencies(user), _page_end_of_list(table))
	return task_condition(user, table, also=handover_select(user), walk=walk)  # one IN: see task_condition


def is_handed_to(task_name: str | None, user: str) -> bool:
	if not task_name:
		return False
	return bool(
		frappe.db.sql(
			f"select 1 from `tabDirective Task` where `name` = %s and {handover_condition(user)} limit 1",
			task_name,
		)
	)


def task_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	return agency_task_condition(user)


def directive_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	return (
		"`tabDirective`.`name` in (select t.`directive` from `tabDirective Task` t"
		f" where {agency_task_condition(user, 't')})"
	)


def _directive_rows_query(doctype: str, user: str | None) -> str:
	"""A directive's child rows (its recipients, its signature checks), seen with the directive."""
	condition = directive_query(user)
	return condition and (
		f"(`tab{doctype}`.`parenttype` = 'Directive' and `tab{doctype}`.`parent` in"
		f" (select `tabDirective`.`name` from `tabDirective` where {condition}))"
	)


def directive_recipient_query(user: str | None = None) -> str:
	return _directive_rows_query("Directive Recipient", user)


def directive_signature_check_query(user: str | None = None) -> str:
	return _directive_rows_query("Directive Signature Check", user)


def _task_child_query(doctype: str, user: str | None, task_field: str = "task") -> str:
	"""Rows whose `task_field` names a task the user sees."""
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	return (
		f"`tab{doctype}`.`{task_field}` in (select t.`name` from `tabDirective Task` t"
		f" where {agency_task_condition(user, 't')})"
	)


def progress_report_query(user: str | None = None) -> str:
	"""Reports of the tasks the user sees; a draft (not yet submitted: an officer's waiting for approval, or
	the focal point's own) is the lead agency's, read by a coordinating agency only once submitted."""
	condition = _task_child_query("Progress Report", user)
	user = user or frappe.session.user
	if not condition or is_agency_officer(user):
		return condition
	return (
		f"({condition} and (`tabProgress Report`.`docstatus` = 1"
		f" or `tabProgress Report`.`task` in ({_led_tasks(user)})))"
	)


def extension_request_query(user: str | None = None) -> str:
	return _task_child_query("Extension Request", user)


def explanation_request_query(user: str | None = None) -> str:
	"""An explanation is asked of one agency (the task's lead when asked): only its users see it, also
	after the task is given to another agency (the agency asked alone answers it); its officers only while
	the task is handed to them."""
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	agencies = get_user_agencies(user)
	if not agencies:
		return "1=0"
	asked = f"`tabExplanation Request`.`agency` in ({_in_list(agencies)})"
	if is_agency_officer(user):
		return f"({asked} and {_task_child_query('Explanation Request', user)})"
	return asked


def has_explanation_request_permission(doc, ptype=None, user=None) -> bool | None:
	"""The agency asked reads its request and writes its answer; only the office asks, decides or deletes."""
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	ptype = ptype or "read"
	if doc.is_new() or ptype not in (*READ_PTYPES, "write"):
		return False
	stored = frappe.db.get_value(doc.doctype, doc.name, ["task", "agency"], as_dict=True)
	if not stored or stored.agency not in get_user_agencies(user):
		return False
	if is_agency_officer(user):  # an officer, on a task handed to it
		return is_handed_to(stored.task, user)
	return True  # the agency asked, also after the task moved on (explanation_request_query)


def can_see_task(task_name: str, user: str) -> bool:
	if is_handed_to(task_name, user):
		return True
	if is_agency_officer(user):
		return False
	agencies = get_user_agencies(user)
	if not agencies or not task_name:
		return False
	return bool(frappe.db.exists("Directive Task Agency", {"task": task_name, "agency": ["in", agencies]}))


def leads_task(task_name: str | None, user: str) -> bool:
	if not task_name:
		return False
	if is_agency_officer(user):
		return is_handed_to(task_name, user)  # the officer reports on what was handed to it
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
			f"select 1 from `tabDirective Task` t where t.`directive` = %s"
			f" and {agency_task_condition(user, 't')} limit 1",
			doc.name,
		)
	)


def _has_task_child_permission(doc, ptype: str | None, user: str | None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	# A saved document is judged by the task it belongs to in the database, not by the one it is sent with.
	stored_task = None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, "task")
	if (ptype or "read") in READ_PTYPES:
		return can_see_task(stored_task or doc.task, user)
	return leads_task(stored_task or doc.task, user) and leads_task(doc.task, user)


def has_progress_report_permission(doc, ptype=None, user=None) -> bool | None:
	allowed = _has_task_child_permission(doc, ptype, user)
	user = user or frappe.session.user
	if allowed is False or doc.is_new() or (ptype or "read") not in READ_PTYPES or is_office_user(user):
		return allowed
	stored = frappe.db.get_value(doc.doctype, doc.name, ["task", "docstatus"])
	if stored and stored[1] == 0 and not leads_task(stored[0], user):
		return False  # a draft is the lead agency's own (progress_report_query)
	return allowed


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


# Child rows of the tasks (coordinators, progress history, deadline history)


def _task_rows_query(doctype: str, user: str | None) -> str:
	condition = _task_child_query(doctype, user, task_field="parent")
	return condition and f"(`tab{doctype}`.`parenttype` = 'Directive Task' and {condition})"


def task_coordinating_agency_query(user: str | None = None) -> str:
	return _task_rows_query("Task Coordinating Agency", user)


def task_progress_entry_query(user: str | None = None) -> str:
	return _task_rows_query("Task Progress Entry", user)


def task_deadline_change_query(user: str | None = None) -> str:
	return _task_rows_query("Task Deadline Change", user)


class ChildRowSavedAlone(frappe.PermissionError):
	pass


class ChildRow(Document):
	"""The app's child rows: readable by whoever may read their parent document, and changed only by
	saving that parent, which checks who changes what and keeps a version.

	Frappe v15 judges a child row loaded on its own (`/api/resource/<child doctype>/<name>`,
	`frappe.client.get`) by its parent doctype, not by its parent document; and it runs a child's own
	hooks only when the row is saved or deleted by itself (`frappe.client.save`), which is refused here
	for every user."""

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if self.flags.ignore_permissions:
			return True
		if not super().has_permission(permtype, debug=debug, user=user):
			return False
		if not self.parenttype or not self.parent:
			return False
		return frappe.has_permission(self.parenttype, permtype, self.parent, user=user)

	def before_validate(self):
		self.refuse_alone()

	def on_trash(self):
		self.refuse_alone()

	def refuse_alone(self):
		frappe.throw(
			_("{0} rows are changed by saving their {1}, not on their own.").format(
				_(self.doctype), _(self.parenttype or "parent document")
			),
			ChildRowSavedAlone,
		)


# Leaders' instructions: read like their task, given by the leaders (doctype permissions), never changed


def leader_instruction_query(user: str | None = None) -> str:
	return _task_child_query("Leader Instruction", user)


def has_leader_instruction_permission(doc, ptype=None, user=None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	stored_task = None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, "task")
	return (ptype or "read") in READ_PTYPES and can_see_task(stored_task or doc.task, user)


# Work delegations: seen by the office, their delegator and delegate, and the head of the delegator's
# agency (or of an agency above it); made and cancelled by the delegator (or the office's managers)


def _headed_agencies(user: str) -> list[str]:
	return _with_sub_units(lambda parent: parent.head_user == user)


def work_delegation_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	me = frappe.db.escape(user)
	headed = _headed_agencies(user)
	of_headed = f" or `tabWork Delegation`.`agency` in ({_in_list(headed)})" if headed else ""
	return f"(`tabWork Delegation`.`delegator` = {me} or `tabWork Delegation`.`delegate` = {me}{of_headed})"


def has_work_delegation_permission(doc, ptype=None, user=None) -> bool | None:
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	stored = None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, ["delegator", "agency"])
	delegator, agency = stored or (doc.delegator, doc.agency)
	if (ptype or "read") in READ_PTYPES:
		if is_office_user(user) or user in (delegator, doc.delegate):
			return None if is_office_user(user) else True
		return bool(agency) and agency in _headed_agencies(user)
	if {"System Manager", "Directive Manager"} & set(frappe.get_roles(user)):
		return None
	return delegator == user and doc.delegator == user


# Forwarding inside the agency: handovers to officers and sub-units, coordinators' contributions


def _led_tasks(user: str) -> str:
	"""Subquery: the tasks the user's agencies lead."""
	agencies = get_user_agencies(user)
	if not agencies:
		return "select null from dual where 1=0"
	return f"select t.`name` from `tabDirective Task` t where t.`lead_agency` in ({_in_list(agencies)})"


def _handed_tasks(user: str) -> str:
	return f"select t.`name` from `tabDirective Task` t where {handover_condition(user, 't')}"


def task_handover_query(user: str | None = None) -> str:
	"""The office sees every handover; the lead agency's focal points and heads those of its tasks; an
	officer (or a sub-unit's user) those made to it. A coordinating agency sees none."""
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	own = handed_to_user(user)
	if is_agency_officer(user):
		return own
	return f"({own} or `tabTask Handover`.`task` in ({_led_tasks(user)}))"


def has_task_handover_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	stored_task = None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, "task")
	if (ptype or "read") in READ_PTYPES:
		if doc.officer == user and doc.lead_agency in agencies_above(user):
			return True
		if doc.sub_unit and doc.sub_unit in handover_agencies(user):
			return True
		return not is_agency_officer(user) and leads_task(stored_task or doc.task, user)
	# Only the lead agency's focal points and heads hand its tasks on.
	return (
		not is_agency_officer(user)
		and leads_task(stored_task or doc.task, user)
		and leads_task(doc.task, user)
	)


def coordination_contribution_query(user: str | None = None) -> str:
	"""A coordinating agency's contributions: read by the office, the lead agency (with the officers the
	task was handed to) and the coordinating agency that wrote them, not by the other coordinators."""
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	if is_agency_officer(user):
		return f"`tabCoordination Contribution`.`task` in ({_handed_tasks(user)})"
	agencies = get_user_agencies(user)
	own = f"`tabCoordination Contribution`.`agency` in ({_in_list(agencies)}) or " if agencies else ""
	return f"({own}`tabCoordination Contribution`.`task` in ({_led_tasks(user)}))"


def has_coordination_contribution_permission(doc, ptype=None, user=None) -> bool | None:
	user = user or frappe.session.user
	if is_office_user(user):
		return None
	stored = (
		None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, ["task", "agency"], as_dict=True)
	)
	task, agency = (stored.task, stored.agency) if stored else (doc.task, doc.agency)
	if (ptype or "read") in READ_PTYPES:
		if is_agency_officer(user):
			return is_handed_to(task, user)
		return (agency in get_user_agencies(user)) or leads_task(task, user)
	# Written only by the coordinating agency itself (the controller checks it coordinates the task).
	agencies = get_user_agencies(user)
	if is_agency_officer(user):
		return False
	if not agency:  # a new contribution whose agency the controller fills in: the user must coordinate
		return bool(
			frappe.db.exists(
				"Task Coordinating Agency",
				{"parent": task, "parenttype": "Directive Task", "agency": ["in", agencies or [""]]},
			)
		)
	return agency in agencies and (doc.agency or agency) in agencies


# Records about a document: they follow the document's rules

# The app's doctypes whose rows an agency user sees only in part, with the WHERE fragment saying which.
SCOPED_DOCTYPES = {
	"Directive": directive_query,
	"Directive Task": task_query,
	"Progress Report": progress_report_query,
	"Extension Request": extension_request_query,
	"Task Reminder": task_reminder_query,
	"Task Handover": task_handover_query,
	"Coordination Contribution": coordination_contribution_query,
	"Explanation Request": explanation_request_query,
	"Leader Instruction": leader_instruction_query,
	"Work Delegation": work_delegation_query,
}
# Frappe's doctypes that point at another document: (doctype field, name field).
REFERENCE_FIELDS = {
	"ToDo": ("reference_type", "reference_name"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"File": ("attached_to_doctype", "attached_to_name"),
	"Version": ("ref_doctype", "docname"),
	"Notification Log": ("document_type", "document_name"),
	"Tag Link": ("document_type", "document_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Auto Repeat": ("reference_doctype", "reference_document"),
}
# Creating or changing these about a document is acting on it (an assignment, an attachment).
WRITE_LIKE_RECORDS = frozenset({"ToDo", "File"})


def app_doctypes() -> list[str]:
	"""The app's doctypes that are not child tables."""
	return frappe.get_all("DocType", filters={"module": APP_MODULE, "istable": 0}, pluck="name")


def is_app_doctype(doctype: str | None) -> bool:
	return (
		bool(doctype)
		and bool(frappe.db.exists("DocType", doctype))
		and (frappe.get_meta(doctype).module == APP_MODULE)
	)


def reference_query(doctype: str, user: str | None = None) -> str:
	"""WHERE fragment for a record doctype: rows about the app's documents only when the user may read
	the document."""
	user = user or frappe.session.user
	if is_office_user(user):
		return ""
	dt_field, name_field = (f"`tab{doctype}`.`{f}`" for f in REFERENCE_FIELDS[doctype])
	clauses = []
	doctypes = app_doctypes()
	for ref_doctype in doctypes:
		if not frappe.has_permission(ref_doctype, "read", user=user):
			continue
		condition = SCOPED_DOCTYPES[ref_doctype](user) if ref_doctype in SCOPED_DOCTYPES else ""
		if condition:
			clauses.append(
				f"({dt_field} = {frappe.db.escape(ref_doctype)} and {name_field} in"
				f" (select `tab{ref_doctype}`.`name` from `tab{ref_doctype}` where {condition}))"
			)
		else:
			clauses.append(f"{dt_field} = {frappe.db.escape(ref_doctype)}")
	clauses.append(f"ifnull({dt_field}, '') not in ({_in_list(doctypes)})")
	return "(" + " or ".join(clauses) + ")"


def todo_query(user=None):
	return reference_query("ToDo", user)


def comment_query(user=None):
	return reference_query("Comment", user)


def communication_query(user=None):
	return reference_query("Communication", user)


def file_query(user=None):
	return reference_query("File", user)


def version_query(user=None):
	return reference_query("Version", user)


def notification_log_query(user=None):
	return reference_query("Notification Log", user)


def tag_link_query(user=None):
	return reference_query("Tag Link", user)


def document_follow_query(user=None):
	"""Who follows what is nobody else's business: an agency user sees its own follows."""
	condition = reference_query("Document Follow", user)
	if not condition:
		return ""
	user = user or frappe.session.user
	return f"({condition} and `tabDocument Follow`.`user` = {frappe.db.escape(user)})"


def has_reference_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""A record about one of the app's documents may be read by whoever may read the document; an
	assignment or an attachment is made only by whoever may change it. None leaves the answer to
	Frappe's own rules for the record."""
	user = user or frappe.session.user
	if (
		doc.doctype == "File"
		and doc.attached_to_doctype == SETTINGS_DOCTYPE
		and not _reads_settings_secrets(user)
	):
		return False
	if is_office_user(user):
		return None
	dt_field, name_field = REFERENCE_FIELDS[doc.doctype]
	ref_doctype, ref_name = doc.get(dt_field), doc.get(name_field)
	if doc.doctype == "File" and not _may_reuse_file_url(doc, ptype, user):
		return False
	if not is_app_doctype(ref_doctype):
		return None
	if not ref_name or not frappe.db.exists(ref_doctype, ref_name):
		return False
	ptype = ptype or "read"
	needed = "write" if ptype not in READ_PTYPES and doc.doctype in WRITE_LIKE_RECORDS else "read"
	if not frappe.has_permission(ref_doctype, needed, ref_name, user=user):
		return False
	if needed == "write" and frappe.db.get_value(ref_doctype, ref_name, "docstatus"):
		return False  # what was submitted stays as it was reported
	return None


def auto_repeat_query(user=None):
	return reference_query("Auto Repeat", user)


def has_auto_repeat_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""The repetition of one of the app's documents (a periodic task) is read by who may read the document,
	and set up, changed or ended only by the office, with the right to change the document."""
	user = user or frappe.session.user
	if not is_app_doctype(doc.reference_doctype):
		return None
	if not doc.reference_document or not frappe.db.exists(doc.reference_doctype, doc.reference_document):
		return False
	ptype = ptype or "read"
	if ptype in READ_PTYPES:
		return (
			frappe.has_permission(doc.reference_doctype, "read", doc.reference_document, user=user) or False
		)
	if not is_office_user(user):
		return False
	stored = (
		None if doc.is_new() else frappe.db.get_value(doc.doctype, doc.name, REFERENCE_FIELDS[doc.doctype])
	)
	references = {(doc.reference_doctype, doc.reference_document), *([tuple(stored)] if stored else [])}
	return all(
		is_app_doctype(dt) and frappe.has_permission(dt, "write", name, user=user) for dt, name in references
	)


SETTINGS_DOCTYPE = "Directive Settings"


def _reads_settings_secrets(user: str) -> bool:
	"""A file attached to the settings (the signing certificate) is for who may read the settings' level 1
	(System Manager, Directive Manager), not for every office user who reads the settings."""
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	return any(
		row.permlevel == 1 and row.read and row.role in roles
		for row in frappe.get_meta(SETTINGS_DOCTYPE).permissions
	)


def _may_reuse_file_url(doc, ptype: str | None, user: str) -> bool:
	"""A File row that names a file already on the site (no content uploaded with it) grants whoever
	may read the row the file itself: only someone who may already download that file may make one."""
	if ptype not in ("create", "write") or not doc.file_url or doc.get("content"):
		return True
	if not doc.is_new() and frappe.db.get_value("File", doc.name, "file_url") == doc.file_url:
		return True
	others = frappe.get_all("File", filters={"file_url": doc.file_url, "name": ["!=", doc.name or ""]})
	if not others:
		return True
	from frappe.core.doctype.file.utils import find_file_by_url

	return bool(find_file_by_url(doc.file_url))


# Workflow states in which a document may be edited: the workflow's "Only Allow Edit For" roles


class StateNotEditable(frappe.PermissionError):
	pass


LAYOUT_FIELDTYPES = frozenset({"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading"})


def validate_workflow_edit(doc, method=None) -> None:
	"""Frappe's desk makes a document read-only in a workflow state unless the user holds one of the
	state's "Only Allow Edit For" roles; the same rule is enforced here for every route. Workflow actions
	themselves are checked by Frappe against the transitions."""
	if doc.meta.module != APP_MODULE or doc.is_new() or doc.meta.istable:
		return
	if doc.flags.ignore_permissions or frappe.session.user == "Administrator" or doc._action != "save":
		return
	from frappe.model.workflow import get_workflow_name

	workflow_name = get_workflow_name(doc.doctype)
	if not workflow_name:
		return
	workflow = frappe.get_cached_doc("Workflow", workflow_name)
	before = doc.get_doc_before_save()
	state_field = workflow.workflow_state_field
	state = before and before.get(state_field)
	if not state:
		return
	allowed = {row.allow_edit for row in workflow.states if row.state == state}
	if allowed & set(frappe.get_roles()):
		return
	# A transition itself is Frappe's to check; what else the same save changes is judged here.
	changed = [
		df.label for df in doc.meta.fields if df.fieldname != state_field and _user_edited(before, doc, df)
	]
	if changed:
		frappe.throw(
			_("{0} {1} is {2}: it can no longer be changed by you ({3}).").format(
				_(doc.doctype),
				doc.name,
				_(state, context="Workflow State"),
				", ".join(_(label, context=doc.doctype) for label in changed),
			),
			StateNotEditable,
			title=_("Not Editable"),
		)


def _user_edited(before, after, df) -> bool:
	"""Whether a field the user can type into differs from the saved document (fetched and read-only
	fields are the system's)."""
	if df.fieldtype in LAYOUT_FIELDTYPES or df.read_only or df.fetch_from:
		return False
	return value_changed(before, after, df)


def value_changed(before, after, df) -> bool:
	if df.fieldtype in frappe.model.table_fields:
		strip = lambda rows: [  # noqa: E731
			{k: v for k, v in row.as_dict(no_default_fields=True).items() if k not in ("name", "idx")}
			for row in rows or []
		]
		return strip(before.get(df.fieldname)) != strip(after.get(df.fieldname))
	old, new = before.get(df.fieldname), after.get(df.fieldname)
	if df.fieldtype in ("Date", "Datetime"):
		return (getdate(old) if old else None) != (getdate(new) if new else None)
	if df.fieldtype in ("Int", "Check", "Float", "Percent", "Currency"):
		return flt(old) != flt(new)
	return (old or "") != (new or "")


class RecipientCannotRead(frappe.PermissionError):
	pass


def refuse_notification_to_outsider(doc, method=None) -> None:
	"""A mention or a role-addressed Notification can name a user who may not read the document; its
	in-app notification (and the e-mail Frappe sends from it) would carry the document's content."""
	if not doc.document_type or not doc.document_name or not doc.for_user:
		return
	if not is_app_doctype(doc.document_type):
		return
	if not frappe.has_permission(doc.document_type, "read", doc.document_name, user=doc.for_user):
		frappe.throw(
			_("{0} may not see {1} {2}.").format(doc.for_user, _(doc.document_type), doc.document_name),
			RecipientCannotRead,
		)


class AmendedFromOtherTask(frappe.PermissionError):
	pass


def validate_amended_from(doc) -> None:
	"""An amendment copies the attachments of the document it amends: that one must be a cancelled
	document of the same task."""
	if not doc.amended_from:
		return
	original = frappe.db.get_value(doc.doctype, doc.amended_from, ["task", "docstatus"], as_dict=True)
	if not original or original.task != doc.task or original.docstatus != 2:
		frappe.throw(
			_("{0} {1} is not a cancelled document of task {2}, so it cannot be amended here.").format(
				_(doc.doctype), doc.amended_from, doc.task
			),
			AmendedFromOtherTask,
		)


class ShareOutsideScope(frappe.PermissionError):
	pass


def refuse_share_outside_scope(doc, method=None) -> None:
	"""Frappe lists a shared document to its user whatever the app's rules say; on the app's documents a
	share may only go to someone who may already read the document, and never to everyone."""
	if not is_app_doctype(doc.share_doctype):
		return
	if doc.everyone or not may_read_without_share(doc.share_doctype, doc.share_name, doc.user):
		frappe.throw(
			_("{0} {1} can be shared only with users who may already see it.").format(
				_(doc.share_doctype), doc.share_name
			),
			ShareOutsideScope,
		)


def may_read_without_share(doctype: str, name: str, user: str | None) -> bool:
	if not user or not frappe.db.exists(doctype, name):
		return False
	if is_office_user(user):
		return True
	condition = SCOPED_DOCTYPES[doctype](user) if doctype in SCOPED_DOCTYPES else ""
	if not condition:
		return frappe.has_permission(doctype, "read", user=user)
	return bool(
		frappe.db.sql(
			f"select 1 from `tab{doctype}` where `tab{doctype}`.`name` = %s and {condition} limit 1", name
		)
	)


class RecordAboutHiddenDocument(frappe.PermissionError):
	pass


# Records Frappe makes about a document without the user's permissions (likes, follows, tags, system
# comments), with who they are for: (doctype field, name field, user field or None for the session user).
GUARDED_RECORDS = {
	"Comment": ("reference_doctype", "reference_name", None),
	"Document Follow": ("ref_doctype", "ref_docname", "user"),
	"Tag Link": ("document_type", "document_name", None),
}


def refuse_record_about_hidden_document(doc, method=None) -> None:
	"""`frappe.desk.like.toggle_like`, `frappe.desk.form.document_follow.follow_document` (for any user
	it is given) and `frappe.desk.doctype.tag.tag.add_tag` check nothing: a like writes into the
	document's timeline, a follow mails the document's changes every day. On the app's documents they
	are made only for a user who may read the document."""
	dt_field, name_field, user_field = GUARDED_RECORDS[doc.doctype]
	ref_doctype, ref_name = doc.get(dt_field), doc.get(name_field)
	if not ref_name or not is_app_doctype(ref_doctype):
		return
	if doc.doctype == "Comment" and doc.comment_type == "Attachment" and doc.flags.ignore_permissions:
		return  # Frappe's note of a File attached, whose own right was checked (or the app attached it)
	user = doc.get(user_field) if user_field else frappe.session.user
	if user == "Administrator" or frappe.has_permission(ref_doctype, "read", ref_name, user=user):
		return
	frappe.throw(
		_("{0} may not see {1} {2}.").format(user, _(ref_doctype), ref_name), RecordAboutHiddenDocument
	)


class FieldNotWritable(frappe.PermissionError):
	pass


def refuse_forged_fields(doc, method=None) -> None:
	"""A new document may carry only the fields its author may write. Frappe's permlevel would quietly
	replace the others by their defaults (an extension count, a progress, a deadline status sent on
	create); the caller is told instead, and nothing is saved. Saves of existing documents keep Frappe's
	behaviour: a form opened before the nightly status refresh must still save."""
	if doc.meta.module != APP_MODULE or doc.meta.istable:
		return
	if doc.flags.ignore_permissions or frappe.flags.in_install or frappe.session.user == "Administrator":
		return
	from chidao_dieuhanh.data_import import kept_history_fields

	writable = set(doc.get_permlevel_access("write"))
	kept = kept_history_fields(doc)  # an imported task's history from the old system
	default = frappe.new_doc(doc.doctype)
	forged = [
		df
		for df in doc.meta.get_high_permlevel_fields()
		if df.permlevel not in writable
		and df.fieldname not in kept
		and df.fieldtype not in LAYOUT_FIELDTYPES
		and not df.fetch_from
		and _sent_differs(default, doc, df)
	]
	if forged:
		frappe.throw(
			_("You may not set these fields: {0}").format(
				", ".join(_(df.label, context=doc.doctype) for df in forged)
			),
			FieldNotWritable,
			title=_("Not Permitted"),
		)


def _sent_differs(default, doc, df) -> bool:
	value = doc.get(df.fieldname)
	if df.fieldtype in frappe.model.table_fields:
		return bool(value)
	if isinstance(value, str) and value.strip() and df.fieldtype in ("Int", "Float", "Percent", "Check"):
		try:
			float(value)
		except ValueError:
			return True  # not a number: sent, whatever Frappe would cast it to
	return value_changed(default, doc, df)


class RoleRecipientsOutsideOffice(frappe.ValidationError):
	pass


def refuse_role_recipients_outside_office(doc, method=None) -> None:
	"""A Notification sent to a role reaches every holder of the role, whatever the documents they may
	see. On the app's documents only the office roles (who see every document) may be recipients by
	role; agencies are reached through the task's recipient fields."""
	if not is_app_doctype(doc.document_type):
		return
	outside = sorted(
		{row.receiver_by_role for row in doc.recipients if row.receiver_by_role} - all_agency_roles()
	)
	if outside:
		frappe.throw(
			_(
				"{0} cannot receive {1} notifications by role: its users do not all see every document."
				" Use the document's recipient fields (for example Lead Agency Recipients)."
			).format(", ".join(_(role) for role in outside), _(doc.document_type)),
			RoleRecipientsOutsideOffice,
		)
