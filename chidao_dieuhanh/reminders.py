"""Reminders (đôn đốc): when they go out, to whom, and how they are delivered.

Every reminder is a `Task Reminder` row. The daily job works in two steps:

1. `record_due_reminders` decides set-based which open tasks are due a reminder today (deadlines from
   `deadlines.reminder_deadlines`), with the escalation level from the overdue reminders already sent,
   and inserts the rows in bulk. A unique key (task and day) makes a second run, or a run after a crash,
   insert nothing twice.
2. `deliver_queued_reminders` sends each queued row through the standard Notifications "Task Reminder"
   and "Task Escalation" (e-mail and in-app, texts editable in the desk), marking it Sent in the same
   transaction as its e-mail, one commit per reminder.
"""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Min
from frappe.utils import cint, getdate, now_datetime
from pypika.terms import ExistsCriterion

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.notifications import agency_head_emails, join_emails, role_emails
from chidao_dieuhanh.settings import get_int, reminder_rule

# Agencies are reminded while the task is theirs to move; Pending Review and Refused wait on the office.
REMINDABLE_STATES = ("Assigned", "In Progress", "Returned")
AUTOMATIC, MANUAL = "Automatic", "Manual"
QUEUED, SENT, NO_RECIPIENTS, FAILED = "Queued", "Sent", "No Recipients", "Failed"
OFFICE_LEADERSHIP_ROLES = ("Office Leader",)
DELIVERY_METHOD = "send_reminder"  # the Notifications' "Method" event

REMINDER_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"task",
	"directive",
	"lead_agency",
	"deadline",
	"days_overdue",
	"reminder_type",
	"stage",
	"level",
	"reminder_date",
	"recipients",
	"channel",
	"status",
	"sent_by",
	"dedupe_key",
)


class ReminderNotAllowed(frappe.ValidationError):
	pass


def automatic_key(task: str, day: date) -> str:
	return f"{task}|{day.isoformat()}"


def send_automatic_reminders(today: date | None = None) -> dict[str, int]:
	"""Scheduler entry (hooks.py): records today's reminders, then delivers every queued one."""
	recorded = record_due_reminders(today)
	frappe.db.commit()  # nosemgrep: the reminders are kept even if delivery stops midway
	delivered = deliver_queued_reminders()
	return {"recorded": recorded, "delivered": delivered}


def record_due_reminders(today: date | None = None) -> int:
	"""Inserts today's automatic reminders; returns how many rows were new."""
	today = getdate(today)
	if not get_int("enable_auto_reminders"):
		return 0
	calendar = get_calendar()
	earliest = _earliest_open_deadline()
	if not earliest:
		return 0
	due = deadlines.reminder_deadlines(calendar, today, reminder_rule(), earliest)
	if not due:
		return 0
	candidates = _due_tasks(today, list(due))
	if not candidates:
		return 0
	to_head_after, to_office_after = get_int("escalate_to_head_after"), get_int("escalate_to_office_after")
	levels = {
		row.name: deadlines.escalation_level(cint(row.overdue_reminders), to_head_after, to_office_after)
		if due[getdate(row.deadline)][0] == deadlines.OVERDUE_REMINDER
		else 1
		for row in candidates
	}
	heads = _head_emails_by_agency({row.lead_agency for row in candidates if levels[row.name] > 1})
	office = role_emails(OFFICE_LEADERSHIP_ROLES) if 3 in levels.values() else []
	now = now_datetime()
	rows = []
	for row in candidates:
		stage, days_overdue = due[getdate(row.deadline)]
		level = levels[row.name]
		recipients = recipients_for(row, level, heads, office)
		rows.append(
			(
				frappe.generate_hash(length=12),
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				row.name,
				row.directive,
				row.lead_agency,
				row.deadline,
				days_overdue,
				AUTOMATIC,
				stage,
				str(level),
				today,
				recipients,
				"Email and In-App",
				QUEUED if recipients else NO_RECIPIENTS,
				"Administrator",
				automatic_key(row.name, today),
			)
		)
	before = frappe.db.count("Task Reminder", {"reminder_date": today, "reminder_type": AUTOMATIC})
	frappe.db.bulk_insert("Task Reminder", REMINDER_FIELDS, rows, ignore_duplicates=True)
	update_task_reminder_counts(today)
	return frappe.db.count("Task Reminder", {"reminder_date": today, "reminder_type": AUTOMATIC}) - before


def recipients_for(task, level: int, heads: dict[str, list[str]], office: list[str]) -> str:
	"""Level 1: the lead agency's users; 2: also its head; 3: also the office leadership and the
	directing leader."""
	emails = (task.agency_recipients or "").split(",")
	if level >= 2:
		emails += heads.get(task.lead_agency, [])
	if level >= 3:
		emails += office
		if task.directing_leader_email:
			emails.append(task.directing_leader_email)
	return join_emails(e.strip() for e in emails)


def _earliest_open_deadline() -> date | None:
	task = frappe.qb.DocType("Directive Task")
	value = (
		frappe.qb.from_(task)
		.select(Min(task.deadline))
		.where(task.workflow_state.isin(REMINDABLE_STATES) & task.deadline.isnotnull())
	).run()[0][0]
	return getdate(value) if value else None


