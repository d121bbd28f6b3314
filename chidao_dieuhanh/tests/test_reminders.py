"""Reminders (đôn đốc) over a simulated month of daily runs, escalation, and the office's manual action."""

from datetime import date, timedelta
from unittest.mock import patch

import frappe

from chidao_dieuhanh import reminders
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import DEFAULT_CALENDAR
from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, IN_PROGRESS
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	make_agency,
	make_directive,
	make_task,
	make_user,
)
from chidao_dieuhanh.tests.mail_checks import (
	SOURCE,
	MailChecks,
	name_user,
	queued_mails,
	read,
	set_issuing_office,
)

SETTINGS = {
	"working_calendar": DEFAULT_CALENDAR,
	"enable_auto_reminders": 1,
	"remind_days_before": 2,
	"remind_on_deadline_day": 1,
	"overdue_reminder_interval": 3,
	"escalate_to_head_after": 2,
	"escalate_to_office_after": 4,
}
MUTED = "Test Department Muted"
MUTED_FOCAL = "focal.muted@test.chidao.vn"


def reminder_rows(task: str) -> list:
	return frappe.get_all(
		"Task Reminder",
		filters={"task": task},
		fields=["name", "reminder_date", "stage", "level", "days_overdue", "recipients", "status"],
		order_by="reminder_date asc, creation asc",
	)


def emails_of(reminder_names: list[str]) -> list:
	return frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Task Reminder", "reference_name": ["in", reminder_names or [""]]},
		pluck="name",
	)


def recipients_of(queue_names: list[str]) -> set[str]:
	return set(
		frappe.get_all(
			"Email Queue Recipient", filters={"parent": ["in", queue_names or [""]]}, pluck="recipient"
		)
	)


