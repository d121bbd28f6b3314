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
from frappe.query_builder.functions import Min
from frappe.utils import cint, getdate, now_datetime

from chidao_dieuhanh import deadlines, task_states
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.notifications import agency_head_emails, join_emails, role_emails
from chidao_dieuhanh.settings import get_int, reminder_rule

AUTOMATIC, MANUAL = "Automatic", "Manual"
QUEUED, SENT, NO_RECIPIENTS, FAILED = "Queued", "Sent", "No Recipients", "Failed"
OFFICE_LEADERSHIP_ROLES = ("Office Leader",)
DELIVERY_METHOD = "send_reminder"  # the Notifications' "Method" event


class ReminderNotAllowed(frappe.ValidationError):
	pass


def send_automatic_reminders(today: date | None = None) -> int:
	"""Scheduler entry (hooks.py): records today's reminders, then has them delivered on the long queue
	(thousands of e-mails outlast a default-queue job). Returns how many reminders were recorded."""
	recorded = record_due_reminders(today)
	frappe.db.commit()  # nosemgrep: the reminders are kept even if delivery stops midway
	frappe.enqueue(
		"chidao_dieuhanh.reminders.deliver_queued_reminders",
		queue="long",
		timeout=4 * 3600,
		job_id="chidao_dieuhanh:deliver_reminders",
		deduplicate=True,
		now=frappe.flags.in_test,
	)
	return recorded


def record_due_reminders(today: date | None = None) -> int:
	"""Inserts today's automatic reminders in one INSERT ... SELECT; returns how many rows were new."""
	today = getdate(today)
	if not get_int("enable_auto_reminders"):
		return 0
	earliest = _earliest_open_deadline()
	if not earliest:
		return 0
	due = deadlines.reminder_deadlines(get_calendar(), today, reminder_rule(), earliest)
	if not due:
		return 0
	values = {
		"today": today,
		"now": now_datetime(),
		"head_after": get_int("escalate_to_head_after"),
		"office_after": get_int("escalate_to_office_after"),
		"office": join_emails(role_emails(OFFICE_LEADERSHIP_ROLES)),
		"states": task_states.agency_states() or ("",),
		"overdue": deadlines.OVERDUE_REMINDER,
		"automatic": AUTOMATIC,
		"queued": QUEUED,
		"no_recipients": NO_RECIPIENTS,
	}
	due_rows = []
	for i, (deadline, (stage, days_overdue)) in enumerate(due.items()):
		due_rows.append(f"select %(d{i})s as deadline, %(s{i})s as stage, %(o{i})s as days_overdue")
		values.update({f"d{i}": deadline, f"s{i}": stage, f"o{i}": days_overdue})
	frappe.db.sql(INSERT_DUE_REMINDERS.format(due=" union all ".join(due_rows)), values)
	inserted = frappe.db._cursor.rowcount
	update_task_reminder_counts(today)
	return inserted


