"""Periodic tasks (nhiệm vụ định kỳ): a task that repeats (a monthly report due on the 20th, a quarterly
review) is set up once with Frappe's Auto Repeat on the task (the task form → ... → Repeat; Directive Task
has `allow_auto_repeat`). On each date of its schedule Frappe's daily job copies the task; the copy is a
task of its own:

- its deadline follows the template task's *Repeat Deadline Rule*: N working days after the day it is
  made, or a day of the month (that month's, else the next month's when the day has passed), moved to
  the next working day when it falls on a day off (the Civil Code's rule for a period ending on a day
  off); without a rule, the template's own working days, or as many calendar days after the copy is made
  as the template had between its assignment and its deadline;
- it is given to the lead agency at once, through the workflow's transition from Drafting to the
  agency's first state (the assignment date, notifications and reminders as for any assigned task), and
  is counted in the statistics like any other.

Ending or changing the repetition is done on the Auto Repeat form (disable it, or set an end date). Only
the office sets one up, changes or ends it (the app's rights on Auto Repeat, and
`permissions.has_auto_repeat_permission`: the right to change the task); the copies are announced by the
app's own notifications, never by Auto Repeat's mail of the document's print.
"""

import calendar as month_calendar
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from chidao_dieuhanh.working_days import WorkCalendar

WORKING_DAYS_RULE = "Working Days After Creation"
DAY_OF_MONTH_RULE = "Day of the Month"
MAX_RULE_WORKING_DAYS = 1000

# Who sets up, changes and ends a task's repetition; who reads it (Auto Repeat is Frappe's, for the
# System Manager and accountants only).
AUTO_REPEAT_WRITERS = ("Directive Manager", "Tracking Officer", "Office Leader")
AUTO_REPEAT_READERS = ("Leader",)


class InvalidRepeatRule(frappe.ValidationError):
	pass


class AutoRepeatMailRefused(frappe.ValidationError):
	pass


# Pure rules (tested without a site)


def next_working_day(calendar: WorkCalendar, day: date) -> date:
	"""The day itself when it is a working day, else the first working day after it."""
	while not calendar.is_working_day(day):
		day += timedelta(days=1)
	return day


def day_of_month_deadline(calendar: WorkCalendar, created: date, day_of_month: int) -> date:
	"""Day `day_of_month` of the month the task is made in (its last day for a shorter month); the next
	month's when that day is already past; moved off days off."""
	year, month = created.year, created.month
	due = _day_in_month(year, month, day_of_month)
	if due < created:
		year, month = (year + 1, 1) if month == 12 else (year, month + 1)
		due = _day_in_month(year, month, day_of_month)
	return next_working_day(calendar, due)


def _day_in_month(year: int, month: int, day: int) -> date:
	return date(year, month, min(day, month_calendar.monthrange(year, month)[1]))


def occurrence_deadline(
	calendar: WorkCalendar,
	created: date,
	rule: str | None,
	rule_days: int = 0,
	rule_day_of_month: int = 0,
	template_offset_days: int | None = None,
) -> date | None:
	"""The deadline of an occurrence made on `created`; None when it is left to the template's working
	days (computed from the assignment date by the task itself) or the template has no deadline."""
	if rule == WORKING_DAYS_RULE:
		return calendar.add_working_days(created, rule_days)
	if rule == DAY_OF_MONTH_RULE:
		return day_of_month_deadline(calendar, created, rule_day_of_month)
	if template_offset_days is None:
		return None
	return next_working_day(calendar, created + timedelta(days=max(template_offset_days, 0)))


# On the site


def validate_repeat_rule(task) -> None:
	"""The template task's rule, checked when the task is saved."""
	rule = task.get("repeat_deadline_rule")
	if rule == WORKING_DAYS_RULE and not 1 <= cint(task.repeat_deadline_days) <= MAX_RULE_WORKING_DAYS:
		frappe.throw(
			_("Repeat Deadline in Working Days must be between 1 and {0}.").format(MAX_RULE_WORKING_DAYS),
			InvalidRepeatRule,
		)
	if rule == DAY_OF_MONTH_RULE and not 1 <= cint(task.repeat_deadline_day) <= 31:
		frappe.throw(_("Repeat Deadline Day of the Month must be between 1 and 31."), InvalidRepeatRule)


def prepare_occurrence(task, template) -> None:
	"""`on_recurring` of a Directive Task (Auto Repeat, before the copy is inserted): the copy's deadline
	by the template's rule, a fresh start, and a mark to give it to the agency once it is saved."""
	from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar

	created = getdate(today())
	offset = None
	if not template.no_deadline and template.deadline and not cint(template.working_days):
		start = getdate(template.assigned_on or template.creation)
		offset = (getdate(template.deadline) - start).days
	deadline = occurrence_deadline(
		get_calendar(),
		created,
		template.get("repeat_deadline_rule"),
		cint(template.get("repeat_deadline_days")),
		cint(template.get("repeat_deadline_day")),
		offset,
	)
	if template.get("repeat_deadline_rule") == WORKING_DAYS_RULE:
		task.working_days = cint(template.repeat_deadline_days)  # from the assignment date, as any task
	elif deadline:
		task.working_days = 0
	if deadline:
		task.no_deadline = 0
		task.deadline = deadline
	for field in ("repeat_deadline_rule", "repeat_deadline_days", "repeat_deadline_day"):
		task.set(field, None)
	task.workflow_state = None
	task.assigned_on = None
	task.flags.assign_occurrence = True


def assign_occurrence(task) -> None:
	"""After the copy is inserted (in Drafting): the workflow's transition to the agency's first state."""
	from frappe.model.workflow import apply_workflow

	from chidao_dieuhanh import task_states

	workflow = task_states.task_workflow()
	agency_states = set(task_states.agency_states())
	action = next(
		(
			row.action
			for row in workflow.transitions
			if row.state == task.workflow_state and row.next_state in agency_states
		),
		None,
	)
	if action:
		apply_workflow(task, action)


def validate_auto_repeat(doc, method=None) -> None:
	"""Auto Repeat's mail attaches the new document's print for any address typed in; a task's copies are
	announced by the app's notifications, which leave a confidential task's content out."""
	from chidao_dieuhanh.permissions import is_app_doctype

	if is_app_doctype(doc.reference_doctype) and cint(doc.notify_by_email):
		frappe.throw(
			_(
				"The tasks made by a repetition are announced by the app's own notifications: untick {0}."
			).format(_("Notify by Email")),
			AutoRepeatMailRefused,
		)


def grant_auto_repeat_rights() -> None:
	"""The office sets up, changes and ends repetitions; leaders read them (install and patch)."""
	from frappe.permissions import add_permission, update_permission_property

	for role in (*AUTO_REPEAT_WRITERS, *AUTO_REPEAT_READERS):
		if not frappe.db.exists("Role", role):
			continue
		if frappe.db.exists("Custom DocPerm", {"parent": "Auto Repeat", "role": role, "permlevel": 0}):
			continue
		add_permission("Auto Repeat", role, 0)
		ptypes = ("write", "create", "delete", "report") if role in AUTO_REPEAT_WRITERS else ("report",)
		for ptype in ptypes:
			update_permission_property("Auto Repeat", role, 0, ptype, 1, validate=False)
	frappe.clear_cache(doctype="Auto Repeat")
