# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import json

import frappe
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_task.directive_task import (
	DeadlineBeforeIssueDate,
	InvalidProgress,
	LeadAgencyAlsoCoordinator,
	StateReasonMissing,
)
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import InvalidWorkingDays
from chidao_dieuhanh.permissions import FieldNotWritable, StateNotEditable
from chidao_dieuhanh.task_states import ASSIGN, ASSIGNED, CANCELLED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import PATHS, ProvinceTestCase, make_directive, make_task


def workflow_transitions():
	workflow = frappe.get_doc("Workflow", "Directive Task Workflow")
	by_action = {}
	for t in workflow.transitions:
		by_action.setdefault((t.state, t.action, t.next_state), set()).add(t.allowed)
	return by_action


class TestDirectiveTask(ProvinceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.directive = make_directive(issue_date=add_days(today(), -10))

	def task(self, state=DRAFT, **kwargs):
		return make_task(self.directive, self.p.agency_a, state=state, **kwargs)

	# Validation

	def test_deadline_before_issue_date_is_refused(self):
		with self.assertRaises(DeadlineBeforeIssueDate):
			self.task(deadline=add_days(today(), -11))

	def test_deadline_on_issue_date_is_accepted(self):
		self.assertEqual(
			getdate(self.task(deadline=add_days(today(), -10)).deadline), getdate(add_days(today(), -10))
		)

	def test_deadline_required_unless_no_deadline(self):
		with self.assertRaises(frappe.MandatoryError):
			self.task(deadline="")
		task = self.task(deadline="", no_deadline=1)
		self.assertIsNone(task.deadline)
		self.assertEqual(task.deadline_status, "Not Assigned")  # a draft is not given yet
		self.assertEqual(apply_workflow(task, ASSIGN).deadline_status, "No Deadline")

	def test_lead_agency_cannot_coordinate(self):
		with self.assertRaises(LeadAgencyAlsoCoordinator):
			self.task(coordinators=[self.p.agency_a])

	def test_duplicate_coordinator_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			self.task(coordinators=[self.p.agency_b, self.p.agency_b])

	def test_progress_out_of_range(self):
		task = self.task()
		task.progress = 101
		with self.assertRaises(InvalidProgress):
			task.save()
		task.reload()
		task.progress = -1
		with self.assertRaises(InvalidProgress):
			task.save()

	def test_error_messages_are_translated(self):
		frappe.local.lang = "vi"
		try:
			with self.assertRaises(LeadAgencyAlsoCoordinator) as ctx:
				self.task(coordinators=[self.p.agency_a])
			self.assertIn("đơn vị chủ trì", str(ctx.exception))
		finally:
			frappe.local.lang = "en"

	# Deadline status on save

	def test_deadline_status_on_save(self):
		# A draft is not given yet: never Overdue, whatever its deadline.
		self.assertEqual(self.task(deadline=add_days(today(), -1)).deadline_status, "Not Assigned")
		self.assertEqual(
			self.task(deadline=add_days(today(), 20), state=ASSIGNED).deadline_status, "On Track"
		)
		self.assertEqual(self.task(deadline=add_days(today(), 3), state=ASSIGNED).deadline_status, "Due Soon")
		self.assertEqual(self.task(deadline=add_days(today(), -1), state=ASSIGNED).deadline_status, "Overdue")
		self.assertEqual(self.task(state=CANCELLED).deadline_status, "Cancelled")

	def test_completion_fixes_status_against_deadline_in_force(self):
		on_time = self.task(state="Completed", deadline=today())
		self.assertEqual(on_time.deadline_status, "Completed On Time")
		self.assertEqual(getdate(on_time.completion_date), getdate(today()))
		late = self.task(state="Pending Review", deadline=add_days(today(), -2))
		late = apply_workflow(late, "Confirm Completion")
		self.assertEqual(late.deadline_status, "Completed Late")
		# Later edits by the office do not reopen the judgement.
		late.result_summary = "Đã hoàn thành"
		late.save()
		self.assertEqual(late.deadline_status, "Completed Late")

	def test_assignment_date_set_on_assign(self):
		self.assertIsNone(self.task(state=CANCELLED).assigned_on)
		task = self.task()
		self.assertIsNone(task.assigned_on)
		task = apply_workflow(task, ASSIGN)
		self.assertEqual(getdate(task.assigned_on), getdate(today()))

	# Workflow

	def test_every_transition_allowed_only_to_its_roles(self):
		users = {
			self.p.officer: "Tracking Officer",
			self.p.office_leader: "Office Leader",
			self.p.leader: "Leader",
			self.p.focal_a: "Agency Focal Point",
			self.p.head_a: "Agency Head",
		}
		transitions = workflow_transitions()
		self.assertGreaterEqual(len(transitions), 12)
		for (state, action, next_state), roles in transitions.items():
			for user, role in users.items():
				task = self.task(state=state)
				task.db_set("state_reason", "Lý do")
				frappe.set_user(user)
				with self.subTest(state=state, action=action, user=user):
					if role in roles:
						self.assertEqual(apply_workflow(task, action).workflow_state, next_state)
					else:
						with self.assertRaises((WorkflowTransitionError, frappe.PermissionError)):
							apply_workflow(task, action)
				frappe.set_user("Administrator")

	def test_other_agency_cannot_act(self):
		task = self.task(state=ASSIGNED)
		frappe.set_user(self.p.focal_b)
		with self.assertRaises(frappe.PermissionError):
			apply_workflow(task, "Accept")

	def test_direct_state_jump_is_refused(self):
		task = self.task(state=ASSIGNED)
		frappe.set_user(self.p.focal_a)
		task = frappe.get_doc("Directive Task", task.name)
		task.workflow_state = "Completed"
		with self.assertRaises(WorkflowPermissionError):
			task.save()

	def test_reason_required_for_refuse_return_suspend_cancel(self):
		for state in ("Refused", "Returned", "Suspended", CANCELLED):
			action, _reason = PATHS[state][-1]
			task = self.task(state=_state_before(state))
			task.db_set("state_reason", None)
			with self.subTest(state=state), self.assertRaises(StateReasonMissing):
				apply_workflow(task, action)

	def test_reason_cleared_when_the_task_moves_on(self):
		task = self.task(state="Refused")
		self.assertEqual(task.state_reason, "Không thuộc chức năng, nhiệm vụ")
		task = apply_workflow(task, "Reassign")
		self.assertFalse(task.state_reason)

	def test_refuse_with_reason_through_rest_style_update(self):
		task = self.task(state=ASSIGNED)
		frappe.set_user(self.p.focal_a)
		task = frappe.get_doc("Directive Task", task.name)
		task.update({"workflow_state": "Refused", "state_reason": "Không thuộc thẩm quyền"})
		task.save()
		self.assertEqual(frappe.db.get_value("Directive Task", task.name, "workflow_state"), "Refused")

	# Who may edit what

	def test_agency_user_cannot_change_office_or_system_fields(self):
		"""Office fields are at permlevel 1, system fields at 2: Frappe keeps the saved values."""
		task = self.task(state=IN_PROGRESS)
		before = frappe.db.get_value("Directive Task", task.name, ["*"], as_dict=True)
		frappe.set_user(self.p.focal_a)
		task = frappe.get_doc("Directive Task", task.name)
		task.update(
			{
				"deadline": add_days(today(), 90),
				"tracking_officer": self.p.focal_a,
				"directing_leader": self.p.focal_a,
				"content": "Sửa nội dung",
				"extension_count": 5,
				"progress": 100,
				"deadline_status": "Completed On Time",
				"result_summary": "Đang tổng hợp",
			}
		)
		task.append("coordinating_agencies", {"agency": self.p.agency_b})
		task.save()
		after = frappe.db.get_value("Directive Task", task.name, ["*"], as_dict=True)
		for field in ("deadline", "tracking_officer", "directing_leader", "content", "extension_count"):
			self.assertEqual(after[field], before[field], field)
		self.assertEqual((after.progress, after.deadline_status), (before.progress, before.deadline_status))
		self.assertEqual(after.result_summary, "Đang tổng hợp")
		self.assertFalse(
			frappe.db.exists("Task Coordinating Agency", {"parent": task.name, "agency": self.p.agency_b})
		)

	def test_office_cannot_forge_system_fields(self):
		frappe.set_user(self.p.officer)
		for forged in ({"extension_count": 5}, {"progress": 80}, {"deadline_status": "Completed On Time"}):
			task = frappe.get_doc(
				{
					"doctype": "Directive Task",
					"directive": self.directive,
					"content": "Nhiệm vụ",
					"lead_agency": self.p.agency_a,
					"deadline": add_days(today(), 10),
					**forged,
				}
			)
			with self.subTest(forged=forged), self.assertRaises(FieldNotWritable):
				task.insert()

	def test_working_days_out_of_range(self):
		for days in (-1, 10**9):
			task = frappe.get_doc(
				{
					"doctype": "Directive Task",
					"directive": self.directive,
					"content": "Nhiệm vụ",
					"lead_agency": self.p.agency_a,
					"working_days": days,
				}
			)
			with self.subTest(days=days), self.assertRaises(InvalidWorkingDays):
				task.insert()

	def test_missing_directive_is_refused(self):
		task = frappe.get_doc(
			{
				"doctype": "Directive Task",
				"directive": "CD-KHONG-CO",
				"content": "X",
				"lead_agency": self.p.agency_a,
			}
		)
		task.deadline = add_days(today(), 5)
		with self.assertRaises(frappe.LinkValidationError):
			task.insert()

	def test_completed_task_edit_only_by_office(self):
		task = self.task(state="Completed")
		frappe.set_user(self.p.focal_a)
		task = frappe.get_doc("Directive Task", task.name)
		task.result_summary = "Sửa sau khi hoàn thành"
		with self.assertRaises(StateNotEditable):
			task.save()
		frappe.set_user(self.p.officer)
		task = frappe.get_doc("Directive Task", task.name)
		task.content = "Nội dung đã chỉnh"
		task.save()

	def test_cancelled_task_edit_only_by_office(self):
		task = self.task(state=CANCELLED)
		frappe.set_user(self.p.focal_a)
		task = frappe.get_doc("Directive Task", task.name)
		task.state_reason = "Khác"
		with self.assertRaises(StateNotEditable):
			task.save()

	# Directive status follows its tasks

	def test_directive_status_follows_tasks(self):
		directive = make_directive(issue_date=add_days(today(), -5))
		self.assertEqual(frappe.db.get_value("Directive", directive, "directive_status"), "No Task")
		first = make_task(directive, self.p.agency_a, state="Pending Review")
		second = make_task(directive, self.p.agency_b, state=ASSIGNED)
		status = frappe.db.get_value("Directive", directive, ["directive_status", "task_count"], as_dict=True)
		self.assertEqual((status.directive_status, status.task_count), ("In Progress", 2))
		apply_workflow(first, "Confirm Completion")
		second.db_set("state_reason", "Thu hồi")
		apply_workflow(second, "Cancel")
		status = frappe.db.get_value(
			"Directive", directive, ["directive_status", "task_count", "completed_task_count"], as_dict=True
		)
		self.assertEqual(
			(status.directive_status, status.task_count, status.completed_task_count), ("Completed", 1, 1)
		)


def _state_before(state: str) -> str:
	"""The state from which the last action of PATHS[state] is taken."""
	path = [action for action, _ in PATHS[state]]
	for candidate, candidate_path in PATHS.items():
		if [a for a, _ in candidate_path] == path[:-1]:
			return candidate
	raise AssertionError(state)
