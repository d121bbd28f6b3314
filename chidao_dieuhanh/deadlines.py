"""Deadline status of a Directive Task: one place for the statuses and how they are computed.

Pure functions (no database) so that the rules are tested without a site.
"""

from datetime import date

ON_TRACK = "On Track"
DUE_SOON = "Due Soon"
OVERDUE = "Overdue"
NO_DEADLINE = "No Deadline"
COMPLETED_ON_TIME = "Completed On Time"
COMPLETED_LATE = "Completed Late"
CANCELLED = "Cancelled"

OPEN_STATUSES = (ON_TRACK, DUE_SOON, OVERDUE, NO_DEADLINE)
CLOSED_STATUSES = (COMPLETED_ON_TIME, COMPLETED_LATE)

# Workflow states that the deadline status depends on (the workflow itself is a fixture).
STATE_COMPLETED = "Completed"
STATE_CANCELLED = "Cancelled"


def open_deadline_status(deadline: date | None, today: date, due_soon_days: int) -> str:
	"""Status of a task that is still open on `today`."""
	if not deadline:
		return NO_DEADLINE
	if deadline < today:
		return OVERDUE
	if (deadline - today).days <= due_soon_days:
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
	due_soon_days: int,
) -> str:
	if workflow_state == STATE_CANCELLED:
		return CANCELLED
	if workflow_state == STATE_COMPLETED:
		return completed_deadline_status(deadline, completion_date or today)
	return open_deadline_status(deadline, today, due_soon_days)
