# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Periodic tasks: Frappe's Auto Repeat on a task makes the next occurrence on its date, with the deadline
of the template's rule moved off days off, given to the lead agency at once and counted; ending the
repetition stops it; only the office sets one up, and agencies read none over REST."""

import json
from datetime import timedelta

import frappe
from frappe.automation.doctype.auto_repeat.auto_repeat import create_repeated_entries, get_auto_repeat_entries
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_months, getdate, today

from chidao_dieuhanh import deadlines, periodic_tasks
from chidao_dieuhanh.task_states import ASSIGNED
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task
from chidao_dieuhanh.tests.test_permissions import api_token

CALENDAR = "Lịch thử nhiệm vụ định kỳ"


def next_working_day(day, holidays):
	"""The test's own count: Saturdays, Sundays and the listed days are off."""
	while day.weekday() >= 5 or day in holidays:
		day += timedelta(days=1)
	return day


def add_working_days(day, count, holidays):
	while count:
		day += timedelta(days=1)
		if day.weekday() < 5 and day not in holidays:
			count -= 1
	return day


class TestPeriodicTasks(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.today = getdate(today())
		# A day off two days from now: a monthly deadline on that day of the month falls on it.
		cls.holiday = cls.today + timedelta(days=2)
		cls.holidays = {cls.holiday}
		cls.previous_calendar = frappe.db.get_single_value("Directive Settings", "working_calendar")
		if frappe.db.exists("Working Calendar", CALENDAR):
			frappe.delete_doc("Working Calendar", CALENDAR, force=True)
		frappe.get_doc(
			{
				"doctype": "Working Calendar",
				"calendar_name": CALENDAR,
				"saturday_off": 1,
				"sunday_off": 1,
				"holidays": [{"holiday_date": cls.holiday, "description": "Nghỉ bù (thử)"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.set_single_value("Directive Settings", "working_calendar", CALENDAR)
		cls.directive = make_directive(summary="Báo cáo định kỳ", document_number="31/UBND-DK")
		# An Auto Repeat every agency user would like to read: over HTTP it must stay hidden.
		cls.committed_template = make_task(cls.directive, p.agency_a, state=ASSIGNED).name
		cls.committed_repeat = cls.make_repeat(cls.committed_template).name
		cls.tokens = {p.focal_a: api_token(p.focal_a)}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		repeats = frappe.get_all("Auto Repeat", {"reference_document": cls.committed_template}, pluck="name")
		tasks = frappe.get_all("Directive Task", {"directive": cls.directive}, pluck="name")
		frappe.db.delete("Auto Repeat", {"name": ["in", repeats or [""]]})
		delete_mail_about("Directive Task", tasks)
		for task in tasks:
			frappe.delete_doc("Directive Task", task, force=True)
		frappe.delete_doc("Directive", cls.directive, force=True)
		frappe.db.set_single_value("Directive Settings", "working_calendar", cls.previous_calendar)
		frappe.delete_doc("Working Calendar", CALENDAR, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")

	@classmethod
	def make_repeat(cls, task, **fields):
		"""Monthly from a month ago: the next occurrence is due today."""
		return frappe.get_doc(
			{
				"doctype": "Auto Repeat",
				"reference_doctype": "Directive Task",
				"reference_document": task,
				"frequency": "Monthly",
				"start_date": add_months(cls.today, -1),
				**fields,
			}
		).insert()

	def template(self, **fields):
		return make_task(self.directive, self.p.agency_a, state=ASSIGNED, **fields)

	def run_daily_job(self):
		"""Frappe's own scheduler job (hooks: make_auto_repeat_entry), without the queue."""
		create_repeated_entries(get_auto_repeat_entries(self.today))

	def occurrences(self, repeat):
		return frappe.get_all(
			"Directive Task",
			filters={
				"auto_repeat": repeat,
				"name": ["!=", frappe.db.get_value("Auto Repeat", repeat, "reference_document")],
			},
			pluck="name",
		)

	def test_day_of_the_month_falls_on_a_day_off_and_moves_to_the_next_working_day(self):
		p = self.p
		template = self.template(
			repeat_deadline_rule=periodic_tasks.DAY_OF_MONTH_RULE, repeat_deadline_day=self.holiday.day
		)
		frappe.set_user(p.officer)  # the office sets up the repetition
		repeat = self.make_repeat(template.name)
		frappe.set_user("Administrator")
		self.assertEqual(getdate(repeat.next_schedule_date), self.today)
		self.run_daily_job()
		(name,) = self.occurrences(repeat.name)
		task = frappe.get_doc("Directive Task", name)
		self.assertEqual(getdate(task.deadline), next_working_day(self.holiday, self.holidays))
		self.assertNotEqual(getdate(task.deadline), self.holiday)
		self.assertEqual(task.workflow_state, ASSIGNED, "given to the agency at once")
		self.assertEqual(getdate(task.assigned_on), self.today)
		self.assertEqual((task.lead_agency, task.content), (template.lead_agency, template.content))
		self.assertIn(p.focal_a, task.agency_recipients)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"document_name": name, "for_user": p.focal_a}),
			"notified as any assigned task",
		)
		self.assertIn(task.deadline_status, deadlines.NATIONAL_COUNTS["open_within_deadline"])
		self.assertEqual((task.progress, task.reminder_count), (0, 0), "a fresh start")
		self.assertFalse(task.repeat_deadline_rule, "an occurrence is no template")
		# Counted in the statistics like any other task of the agency.
		from chidao_dieuhanh import task_counts

		filters = task_counts.parse_filters({"agency": p.agency_a})
		counted = sum(
			row["open_within_deadline"]
			for row in task_counts.counts_by_agency(filters, [p.agency_a])
			if row["agency"] == p.agency_a
		)
		self.assertEqual(
			counted,
			frappe.db.count(
				"Directive Task",
				{
					"lead_agency": p.agency_a,
					"deadline_status": ["in", deadlines.NATIONAL_COUNTS["open_within_deadline"]],
				},
			),
		)
		self.assertEqual(
			getdate(frappe.db.get_value("Auto Repeat", repeat.name, "next_schedule_date")),
			add_months(self.today, 1),
		)

	def test_working_days_rule_skips_days_off(self):
		template = self.template(
			repeat_deadline_rule=periodic_tasks.WORKING_DAYS_RULE, repeat_deadline_days=3
		)
		repeat = self.make_repeat(template.name)
		self.run_daily_job()
		(name,) = self.occurrences(repeat.name)
		task = frappe.get_doc("Directive Task", name)
		self.assertEqual(getdate(task.deadline), add_working_days(self.today, 3, self.holidays))
		self.assertEqual(task.working_days, 3)

	def test_ending_the_repetition_stops_it(self):
		template = self.template()
		frappe.set_user(self.p.officer)
		repeat = self.make_repeat(template.name)
		repeat.disabled = 1
		repeat.save()
		frappe.set_user("Administrator")
		self.assertEqual(repeat.status, "Disabled")
		self.assertFalse(frappe.db.get_value("Directive Task", template.name, "auto_repeat"))
		self.run_daily_job()
		self.assertEqual(self.occurrences(repeat.name), [])

	def test_bad_rule_and_mailed_prints_are_refused(self):
		with self.assertRaises(periodic_tasks.InvalidRepeatRule):
			self.template(repeat_deadline_rule=periodic_tasks.DAY_OF_MONTH_RULE, repeat_deadline_day=32)
		template = self.template()
		with self.assertRaises(periodic_tasks.AutoRepeatMailRefused):
			self.make_repeat(template.name, notify_by_email=1, recipients="ngoai@example.com")

	def test_only_the_office_sets_up_a_repetition(self):
		template = self.template()
		for user in (self.p.focal_a, self.p.head_a, self.p.focal_b):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
				self.make_repeat(template.name)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("Auto Repeat", {"reference_document": template.name}))

	def test_agencies_read_no_repetition_over_rest(self):
		for user in (self.p.focal_a,):  # its own agency's task: still no Auto Repeat for it
			headers = {"Authorization": self.tokens[user]}
			with self.subTest(user=user):
				listed = self.get(self.resource("Auto Repeat"), headers=headers)
				self.assertEqual(listed.status_code, 403)
				read = self.get(self.resource("Auto Repeat", self.committed_repeat), headers=headers)
				self.assertEqual(read.status_code, 403)
				count = self.get(
					self.method("frappe.client.get_count"),
					{
						"doctype": "Auto Repeat",
						"filters": json.dumps({"reference_doctype": "Directive Task"}),
					},
					headers=headers,
				)
				self.assertEqual(count.status_code, 403)
				created = self.post(
					self.resource("Auto Repeat"),
					{
						"reference_doctype": "Directive Task",
						"reference_document": self.committed_template,
						"frequency": "Monthly",
						"start_date": str(self.today),
					},
					headers=headers,
				)
				self.assertEqual(created.status_code, 403)
		# The office reads it.
		frappe.set_user(self.p.officer)
		self.assertIn(
			self.committed_repeat, frappe.get_list("Auto Repeat", pluck="name", limit_page_length=0)
		)
