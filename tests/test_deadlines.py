"""Deadline status and reminder rules, without a site."""

from datetime import date, timedelta

import pytest

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.task_states import CANCELLED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.working_days import WorkCalendar

WEEKENDS = WorkCalendar.of()
TODAY = date(2026, 3, 10)  # a Tuesday
LIMIT = deadlines.due_soon_limit(WEEKENDS, TODAY, 3)  # 3 working days ahead: Fri 13, so before Mon 16


def test_due_soon_limit_counts_working_days():
	assert LIMIT == date(2026, 3, 16)
	# On a Thursday, 3 working days reach Tuesday; the window ends before Wednesday.
	assert deadlines.due_soon_limit(WEEKENDS, date(2026, 3, 12), 3) == date(2026, 3, 18)
	# Window 0: only the deadline day itself (and the weekend after a Friday).
	assert deadlines.due_soon_limit(WEEKENDS, date(2026, 3, 13), 0) == date(2026, 3, 16)


@pytest.mark.parametrize(
	("deadline", "expected"),
	[
		(None, deadlines.NO_DEADLINE),
		(TODAY - timedelta(days=1), deadlines.OVERDUE),
		(TODAY, deadlines.DUE_SOON),
		(date(2026, 3, 13), deadlines.DUE_SOON),
		(date(2026, 3, 15), deadlines.DUE_SOON),  # Sunday right after the third working day
		(date(2026, 3, 16), deadlines.ON_TRACK),
	],
)
def test_open_task_status(deadline, expected):
	assert deadlines.deadline_status(IN_PROGRESS, deadline, None, TODAY, LIMIT) == expected


@pytest.mark.parametrize(
	("deadline", "completed", "expected"),
	[
		(TODAY, TODAY, deadlines.COMPLETED_ON_TIME),
		(TODAY, TODAY - timedelta(days=5), deadlines.COMPLETED_ON_TIME),
		(TODAY, TODAY + timedelta(days=1), deadlines.COMPLETED_LATE),
		(None, TODAY, deadlines.COMPLETED_ON_TIME),
	],
)
def test_completed_task_status(deadline, completed, expected):
	later = TODAY + timedelta(days=100)
	assert deadlines.deadline_status("Completed", deadline, completed, later, later) == expected


def test_completed_without_date_is_judged_today():
	assert deadlines.deadline_status("Completed", TODAY, None, TODAY, LIMIT) == deadlines.COMPLETED_ON_TIME
	tomorrow = TODAY + timedelta(days=1)
	assert deadlines.deadline_status("Completed", TODAY, None, tomorrow, LIMIT) == deadlines.COMPLETED_LATE


def test_cancelled_is_counted_apart():
	assert (
		deadlines.deadline_status(CANCELLED, TODAY - timedelta(days=9), None, TODAY, LIMIT)
		== deadlines.CANCELLED
	)


def test_a_draft_is_not_assigned_whatever_its_deadline():
	# Not yet given to the agency: never Overdue, and counted nowhere.
	for deadline in (TODAY - timedelta(days=9), TODAY, None):
		assert deadlines.deadline_status(DRAFT, deadline, None, TODAY, LIMIT) == deadlines.NOT_ASSIGNED
	counted = {status for statuses in deadlines.NATIONAL_COUNTS.values() for status in statuses}
	assert deadlines.NOT_ASSIGNED not in counted


def test_every_status_has_its_colour_and_place():
	assert set(deadlines.STATUS_COLOURS) == set(deadlines.STATUSES)
	assert set(deadlines.STATUSES) == {
		deadlines.NOT_ASSIGNED,
		deadlines.CANCELLED,
		*deadlines.OPEN_STATUSES,
		*deadlines.CLOSED_STATUSES,
	}


def test_days_overdue_are_working_days():
	friday = date(2026, 3, 13)
	assert (
		deadlines.working_days_overdue(WEEKENDS, friday, date(2026, 3, 16)) == 1
	)  # the weekend does not count
	assert deadlines.working_days_overdue(WEEKENDS, friday, friday) == 0
	assert deadlines.working_days_overdue(WEEKENDS, None, friday) == 0


def test_every_status_is_open_closed_or_cancelled():
	assert set(deadlines.OPEN_STATUSES).isdisjoint(deadlines.CLOSED_STATUSES)
	assert deadlines.CANCELLED not in deadlines.OPEN_STATUSES + deadlines.CLOSED_STATUSES


RULE = deadlines.ReminderRule(days_before=2, on_deadline_day=True, overdue_interval=3)


def test_reminders_before_and_on_the_deadline():
	due = deadlines.reminder_deadlines(WEEKENDS, TODAY, RULE, TODAY - timedelta(days=30))
	assert due[date(2026, 3, 12)] == (deadlines.BEFORE_DEADLINE, 0)  # Thu: 2 working days ahead
	assert due[TODAY] == (deadlines.DEADLINE_DAY, 0)
	assert date(2026, 3, 11) not in due and date(2026, 3, 13) not in due


def test_friday_covers_the_weekend_deadlines():
	friday = date(2026, 3, 13)
	due = deadlines.reminder_deadlines(WEEKENDS, friday, RULE, friday - timedelta(days=30))
	assert {d for d, v in due.items() if v[0] == deadlines.DEADLINE_DAY} == {
		friday,
		date(2026, 3, 14),
		date(2026, 3, 15),
	}
	assert due[date(2026, 3, 17)] == (deadlines.BEFORE_DEADLINE, 0)  # Tue: Mon and Tue ahead


def test_overdue_reminders_every_interval_of_working_days():
	due = deadlines.reminder_deadlines(WEEKENDS, TODAY, RULE, date(2026, 2, 1))
	overdue = {d: v[1] for d, v in due.items() if v[0] == deadlines.OVERDUE_REMINDER}
	# Deadline Thu 5 March: Fri, Mon, Tue = 3 working days overdue today.
	assert overdue[date(2026, 3, 5)] == 3
	assert overdue[date(2026, 3, 2)] == 6
	assert overdue[date(2026, 2, 25)] == 9
	# Fri 27 Feb and the weekend after it are all 7 working days behind: no reminder today.
	assert not {date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1)} & set(overdue)
	assert date(2026, 3, 6) not in overdue and date(2026, 3, 9) not in overdue
	assert all(days % 3 == 0 for days in overdue.values())
	assert min(overdue) >= date(2026, 2, 1)


def test_no_reminder_on_a_day_off():
	assert deadlines.reminder_deadlines(WEEKENDS, date(2026, 3, 14), RULE, date(2026, 1, 1)) == {}


def test_settings_of_zero_switch_reminders_off():
	rule = deadlines.ReminderRule(days_before=0, on_deadline_day=False, overdue_interval=0)
	assert deadlines.reminder_deadlines(WEEKENDS, TODAY, rule, date(2026, 1, 1)) == {}
