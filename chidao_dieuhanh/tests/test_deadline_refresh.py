"""The daily deadline-status refresh, day by day with a frozen clock."""

from datetime import timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import (
	DEFAULT_CALENDAR,
	get_calendar,
)
from chidao_dieuhanh.deadline_refresh import refresh_deadline_statuses, refresh_now
from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task


class TestDeadlineRefresh(ProvinceTestCase):
	def setUp(self):
		frappe.db.set_single_value("Directive Settings", "working_calendar", DEFAULT_CALENDAR)
		frappe.db.set_single_value("Directive Settings", "due_soon_days", 3)
		directive = make_directive(issue_date="2026-01-05")
		with self.freeze_time("2026-03-09 08:00"):  # a Monday
			self.friday = make_task(directive, self.p.agency_a, deadline="2026-03-20", state=IN_PROGRESS)
			self.no_deadline = make_task(directive, self.p.agency_a, no_deadline=1, state=ASSIGNED)
			self.done = make_task(directive, self.p.agency_b, deadline="2026-03-10", state="Completed")
			self.cancelled = make_task(directive, self.p.agency_b, deadline="2026-03-10", state=CANCELLED)
			self.draft = make_task(directive, self.p.agency_b, deadline="2026-03-10", state=DRAFT)

	def status(self, task) -> str:
		return frappe.db.get_value("Directive Task", task.name, "deadline_status")

	def refresh_on(self, day: str) -> dict[str, int]:
		with self.freeze_time(f"{day} 00:05"):
			return refresh_deadline_statuses()

	def test_status_follows_the_working_days(self):
		self.assertEqual(self.status(self.friday), "On Track")
		# Monday 16: Tue, Wed, Thu are the window; Friday 20 is still On Track.
		self.refresh_on("2026-03-16")
		self.assertEqual(self.status(self.friday), "On Track")
		self.refresh_on("2026-03-17")
		self.assertEqual(self.status(self.friday), "Due Soon")
		self.refresh_on("2026-03-20")
		self.assertEqual(self.status(self.friday), "Due Soon")
		self.refresh_on("2026-03-23")
		self.assertEqual(self.status(self.friday), "Overdue")
		for task, status in (
			(self.no_deadline, "No Deadline"),
			(self.done, "Completed On Time"),
			(self.cancelled, "Cancelled"),
			(self.draft, "Not Assigned"),
		):
			self.assertEqual(self.status(task), status)

	def test_second_run_writes_nothing_and_modified_is_kept(self):
		modified = frappe.db.get_value("Directive Task", self.friday.name, "modified")
		versions = frappe.db.count("Version", {"docname": self.friday.name})
		changed = self.refresh_on("2026-03-23")
		self.assertGreaterEqual(changed["Overdue"], 1)
		self.assertEqual(sum(self.refresh_on("2026-03-23").values()), 0)
		self.assertEqual(frappe.db.get_value("Directive Task", self.friday.name, "modified"), modified)
		self.assertEqual(frappe.db.count("Version", {"docname": self.friday.name}), versions)
		self.assertEqual(
			frappe.db.get_value("Directive Task", self.friday.name, "workflow_state"), IN_PROGRESS
		)

	def test_stale_statuses_are_corrected_whatever_they_were(self):
		for task, stale, expected in (
			(self.friday, "Overdue", "On Track"),
			(self.no_deadline, "Due Soon", "No Deadline"),
			(self.cancelled, "On Track", "Cancelled"),
			(self.done, None, "Completed On Time"),
			(self.draft, "Overdue", "Not Assigned"),
		):
			frappe.db.set_value("Directive Task", task.name, "deadline_status", stale, update_modified=False)
			self.refresh_on("2026-03-10")
			self.assertEqual(self.status(task), expected)

	def test_completed_status_is_fixed_at_completion(self):
		self.refresh_on("2026-06-01")
		self.assertEqual(self.status(self.done), "Completed On Time")
		frappe.db.set_value("Directive Task", self.done.name, "deadline", "2026-03-01", update_modified=False)
		self.refresh_on("2026-06-01")  # a later deadline change does not rejudge a completed task
		self.assertEqual(self.status(self.done), "Completed On Time")

	def test_completed_late_against_the_extended_deadline(self):
		directive = make_directive(issue_date="2026-01-05")
		with self.freeze_time("2026-03-09 08:00"):
			task = make_task(directive, self.p.agency_a, deadline="2026-03-10", state=IN_PROGRESS)
		task.reload()
		task.deadline = "2026-03-20"  # as an approved extension does
		task.save()
		with self.freeze_time("2026-03-18 10:00"):
			task = apply_workflow(frappe.get_doc("Directive Task", task.name), "Submit for Review")
			task = apply_workflow(task, "Confirm Completion")
		self.assertEqual(getdate(task.completion_date), getdate("2026-03-18"))
		self.assertEqual(task.deadline_status, "Completed On Time")

	def test_the_job_agrees_with_the_rules_of_deadlines_py(self):
		"""The refresh's WHERE clauses and deadlines.deadline_status give the same status, day by day
		around a weekend and Tết 2026, for every state."""
		directive = make_directive(issue_date="2026-01-05")
		tasks = []
		with self.freeze_time("2026-01-20 08:00"):
			for state in (IN_PROGRESS, "Suspended", "Completed", CANCELLED):
				for offset in range(0, 40, 4):
					deadline = getdate("2026-02-05") + timedelta(days=offset)
					tasks.append(make_task(directive, self.p.agency_b, deadline=deadline, state=state).name)
		calendar = get_calendar()
		for day in ("2026-02-06", "2026-02-13", "2026-02-16", "2026-02-23", "2026-03-02"):
			self.refresh_on(day)
			today = getdate(day)
			limit = deadlines.due_soon_limit(calendar, today, 3)
			for row in frappe.get_all(
				"Directive Task",
				filters={"name": ["in", tasks]},
				fields=["name", "workflow_state", "deadline", "completion_date", "deadline_status"],
			):
				expected = deadlines.deadline_status(
					row.workflow_state, row.deadline, row.completion_date, today, limit
				)
				self.assertEqual(row.deadline_status, expected, (day, row))

	def test_on_demand_refresh_is_for_the_office(self):
		with self.set_user(self.p.focal_a):
			self.assertRaises(frappe.PermissionError, refresh_now)
		with self.set_user(self.p.officer):
			self.assertIsInstance(refresh_now(), dict)
