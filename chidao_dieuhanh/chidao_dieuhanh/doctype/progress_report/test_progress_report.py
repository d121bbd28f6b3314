# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_task.directive_task import InvalidProgress
from chidao_dieuhanh.chidao_dieuhanh.doctype.progress_report.progress_report import (
	ProgressGoingBackwards,
	TaskNotReportable,
)
from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task


def report(task: str, progress: float, is_final=0, report_date=None, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Progress Report",
			"task": task,
			"report_date": report_date or today(),
			"progress": progress,
			"is_final": is_final,
			"content": kwargs.pop("content", "<p>Đã triển khai</p>"),
			**kwargs,
		}
	)
	doc.insert()
	doc.submit()
	return doc


class TestProgressReport(ProvinceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.directive = make_directive(issue_date=add_days(today(), -20))

	def test_report_accepts_assigned_task_and_records_history(self):
		task = make_task(self.directive, self.p.agency_a, state=ASSIGNED)
		frappe.set_user(self.p.focal_a)
		first = report(task.name, 40)
		task.reload()
		self.assertEqual((task.workflow_state, task.progress), (IN_PROGRESS, 40))
		self.assertEqual(getdate(task.last_report_date), getdate(today()))
		self.assertEqual([(r.progress, r.progress_report) for r in task.progress_history], [(40, first.name)])

	def test_final_report_moves_task_to_pending_review(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		frappe.set_user(self.p.focal_a)
		report(task.name, 100, is_final=1, report_date=add_days(today(), -1), content="<p>Hoàn thành</p>")
		task.reload()
		self.assertEqual(task.workflow_state, "Pending Review")
		self.assertEqual(getdate(task.completion_date), getdate(add_days(today(), -1)))
		self.assertEqual(task.result_summary, "Hoàn thành")

	def test_final_report_must_be_complete(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		with self.assertRaises(InvalidProgress):
			report(task.name, 90, is_final=1)

	def test_progress_within_bounds(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		for value in (-5, 120):
			with self.subTest(progress=value), self.assertRaises(InvalidProgress):
				report(task.name, value)

	def test_progress_going_backwards_needs_a_reason(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		report(task.name, 60)
		with self.assertRaises(ProgressGoingBackwards):
			report(task.name, 50)
		report(task.name, 50, progress_change_reason="Đánh giá lại khối lượng")
		task.reload()
		self.assertEqual(task.progress, 50)
		self.assertEqual(task.progress_history[-1].note, "Đánh giá lại khối lượng")

	def test_no_report_on_closed_or_waiting_tasks(self):
		for state in (DRAFT, "Pending Review", "Completed", CANCELLED, "Suspended", "Refused"):
			task = make_task(self.directive, self.p.agency_a, state=state)
			with self.subTest(state=state), self.assertRaises(TaskNotReportable):
				report(task.name, 10)

	def test_other_agency_cannot_report(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS, coordinators=[self.p.agency_b])
		frappe.set_user(self.p.focal_b)
		with self.assertRaises(frappe.PermissionError):
			report(task.name, 20)

	def test_report_date_not_in_future(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		with self.assertRaises(frappe.ValidationError):
			report(task.name, 20, report_date=add_days(today(), 1))

	def test_only_the_agency_submits_its_task_for_review(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		frappe.set_user(self.p.officer)
		with self.assertRaises(frappe.ValidationError):
			report(task.name, 100, is_final=1)