def _due_tasks(today: date, deadlines_due: list[date]) -> list:
	"""Open tasks with one of these deadlines, of agencies that take automatic reminders, not yet
	reminded automatically today; with the overdue reminders they already had."""
	task = frappe.qb.DocType("Directive Task")
	agency = frappe.qb.DocType("Agency")
	user = frappe.qb.DocType("User")
	reminder = frappe.qb.DocType("Task Reminder")
	already_today = (
		frappe.qb.from_(reminder)
		.select(reminder.name)
		.where((reminder.task == task.name) & (reminder.reminder_date == today))
		.where(reminder.reminder_type == AUTOMATIC)
	)
	overdue_reminders = (
		frappe.qb.from_(reminder)
		.select(Count("*"))
		.where((reminder.task == task.name) & (reminder.days_overdue > 0))
	)
	return (
		frappe.qb.from_(task)
		.join(agency)
		.on(agency.name == task.lead_agency)
		.left_join(user)
		.on(user.name == task.directing_leader)
		.select(
			task.name,
			task.directive,
			task.lead_agency,
			task.deadline,
			task.agency_recipients,
			user.email.as_("directing_leader_email"),
			overdue_reminders.as_("overdue_reminders"),
		)
		.where(task.workflow_state.isin(REMINDABLE_STATES))
		.where(task.deadline.isin(deadlines_due))
		.where(agency.receive_auto_reminders == 1)
		.where(ExistsCriterion(already_today).negate())
	).run(as_dict=True)


def _head_emails_by_agency(agencies: set[str]) -> dict[str, list[str]]:
	if not agencies:
		return {}
	rows = frappe.get_all(
		"Agency",
		filters={"name": ["in", list(agencies)], "head_user": ["is", "set"]},
		fields=["name", "head_user"],
	)
	emails = dict(
		frappe.get_all(
			"User",
			filters={"name": ["in", [r.head_user for r in rows]], "enabled": 1},
			fields=["name", "email"],
			as_list=True,
		)
	)
	return {r.name: [emails[r.head_user]] for r in rows if emails.get(r.head_user)}


def update_task_reminder_counts(day: date) -> None:
	"""Tasks reminded on `day` get their count and last date from the reminder rows (idempotent)."""
	frappe.db.sql(
		"""
		update `tabDirective Task` t
		join (
			select task, count(*) as reminders, max(reminder_date) as last_date
			from `tabTask Reminder`
			where task in (select task from `tabTask Reminder` where reminder_date = %(day)s)
			group by task
		) r on r.task = t.name
		set t.reminder_count = r.reminders, t.last_reminder_date = r.last_date
		""",
		{"day": day},
	)


def deliver_queued_reminders(limit: int | None = None) -> int:
	"""Sends the queued reminders, oldest first; one commit per reminder. Returns how many were sent."""
	names = frappe.get_all(
		"Task Reminder", filters={"status": QUEUED}, order_by="creation asc", pluck="name", limit=limit
	)
	sent = 0
	for name in names:
		try:
			deliver(frappe.get_doc("Task Reminder", name))
			frappe.db.commit()  # nosemgrep: the reminder and its e-mail are kept together
			sent += 1
		except Exception:
			frappe.db.rollback()
			frappe.log_error(f"Task Reminder {name} could not be sent", reference_doctype="Task Reminder")
			frappe.db.set_value("Task Reminder", name, "status", FAILED, update_modified=False)
			frappe.db.commit()  # nosemgrep
	return sent


def deliver(reminder) -> None:
	"""Runs the reminder Notifications of this row (e-mail and Notification Log) and marks it Sent."""
	reminder.run_method(DELIVERY_METHOD)
	reminder.db_set({"status": SENT, "sent_on": now_datetime()}, update_modified=False)


@frappe.whitelist()
def remind_task(task: str, message: str | None = None, notify_head: bool = False) -> str:
	"""The office's "Đôn đốc" action: a reminder sent now to the lead agency, optionally its head."""
	from chidao_dieuhanh.permissions import is_office_user

	doc = frappe.get_doc("Directive Task", task)
	doc.check_permission("read")
	if not is_office_user():
		frappe.throw(_("Only the office can send reminders."), frappe.PermissionError)
	if doc.workflow_state not in REMINDABLE_STATES:
		frappe.throw(
			_("A task that is {0} cannot be reminded.").format(_(doc.workflow_state)), ReminderNotAllowed
		)
	today = getdate()
	days_overdue = 0
	if doc.deadline and getdate(doc.deadline) < today:
		days_overdue = get_calendar().working_days_between(getdate(doc.deadline), today)
	level = 2 if cint(notify_head) else 1
	heads = _head_emails_by_agency({doc.lead_agency}) if level > 1 else {}
	task_row = frappe._dict(
		lead_agency=doc.lead_agency, agency_recipients=doc.agency_recipients, directing_leader_email=None
	)
	recipients = recipients_for(task_row, level, heads, [])
	if not recipients:
		frappe.throw(
			_("Agency {0} has no users to remind. Add its users first.").format(frappe.bold(doc.lead_agency))
		)
	reminder = frappe.get_doc(
		{
			"doctype": "Task Reminder",
			"task": doc.name,
			"lead_agency": doc.lead_agency,
			"deadline": doc.deadline,
			"days_overdue": days_overdue,
			"reminder_type": MANUAL,
			"stage": deadlines.MANUAL,
			"level": str(level),
			"reminder_date": today,
			"recipients": recipients,
			"message": (message or "").strip() or None,
			"status": QUEUED,
			"sent_by": frappe.session.user,
		}
	).insert(ignore_permissions=True)
	update_task_reminder_counts(today)
	deliver(reminder)
	return reminder.name
