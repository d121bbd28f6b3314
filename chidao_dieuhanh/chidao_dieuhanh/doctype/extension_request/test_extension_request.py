# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh.chidao_dieuhanh.doctype.extension_request.extension_request import (
	ExtensionLimitReached,
	ProposedDeadlineNotLater,
	TaskNotExtendable,
)
from chidao_dieuhanh.task_states import CANCELLED, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task


class TestExtensionRequest(ProvinceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.directive = make_directive(issue_date=add_days(today(), -20))

	def setUp(self):
		frappe.db.set_single_value("Directive Settings", "max_extensions", 2)

	def request(self, task, days_after_deadline=10, reason="Chờ ý kiến các bộ, ngành"):
		deadline = frappe.db.get_value("Directive Task", task, "deadline")
		return frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": task,
				"proposed_deadline": add_days(deadline, days_after_deadline),
				"reason": reason,
			}
		).insert()

	def decide(self, request, action, note=None):
		frappe.set_user(self.p.focal_a)
		request = apply_workflow(request, "Request")
		frappe.set_user(self.p.office_leader)
		if note:
			request.db_set("decision_note", note)
		return apply_workflow(request, action)

	def test_approval_extends_deadline_and_keeps_history(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS, deadline=add_days(today(), -3))
		self.assertEqual(task.deadline_status, "Overdue")
		frappe.set_user(self.p.focal_a)
		request = self.request(task.name, 10)
		self.assertEqual(getdate(request.current_deadline), getdate(add_days(today(), -3)))
		request = self.decide(request, "Approve")
		self.assertEqual((request.docstatus, request.decided_by), (1, self.p.office_leader))
		task.reload()
		self.assertEqual(getdate(task.deadline), getdate(add_days(today(), 7)))
		self.assertEqual(task.extension_count, 1)
		self.assertEqual(task.deadline_status, "On Track")
		history = task.deadline_history[-1]
		self.assertEqual(
			(
				getdate(history.old_deadline),
				getdate(history.new_deadline),
				history.approved_by,
				history.extension_request,
			),
			(
				getdate(add_days(today(), -3)),
				getdate(add_days(today(), 7)),
				self.p.office_leader,
				request.name,
			),
		)

	def test_refusal_keeps_deadline_and_needs_a_note(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		frappe.set_user(self.p.focal_a)
		request = self.request(task.name)
		with self.assertRaises(frappe.ValidationError):
			self.decide(request, "Refuse")
		frappe.set_user(self.p.office_leader)
		request.db_set("decision_note", "Không có căn cứ")
		request = apply_workflow(request, "Refuse")
		self.assertEqual(request.workflow_state, "Refused")
		task.reload()
		self.assertEqual((task.extension_count, str(task.deadline)), (0, str(getdate(add_days(today(), 30)))))

	def test_pending_request_can_be_refused_after_the_limit_is_reached(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		frappe.set_user(self.p.focal_a)
		waiting = apply_workflow(self.request(task.name), "Request")
		frappe.set_user("Administrator")
		frappe.db.set_value("Directive Task", task.name, "extension_count", 2, update_modified=False)
		frappe.set_user(self.p.office_leader)
		with self.assertRaises(ExtensionLimitReached):
			apply_workflow(waiting, "Approve")
		waiting.db_set("decision_note", "Đã hết số lần gia hạn")
		self.assertEqual(apply_workflow(waiting, "Refuse").workflow_state, "Refused")

	def test_proposed_deadline_must_be_later(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		for days in (0, -1):
			with self.subTest(days=days), self.assertRaises(ProposedDeadlineNotLater):
				self.request(task.name, days)

	def test_maximum_extensions(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		for _ in range(2):
			self.decide(self.request(task.name), "Approve")
			frappe.set_user("Administrator")
		with self.assertRaises(ExtensionLimitReached):
			self.request(task.name)
		frappe.db.set_single_value("Directive Settings", "max_extensions", 0)
		self.decide(self.request(task.name), "Approve")
		self.assertEqual(frappe.db.get_value("Directive Task", task.name, "extension_count"), 3)

	def test_one_open_request_at_a_time(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		self.request(task.name)
		with self.assertRaises(frappe.ValidationError):
			self.request(task.name, 20)

	def test_no_extension_for_closed_or_open_ended_tasks(self):
		for kwargs in (
			{"state": "Completed"},
			{"state": CANCELLED},
			{"state": IN_PROGRESS, "no_deadline": 1},
		):
			task = make_task(self.directive, self.p.agency_a, **kwargs)
			with self.subTest(**kwargs), self.assertRaises(TaskNotExtendable):
				frappe.get_doc(
					{
						"doctype": "Extension Request",
						"task": task.name,
						"proposed_deadline": add_days(today(), 60),
						"reason": "x",
					}
				).insert()

	def test_only_office_leader_decides(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		frappe.set_user(self.p.focal_a)
		request = apply_workflow(self.request(task.name), "Request")
		for user in (self.p.focal_a, self.p.officer, self.p.leader):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises((frappe.ValidationError, frappe.PermissionError)):
				apply_workflow(request, "Approve")

	def test_other_agency_cannot_request(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS)
		frappe.set_user(self.p.focal_b)
		with self.assertRaises(frappe.PermissionError):
			self.request(task.name)