# The job commits per reminder (crash safety); here everything stays in the test transaction.
@patch("frappe.db.commit", new=lambda *args, **kwargs: None)
class TestReminders(MailChecks, ProvinceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(MUTED_FOCAL, "Agency Focal Point")
		make_agency(MUTED, parent=cls.p.group, users=[MUTED_FOCAL])
		frappe.db.set_value("Agency", MUTED, "receive_auto_reminders", 0)

	def tearDown(self):
		frappe.db.rollback(save_point="reminder_test")
		super().tearDown()

	def setUp(self):
		frappe.db.savepoint("reminder_test")
		for field, value in SETTINGS.items():
			frappe.db.set_single_value("Directive Settings", field, value)
		set_issuing_office()
		name_user(self.p.leader, "Trần Minh Quang", "Phó Chủ tịch UBND tỉnh")
		name_user(self.p.office_leader, "Võ Thanh Tùng", "Chánh Văn phòng UBND tỉnh")
		directive = make_directive(**SOURCE)
		with self.freeze_time("2026-02-24 08:00"):
			self.late = make_task(
				directive,
				self.p.agency_a,
				deadline="2026-03-06",
				state=IN_PROGRESS,
				directing_leader=self.p.leader,
			)
			self.other = make_task(directive, self.p.agency_b, deadline="2026-03-16", state=ASSIGNED)
			self.silent = [
				make_task(directive, MUTED, deadline="2026-03-06", state=ASSIGNED),
				make_task(directive, self.p.agency_a, deadline="2026-03-06", state="Suspended"),
				make_task(directive, self.p.agency_a, deadline="2026-03-06", state=CANCELLED),
				make_task(directive, self.p.agency_a, deadline="2026-03-06", state="Completed"),
				make_task(directive, self.p.agency_a, deadline="2026-03-06", state="Pending Review"),
				make_task(directive, self.p.agency_a, no_deadline=1, state=IN_PROGRESS),
			]

	def run_month(self, runs_per_day: int = 1):
		day = date(2026, 3, 1)
		while day <= date(2026, 3, 31):
			with self.freeze_time(f"{day} 07:00"):
				for _ in range(runs_per_day):
					reminders.send_automatic_reminders()
			day += timedelta(days=1)

	def test_a_month_of_daily_runs(self):
		self.run_month(runs_per_day=2)  # the second run of each day sends nothing

		late = reminder_rows(self.late.name)
		self.assertEqual(
			[(str(r.reminder_date), r.stage, r.level, r.days_overdue) for r in late],
			[
				("2026-03-04", "Before Deadline", "1", 0),
				("2026-03-06", "Deadline Day", "1", 0),
				("2026-03-11", "Overdue", "1", 3),
				("2026-03-16", "Overdue", "1", 6),
				("2026-03-19", "Overdue", "2", 9),  # after 2 overdue reminders: the agency head too
				("2026-03-24", "Overdue", "2", 12),
				("2026-03-27", "Overdue", "3", 15),  # after 4: the office leadership and the leader too
			],
		)
		self.assertTrue(all(r.status == "Sent" for r in late))
		self.assertEqual(late[0].recipients, self.p.focal_a)
		self.assertEqual(late[4].recipients.split(","), [self.p.focal_a, self.p.head_a])
		self.assertEqual(
			set(late[6].recipients.split(",")),
			{self.p.focal_a, self.p.head_a, self.p.office_leader, self.p.leader},
		)

		other = reminder_rows(self.other.name)
		self.assertEqual(
			[(str(r.reminder_date), r.level) for r in other],
			[
				("2026-03-12", "1"),
				("2026-03-16", "1"),
				("2026-03-19", "1"),
				("2026-03-24", "1"),
				("2026-03-27", "2"),
			],
		)
		for task in self.silent:
			self.assertEqual(reminder_rows(task.name), [], task.workflow_state)

		# One e-mail per reminder, each to its own agency only.
		late_mails = emails_of([r.name for r in late])
		other_mails = emails_of([r.name for r in other])
		self.assertEqual((len(late_mails), len(other_mails)), (7, 5))
		self.assertEqual(recipients_of(other_mails), {self.p.focal_b})
		self.assertEqual(
			recipients_of(late_mails), {self.p.focal_a, self.p.head_a, self.p.office_leader, self.p.leader}
		)
		self.assertNotIn(self.p.focal_a_sub, recipients_of(late_mails))
		self.assertEqual(
			frappe.db.count(
				"Notification Log", {"document_type": "Task Reminder", "for_user": self.p.focal_b}
			),
			5,
		)

		task = frappe.db.get_value(
			"Directive Task", self.late.name, ["reminder_count", "last_reminder_date"], as_dict=True
		)
		self.assertEqual((task.reminder_count, str(task.last_reminder_date)), (7, "2026-03-27"))

		# Every reminder names the source document and the directing leader, and ends with the sender line.
		for row in late:
			(mail,) = queued_mails("Task Reminder", row.name)
			what = f"{row.reminder_date} level {row.level}"
			self.assertNamesSource(
				mail["html"], summary=SOURCE["summary"], leader="Trần Minh Quang", what=what
			)
			self.assertEndsWithSender(mail["html"], what)
		# The escalation to the leadership names the Committee's leader, then the office's, then the agency's.
		(escalation,) = queued_mails("Task Reminder", late[6].name)
		self.assertIn(
			"Kính gửi: - Phó Chủ tịch UBND tỉnh Trần Minh Quang; - Chánh Văn phòng UBND tỉnh Võ Thanh Tùng;"
			" - Lãnh đạo Test Department A.",
			read(escalation["html"]),
		)
		self.assertIn(
			"Văn phòng kính báo cáo lãnh đạo UBND tỉnh và đề nghị lãnh đạo Test Department A trực tiếp chỉ đạo",
			read(escalation["html"]),
		)
		(to_head,) = queued_mails("Task Reminder", late[4].name)
		self.assertIn("Kính gửi: Lãnh đạo Test Department A.", read(to_head["html"]))
		(first,) = queued_mails("Task Reminder", late[0].name)
		self.assertIn("Kính gửi: Test Department A.", read(first["html"]))

	def test_a_crash_midway_sends_nothing_twice(self):
		with self.freeze_time("2026-03-11 07:00"):
			self.assertEqual(reminders.record_due_reminders(), 1)
			self.assertEqual(reminders.record_due_reminders(), 0)
		with self.freeze_time("2026-03-12 07:00"):
			self.assertEqual(reminders.record_due_reminders(), 1)
			# The process dies after delivering the first queued reminder.
			self.assertEqual(reminders.deliver_queued_reminders(limit=1), 1)
			self.assertEqual(reminders.send_automatic_reminders(), 0)
		rows = reminder_rows(self.late.name) + reminder_rows(self.other.name)
		self.assertEqual([r.status for r in rows], ["Sent", "Sent"])
		names = [r.name for r in rows]
		self.assertEqual(len(emails_of(names)), 2)

	def test_switched_off(self):
		frappe.db.set_single_value("Directive Settings", "enable_auto_reminders", 0)
		self.run_month()
		self.assertEqual(reminder_rows(self.late.name), [])

	def test_no_reminder_on_a_public_holiday(self):
		with self.freeze_time("2026-04-27 07:00"):  # Giỗ Tổ Hùng Vương (observed): not a working day
			self.assertEqual(reminders.record_due_reminders(), 0)

	def test_office_reminds_now_with_a_message(self):
		with self.set_user(self.p.officer), self.freeze_time("2026-03-10 10:00"):
			name = reminders.remind_task(self.late.name, "Đề nghị báo cáo trước 17 giờ", notify_head=True)
		reminder = frappe.get_doc("Task Reminder", name)
		self.assertEqual(
			(reminder.reminder_type, reminder.stage, reminder.level, reminder.days_overdue, reminder.status),
			("Manual", "Manual", "2", 2, "Sent"),
		)
		self.assertEqual(reminder.sent_by, self.p.officer)
		self.assertEqual(reminder.recipients.split(","), [self.p.focal_a, self.p.head_a])
		mails = emails_of([name])
		self.assertEqual(len(mails), 1)
		content = frappe.db.get_value(
			"Communication", {"reference_doctype": "Task Reminder", "reference_name": name}, "content"
		)
		self.assertIn("Đề nghị báo cáo trước 17 giờ", content)
		self.assertIn("Văn phòng đôn đốc", content)
		self.assertEqual(frappe.db.get_value("Directive Task", self.late.name, "reminder_count"), 1)

	def test_only_the_office_reminds_and_only_open_tasks(self):
		with self.set_user(self.p.focal_a):
			self.assertRaises(frappe.PermissionError, reminders.remind_task, self.late.name)
		with self.set_user(self.p.officer):
			self.assertRaises(reminders.ReminderNotAllowed, reminders.remind_task, self.silent[3].name)

	def test_agencies_read_only_their_reminders(self):
		with self.set_user(self.p.officer):
			reminders.remind_task(self.late.name)
			reminders.remind_task(self.other.name)
		with self.set_user(self.p.focal_b):
			visible = frappe.get_list("Task Reminder", pluck="task")
		self.assertEqual(visible, [self.other.name])