# Today's reminders, set-based. `due` lists the deadlines that call for one today (deadlines.py). The level
# counts the reminders a task already had while overdue: 1, the agency's users; from `head_after` on, also
# the agency head; from `office_after` on, also the office leadership and the directing leader (0: never).
# The unique key (task and day) makes a second run insert nothing.
INSERT_DUE_REMINDERS = """
insert ignore into `tabTask Reminder` (name, creation, modified, owner, modified_by, docstatus, idx,
	task, directive, lead_agency, deadline, days_overdue, reminder_type, stage, level, reminder_date,
	recipients, channel, status, sent_by, dedupe_key)
select substr(md5(concat(x.task, '|', %(today)s)), 1, 12), %(now)s, %(now)s, 'Administrator', 'Administrator',
	0, 0, x.task, x.directive, x.lead_agency, x.deadline, x.days_overdue, %(automatic)s, x.stage, x.level,
	%(today)s, x.recipients, 'Email and In-App', if(x.recipients = '', %(no_recipients)s, %(queued)s),
	'Administrator', concat(x.task, '|', %(today)s)
from (
	select y.*, concat_ws(',',
		nullif(y.agency_recipients, ''),
		if(y.level >= '2', head.email, null),
		if(y.level >= '3', nullif(%(office)s, ''), null),
		if(y.level >= '3', leader.email, null)) as recipients
	from (
		select z.*, case
			when z.stage <> %(overdue)s then '1'
			when %(office_after)s > 0 and z.overdue_reminders >= %(office_after)s then '3'
			when %(head_after)s > 0 and z.overdue_reminders >= %(head_after)s then '2'
			else '1' end as level
		from (
			select t.name as task, t.directive, t.lead_agency, t.deadline, t.agency_recipients,
				t.directing_leader, a.head_user, due.stage, due.days_overdue,
				(select count(*) from `tabTask Reminder` r
					where r.task = t.name and r.days_overdue > 0) as overdue_reminders
			from `tabDirective Task` t
			join `tabAgency` a on a.name = t.lead_agency
			join ({due}) due on due.deadline = t.deadline
			where t.workflow_state in %(states)s
				and a.receive_auto_reminders = 1
				and not exists (select 1 from `tabTask Reminder` r where r.task = t.name
					and r.reminder_date = %(today)s and r.reminder_type = %(automatic)s)
		) z
	) y
	left join `tabUser` head on head.name = y.head_user and head.enabled = 1
	left join `tabUser` leader on leader.name = y.directing_leader and leader.enabled = 1
) x
"""


def _earliest_open_deadline() -> date | None:
	task = frappe.qb.DocType("Directive Task")
	value = (
		frappe.qb.from_(task)
		.select(Min(task.deadline))
		.where(
			task.workflow_state.isin(list(task_states.agency_states()) or [""]) & task.deadline.isnotnull()
		)
	).run()[0][0]
	return getdate(value) if value else None


def update_task_reminder_counts(day: date, task: str | None = None) -> None:
	"""The tasks reminded on `day` (or just `task`) get their count and last date from the reminder rows
	(idempotent)."""
	# Driven by the day's reminded tasks (index by day and task), each counted in the (task, day) index:
	# joined the other way, MariaDB reads every task of the province to look its reminders up.
	frappe.db.sql(
		"""
		update `tabDirective Task` t
		join (
			select r.task, count(*) as reminders, max(r.reminder_date) as last_date
			from (
				select distinct task from `tabTask Reminder`
				where reminder_date = %(day)s and (%(task)s is null or task = %(task)s)
			) reminded
			straight_join `tabTask Reminder` r on r.task = reminded.task
			group by r.task
		) counted on counted.task = t.name
		set t.reminder_count = counted.reminders, t.last_reminder_date = counted.last_date
		""",
		{"day": day, "task": task},
	)


def deliver_queued_reminders(limit: int | None = None) -> int:
	"""Sends the queued reminders, oldest first, one transaction each; the row lock keeps two workers from
	sending the same one. Returns how many were sent."""
	names = frappe.get_all(
		"Task Reminder", filters={"status": QUEUED}, order_by="creation asc", pluck="name", limit=limit
	)
	sent = 0
	for name in names:
		try:
			if frappe.db.get_value("Task Reminder", name, "status", for_update=True) != QUEUED:
				continue  # sent meanwhile by another worker
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
	doc.check_permission("email")  # a reminder is a mail to the agency: the roles that may mail the task
	if not is_office_user():
		frappe.throw(_("Only the office can send reminders."), frappe.PermissionError)
	# Agencies are reminded while the task is theirs to move, not while it waits on the office.
	if doc.workflow_state not in task_states.agency_states():
		frappe.throw(
			_("A task that is {0} cannot be reminded.").format(
				_(doc.workflow_state, context="Workflow State")
			),
			ReminderNotAllowed,
		)
	today = getdate()
	days_overdue = deadlines.working_days_overdue(
		get_calendar(), getdate(doc.deadline) if doc.deadline else None, today
	)
	level = 2 if cint(notify_head) else 1
	emails = (doc.agency_recipients or "").split(",")
	if level == 2:
		emails += agency_head_emails([doc.lead_agency])
	recipients = join_emails(e.strip() for e in emails)
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
	update_task_reminder_counts(today, doc.name)
	deliver(reminder)
	return reminder.name
