"""The weekly digest for leaders: per agency, the four national counts and their change since the last
digest, and the most overdue tasks. Each digest is a `Directive Digest` record; the standard Notification
"Weekly Directive Digest" mails it (text editable in the desk)."""

from datetime import date

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Sum
from frappe.utils import getdate

from chidao_dieuhanh import deadlines, explanations, replica, task_counts
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.deadline_refresh import refresh_deadline_statuses
from chidao_dieuhanh.notifications import join_emails
from chidao_dieuhanh.settings import digest_recipients, digest_weekday, get_int

COUNTS = deadlines.NATIONAL_COUNTS
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def send_weekly_digest(today: date | None = None) -> str | None:
	"""Scheduler entry (hooks.py, daily): on the configured weekday, one digest; None on other days, when
	switched off, without recipients, or when today's digest exists already."""
	today = getdate(today)
	if not get_int("send_weekly_digest") or WEEKDAYS[today.weekday()] != digest_weekday():
		return None
	recipients = frappe.get_all(
		"User", filters={"name": ["in", digest_recipients() or [""]], "enabled": 1}, pluck="email"
	)
	if not recipients or frappe.db.exists("Directive Digest", {"digest_date": today}):
		return None
	refresh_deadline_statuses(today)
	replica.read_primary_unless_caught_up()
	return make_digest(today, recipients).name


@frappe.read_only()
def make_digest(today: date, recipients: list[str]):
	previous = frappe.get_all(
		"Directive Digest",
		filters={"digest_date": ["<", today]},
		order_by="digest_date desc",
		limit=1,
		pluck="name",
	)
	previous_rows = {}
	if previous:
		previous_rows = {row.agency: row for row in frappe.get_doc("Directive Digest", previous[0]).agencies}
	digest = frappe.new_doc("Directive Digest")
	digest.digest_date = today
	digest.previous_digest = previous[0] if previous else None
	digest.recipients = join_emails(recipients)
	for row in agency_counts():
		before = previous_rows.get(row.agency)
		for field in COUNTS:
			# An agency new since the last digest starts from zero; without a last digest, no change.
			row[f"{field}_change"] = row[field] - (before.get(field) if before else 0) if previous else 0
			digest.set(field, (digest.get(field) or 0) + row[field])
		digest.append("agencies", row)
	for task in explanations.with_explanations(
		most_overdue_tasks(today, get_int("digest_overdue_task_count"))
	):
		digest.append("overdue_tasks", task)
	digest.explanations_overdue = explanations.overdue_unanswered_count()
	insert_on_primary(digest)
	return digest


@frappe.write_only()
def insert_on_primary(digest) -> None:
	"""The digest reads the replica when the site has one (replica.py); its record and mail go to the
	primary."""
	digest.insert(ignore_permissions=True)


def agency_counts() -> list[frappe._dict]:
	"""One GROUP BY over the tasks the national counts count (not drafts, nor cancelled tasks)."""
	task = frappe.qb.DocType("Directive Task")
	rows = (
		frappe.qb.from_(task)
		.select(task.lead_agency.as_("agency"), *task_counts.count_terms(task.deadline_status))
		.where(task.deadline_status.isin([s for statuses in COUNTS.values() for s in statuses]))
		.groupby(task.lead_agency)
		.orderby(task.lead_agency)
	).run(as_dict=True)
	return [frappe._dict({"agency": r.agency, **{f: int(r[f] or 0) for f in COUNTS}}) for r in rows]


def most_overdue_tasks(today: date, limit: int) -> list[dict]:
	if limit <= 0:
		return []
	tasks = frappe.get_all(
		"Directive Task",
		filters={"deadline_status": deadlines.OVERDUE},
		fields=["name", "lead_agency", "content", "deadline", "reminder_count"],
		order_by="deadline asc, name asc",
		limit=limit,
	)
	calendar = get_calendar()
	return [
		{
			"task": t.name,
			"lead_agency": t.lead_agency,
			"content": t.content,
			"deadline": t.deadline,
			"days_overdue": deadlines.working_days_overdue(calendar, getdate(t.deadline), today),
			"reminder_count": t.reminder_count,
		}
		for t in tasks
	]
