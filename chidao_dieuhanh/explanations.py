"""Explanation requests (yêu cầu giải trình): the office asks the lead agency of an overdue task to explain
the delay, by a deadline in working days; the agency answers (the reason, what it will do, a proposed
completion date); the office accepts the explanation or refuses it.

A request still unanswered after its deadline is itself overdue: the daily job marks it (`is_overdue`,
kept once set, also when the answer comes late) and escalates it once to the agency head, the office
leadership and the task's tracking officer through the standard Notification "Explanation Overdue".
The requests show on the task (connections), in the Overdue Tasks report, in the weekly digest and in the
agency ranking, where each request not explained in time or refused costs the points set in Directive
Settings.
"""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.notifications import agency_head_emails, join_emails, role_emails

DOCTYPE = "Explanation Request"
# The shipped workflow's states (fixtures/workflow.json, Explanation Request Workflow).
AWAITING = "Awaiting Explanation"
EXPLAINED = "Explained"
ACCEPTED = "Explanation Accepted"
REFUSED = "Explanation Refused"
DECIDED = (ACCEPTED, REFUSED)
ESCALATION_METHOD = "escalate_explanation"  # the Notification's "Method" event
OFFICE_LEADERSHIP_ROLES = ("Office Leader",)


def escalate_overdue_requests(today: date | None = None) -> int:
	"""Scheduler entry (hooks.py, daily): requests unanswered past their deadline become overdue in one
	UPDATE; each one not yet escalated is escalated once, one commit each. Returns how many were escalated."""
	today = getdate(today)
	request = frappe.qb.DocType(DOCTYPE)
	(
		frappe.qb.update(request)
		.set(request.is_overdue, 1)
		.where(
			(request.workflow_state == AWAITING)
			& (request.docstatus == 0)
			& (request.response_deadline < today)
			& (request.is_overdue == 0)
		)
	).run()
	frappe.db.commit()  # nosemgrep: marked overdue once, whatever happens to the escalations below
	names = frappe.get_all(
		DOCTYPE,
		filters={
			"workflow_state": AWAITING,
			"docstatus": 0,
			"is_overdue": 1,
			"escalated_on": ["is", "not set"],
		},
		order_by="response_deadline asc, name asc",
		pluck="name",
	)
	escalated = 0
	for name in names:
		try:
			escalate(frappe.get_doc(DOCTYPE, name), today)
			frappe.db.commit()  # nosemgrep: the escalation and its e-mail are kept together
			escalated += 1
		except Exception:
			frappe.db.rollback()
			frappe.log_error(f"Explanation Request {name} could not be escalated", reference_doctype=DOCTYPE)
	return escalated


def escalate(request, today: date) -> None:
	"""Like a task's last reminder level: the agency head, the office leadership and the tracking officer."""
	officer = request.tracking_officer and frappe.db.get_value(
		"User", {"name": request.tracking_officer, "enabled": 1}, "email"
	)
	recipients = join_emails(
		[
			*(request.agency_recipients or "").split(","),
			*agency_head_emails([request.agency]),
			*role_emails(OFFICE_LEADERSHIP_ROLES),
			officer,
		]
	)
	request.db_set({"escalated_on": today, "escalation_recipients": recipients}, update_modified=False)
	request.run_method(ESCALATION_METHOD)


def not_accepted_condition(request):
	"""A request that costs the agency points: not explained in time, or refused."""
	return (request.is_overdue == 1) | (request.workflow_state == REFUSED)


def latest_by_task(tasks: list[str] | None = None) -> dict[str, frappe._dict]:
	"""The latest request of each of these tasks (of every overdue task when None), in one query."""
	request = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(request)
		.select(
			request.name, request.task, request.workflow_state, request.is_overdue, request.response_deadline
		)
		.where(request.docstatus < 2)
		.orderby(request.creation)
	)
	if tasks is None:
		task = frappe.qb.DocType("Directive Task")
		query = (
			query.join(task).on(task.name == request.task).where(task.deadline_status == deadlines.OVERDUE)
		)
	elif not tasks:
		return {}
	else:
		query = query.where(request.task.isin(tasks))
	return {row.task: row for row in query.run(as_dict=True)}


def describe(row: frappe._dict | None) -> str:
	"""One line for a report cell or a digest row: the request's state, and late when it is."""
	if not row:
		return ""
	state = _(row.workflow_state, context="Workflow State")
	if row.is_overdue and row.workflow_state == AWAITING:
		return _("{0}, overdue since {1}").format(state, frappe.format(row.response_deadline, "Date"))
	if row.is_overdue:
		return _("{0} (late)").format(state)
	return state


def with_explanations(rows: list[dict]) -> list[dict]:
	"""Adds the `explanation` column to rows that have a `task`."""
	tasks = [row["task"] for row in rows]
	latest = latest_by_task(tasks if len(tasks) <= 500 else None)
	for row in rows:
		row["explanation"] = describe(latest.get(row["task"]))
	return rows


def overdue_unanswered_count() -> int:
	"""Requests still waiting for an answer past their deadline (the digest's total)."""
	return frappe.db.count(DOCTYPE, {"workflow_state": AWAITING, "docstatus": 0, "is_overdue": 1})


def not_accepted_by_agency(from_date, to_date, previous_from=None) -> dict[tuple[str, int], int]:
	"""(agency, is_current) -> requests asked in the period (and the previous one, from `previous_from`)
	not explained in time or refused, in one GROUP BY."""
	request = frappe.qb.DocType(DOCTYPE)
	start = previous_from or from_date
	is_current = Case().when(request.requested_on >= from_date, 1).else_(0)
	rows = (
		frappe.qb.from_(request)
		.select(
			request.agency,
			is_current.as_("is_current"),
			Sum(Case().when(not_accepted_condition(request), 1).else_(0)).as_("not_accepted"),
			Count("*").as_("requests"),
		)
		.where((request.docstatus < 2) & (request.requested_on >= start) & (request.requested_on <= to_date))
		.groupby(request.agency, is_current)
	).run(as_dict=True)
	return {(row.agency, int(row.is_current)): int(row.not_accepted or 0) for row in rows}
