"""Deadline status of a Directive Task: one place for the statuses and how they are computed.

Pure functions (no database) so that the rules are tested without a site.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from chidao_dieuhanh.task_states import CANCELLED as STATE_CANCELLED
from chidao_dieuhanh.task_states import COMPLETED as STATE_COMPLETED
from chidao_dieuhanh.task_states import DRAFT as STATE_DRAFT
from chidao_dieuhanh.working_days import WorkCalendar

NOT_ASSIGNED = "Not Assigned"
ON_TRACK = "On Track"
DUE_SOON = "Due Soon"
OVERDUE = "Overdue"
NO_DEADLINE = "No Deadline"
COMPLETED_ON_TIME = "Completed On Time"
COMPLETED_LATE = "Completed Late"
CANCELLED = "Cancelled"

OPEN_STATUSES = (ON_TRACK, DUE_SOON, OVERDUE, NO_DEADLINE)
CLOSED_STATUSES = (COMPLETED_ON_TIME, COMPLETED_LATE)
# The usual order of the statuses, in lists, filters and charts.
STATUSES = (
	NOT_ASSIGNED,
	ON_TRACK,
	DUE_SOON,
	NO_DEADLINE,
	OVERDUE,
	COMPLETED_ON_TIME,
	COMPLETED_LATE,
	CANCELLED,
)

# Each status's colour, as Frappe's indicators and charts name them (list, calendar, kanban, reports).
STATUS_COLOURS = {
	NOT_ASSIGNED: "gray",
	ON_TRACK: "blue",
	DUE_SOON: "orange",
	NO_DEADLINE: "gray",
	OVERDUE: "red",
	COMPLETED_ON_TIME: "green",
	COMPLETED_LATE: "yellow",
	CANCELLED: "darkgrey",
}

# The national counts (done on time, done late, open within the deadline, open overdue): count -> the
# statuses it counts. Cancelled tasks are counted apart; tasks not yet assigned are not counted.
NATIONAL_COUNTS = {
	"completed_on_time": (COMPLETED_ON_TIME,),
	"completed_late": (COMPLETED_LATE,),
	"open_within_deadline": (ON_TRACK, DUE_SOON, NO_DEADLINE),
	"open_overdue": (OVERDUE,),
}
CANCELLED_COUNT = {"cancelled": (CANCELLED,)}


def due_soon_limit(calendar: WorkCalendar, today: date, due_soon_days: int) -> date:
	"""The first deadline that is no longer Due Soon: `due_soon_days` working days ahead and the days off
	right after them are still Due Soon."""
	return calendar.add_working_days(today, max(due_soon_days, 0) + 1)


def open_deadline_status(deadline: date | None, today: date, due_soon_before: date) -> str:
	"""Status of a task that is still open on `today`; deadlines before `due_soon_before` are Due Soon."""
	if not deadline:
		return NO_DEADLINE
	if deadline < today:
		return OVERDUE
	if deadline < due_soon_before:
		return DUE_SOON
	return ON_TRACK


def completed_deadline_status(deadline: date | None, completion_date: date) -> str:
	"""Status of a completed task, judged against the deadline in force when it was completed."""
	if deadline and completion_date > deadline:
		return COMPLETED_LATE
	return COMPLETED_ON_TIME


def deadline_status(
	workflow_state: str | None,
	deadline: date | None,
	completion_date: date | None,
	today: date,
	due_soon_before: date,
) -> str:
	if not workflow_state or workflow_state == STATE_DRAFT:
		return NOT_ASSIGNED  # a new task's state is set by Frappe after the controller's validate
	if workflow_state == STATE_CANCELLED:
		return CANCELLED
	if workflow_state == STATE_COMPLETED:
		return completed_deadline_status(deadline, completion_date or today)
	return open_deadline_status(deadline, today, due_soon_before)


def working_days_overdue(calendar: WorkCalendar, deadline: date | None, today: date) -> int:
	"""Days overdue are working days, everywhere (reports, digest, reminders): 0 until the deadline has
	passed."""
	return calendar.working_days_between(deadline, today) if deadline else 0


# Automatic reminders (đôn đốc): which deadlines call for one today.
BEFORE_DEADLINE = "Before Deadline"
DEADLINE_DAY = "Deadline Day"
OVERDUE_REMINDER = "Overdue"
MANUAL = "Manual"


@dataclass(frozen=True)
class ReminderRule:
	days_before: int = 2  # working days before the deadline; 0: none
	on_deadline_day: bool = True
	overdue_interval: int = 3  # every this many working days while overdue; 0: none


def reminder_deadlines(
	calendar: WorkCalendar, today: date, rule: ReminderRule, earliest: date
) -> dict[date, tuple[str, int]]:
	"""Deadlines whose open tasks get an automatic reminder on `today`, each with its stage and, for
	overdue ones, the working days overdue. Nothing on a day off. `earliest`: the oldest deadline to look at."""
	if not calendar.is_working_day(today):
		return {}
	due: dict[date, tuple[str, int]] = {}
	if rule.days_before > 0:
		_add_range(due, calendar, today, rule.days_before, (BEFORE_DEADLINE, 0))
	if rule.on_deadline_day:
		_add_range(due, calendar, today, 0, (DEADLINE_DAY, 0))
	if rule.overdue_interval > 0:
		# Working days in (deadline, today], counted back from today (a working day).
		days_overdue, day = 0, today
		while day > earliest:
			if calendar.is_working_day(day):
				days_overdue += 1
			day -= timedelta(days=1)
			if days_overdue % rule.overdue_interval == 0:
				due[day] = (OVERDUE_REMINDER, days_overdue)
	return due


def _add_range(due: dict, calendar: WorkCalendar, today: date, working_days: int, value: tuple) -> None:
	"""Deadlines exactly `working_days` working days after today, with the days off that follow."""
	day, end = (
		calendar.add_working_days(today, working_days),
		calendar.add_working_days(today, working_days + 1),
	)
	while day < end:
		due[day] = value
		day += timedelta(days=1)
