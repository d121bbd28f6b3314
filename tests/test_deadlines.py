"""Deadline status rules, without a site."""

from datetime import date, timedelta

import pytest

from chidao_dieuhanh import deadlines

TODAY = date(2026, 2, 10)


@pytest.mark.parametrize(
	("deadline", "expected"),
	[
		(None, deadlines.NO_DEADLINE),
		(TODAY - timedelta(days=1), deadlines.OVERDUE),
		(TODAY, deadlines.DUE_SOON),
		(TODAY + timedelta(days=3), deadlines.DUE_SOON),
		(TODAY + timedelta(days=4), deadlines.ON_TRACK),
	],
)
def test_open_task_status(deadline, expected):
	assert deadlines.deadline_status("In Progress", deadline, None, TODAY, 3) == expected


def test_due_soon_window_is_a_parameter():
	deadline = TODAY + timedelta(days=6)
	assert deadlines.open_deadline_status(deadline, TODAY, 7) == deadlines.DUE_SOON
	assert deadlines.open_deadline_status(deadline, TODAY, 3) == deadlines.ON_TRACK
	assert deadlines.open_deadline_status(TODAY + timedelta(days=1), TODAY, 0) == deadlines.ON_TRACK


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
	assert deadlines.deadline_status("Completed", deadline, completed, later, 3) == expected


def test_completed_without_date_is_judged_today():
	assert deadlines.deadline_status("Completed", TODAY, None, TODAY, 3) == deadlines.COMPLETED_ON_TIME
	assert (
		deadlines.deadline_status("Completed", TODAY, None, TODAY + timedelta(days=1), 3)
		== deadlines.COMPLETED_LATE
	)


def test_cancelled_is_counted_apart():
	assert (
		deadlines.deadline_status("Cancelled", TODAY - timedelta(days=9), None, TODAY, 3)
		== deadlines.CANCELLED
	)


def test_every_status_is_open_closed_or_cancelled():
	assert set(deadlines.OPEN_STATUSES).isdisjoint(deadlines.CLOSED_STATUSES)
	assert deadlines.CANCELLED not in deadlines.OPEN_STATUSES + deadlines.CLOSED_STATUSES
