"""The daily refresh of Directive Task.deadline_status: one UPDATE per status, set-based.

Only rows whose status differs are written, so a second run writes nothing; `modified` is left alone
and no controller or workflow runs. The rules are the ones of `deadlines.py`, turned into WHERE clauses
with the same thresholds (today, and the first date past the Due Soon window).
"""

from datetime import date

import frappe
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate

from chidao_dieuhanh import deadlines, task_states
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.settings import due_soon_days


def refresh_deadline_statuses(today: date | None = None) -> dict[str, int]:
	"""Brings every task's deadline status up to date; returns the number of tasks moved to each status."""
	today = getdate(today)
	due_soon_before = deadlines.due_soon_limit(get_calendar(), today, due_soon_days())
	changed = {}
	for status, condition in status_conditions(today, due_soon_before):
		task = frappe.qb.DocType("Directive Task")
		query = (
			frappe.qb.update(task)
			.set(task.deadline_status, status)
			.where(condition & ((task.deadline_status != status) | task.deadline_status.isnull()))
		)
		query.run()
		changed[status] = frappe.db._cursor.rowcount
	return changed


def status_conditions(today: date, due_soon_before: date):
	"""(status, WHERE) pairs; the conditions do not overlap, so the order does not matter."""
	task = frappe.qb.DocType("Directive Task")
	draft = (task.workflow_state == task_states.DRAFT) | task.workflow_state.isnull()
	is_open = task.workflow_state.notin([task_states.DRAFT, *task_states.CLOSED_STATES])
	completed = task.workflow_state == task_states.COMPLETED
	# A completed task's status is fixed at completion; only one that lacks it is judged here.
	unjudged = completed & (
		task.deadline_status.notin(list(deadlines.CLOSED_STATUSES)) | task.deadline_status.isnull()
	)
	late = task.deadline.isnotnull() & (Coalesce(task.completion_date, today) > task.deadline)
	return (
		(deadlines.NOT_ASSIGNED, draft),
		(deadlines.CANCELLED, task.workflow_state == task_states.CANCELLED),
		(deadlines.COMPLETED_LATE, unjudged & late),
		(deadlines.COMPLETED_ON_TIME, unjudged & ~late),
		(deadlines.NO_DEADLINE, is_open & task.deadline.isnull()),
		(deadlines.OVERDUE, is_open & (task.deadline < today)),
		(deadlines.DUE_SOON, is_open & (task.deadline >= today) & (task.deadline < due_soon_before)),
		(deadlines.ON_TRACK, is_open & (task.deadline >= due_soon_before)),
	)


def daily_refresh():
	"""Scheduler entry (hooks.py)."""
	refresh_deadline_statuses()


@frappe.whitelist()
def refresh_now() -> dict[str, int]:
	"""The office's on-demand refresh (button in Directive Settings)."""
	from chidao_dieuhanh.permissions import is_office_user

	if not is_office_user():
		frappe.throw(frappe._("Only the office can refresh the deadline statuses."), frappe.PermissionError)
	return refresh_deadline_statuses()
