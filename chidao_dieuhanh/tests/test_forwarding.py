# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Forwarding inside the agency: a task handed to an officer or a sub-unit, who sees what of it over REST,
the officer's report approved by the agency, and the coordinators' contributions."""

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh import task_states
from chidao_dieuhanh.chidao_dieuhanh.doctype.coordination_contribution.coordination_contribution import (
	NotACoordinator,
)
from chidao_dieuhanh.chidao_dieuhanh.doctype.progress_report.progress_report import ReportNeedsApproval
from chidao_dieuhanh.chidao_dieuhanh.doctype.task_handover.task_handover import (
	InternalDeadlineAfterTaskDeadline,
)
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	delete_mail_about,
	make_agency,
	make_directive,
	make_user,
)
from chidao_dieuhanh.tests.test_permissions import api_token

LEAD = "FW Lead Department"
UNIT = "FW Lead Department Unit"
COORDINATOR = "FW Coordinating Department"
SECOND_COORDINATOR = "FW Second Coordinator"
OTHER = "FW Other Department"
FOCAL = "fw.focal@test.chidao.vn"
HEAD = "fw.head@test.chidao.vn"
OFFICER = "fw.officer@test.chidao.vn"
IDLE_OFFICER = "fw.idle.officer@test.chidao.vn"
UNIT_OFFICER = "fw.unit.officer@test.chidao.vn"
COORDINATOR_FOCAL = "fw.coord@test.chidao.vn"
SECOND_COORDINATOR_FOCAL = "fw.coord2@test.chidao.vn"
OTHER_FOCAL = "fw.other@test.chidao.vn"
OTHER_OFFICER = "fw.other.officer@test.chidao.vn"
MOVED_OFFICER = "fw.moved.officer@test.chidao.vn"
AGENCIES = (UNIT, LEAD, COORDINATOR, SECOND_COORDINATOR, OTHER)
USERS = (
	FOCAL,
	OFFICER,
	IDLE_OFFICER,
	UNIT_OFFICER,
	COORDINATOR_FOCAL,
	SECOND_COORDINATOR_FOCAL,
	OTHER_FOCAL,
	OTHER_OFFICER,
	MOVED_OFFICER,
)


def task_under_way(directive: str, lead: str, coordinators=(), **kwargs) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Directive Task",
			"directive": directive,
			"content": kwargs.pop("content", "Giao việc nội bộ"),
			"lead_agency": lead,
			"deadline": add_days(today(), 30),
			"coordinating_agencies": [{"agency": a} for a in coordinators],
		}
	).insert(ignore_permissions=True)
	for action in (task_states.ASSIGN, task_states.ACCEPT):
		doc = apply_workflow(doc, action)
	return doc.name


def hand_over(task: str, by: str = FOCAL, **fields) -> str:
	frappe.set_user(by)
	doc = frappe.get_doc(
		{
			"doctype": "Task Handover",
			"task": task,
			"internal_deadline": add_days(today(), 10),
			"note": "Dự thảo báo cáo trước ngày 10",
			**fields,
		}
	).insert()
	frappe.set_user("Administrator")
	return doc.name


def draft_report(task: str, by: str = OFFICER, progress: int = 40) -> str:
	frappe.set_user(by)
	doc = frappe.get_doc(
		{"doctype": "Progress Report", "task": task, "progress": progress, "content": "Đã triển khai"}
	).insert()
	frappe.set_user("Administrator")
	return doc.name


def remove_fixtures():
	"""What this module made (also what an interrupted earlier run left)."""
	tasks = frappe.get_all("Directive Task", {"lead_agency": ["in", AGENCIES]}, pluck="name")
	directives = frappe.get_all("Directive Task", {"name": ["in", tasks or [""]]}, pluck="directive")
	remove_tasks(tasks)
	for directive in set(directives):
		frappe.delete_doc("Directive", directive, force=True)
	queue = frappe.get_all("Email Queue Recipient", {"recipient": ["in", [*USERS, HEAD]]}, pluck="parent")
	frappe.db.delete("Email Queue Recipient", {"parent": ["in", queue or [""]]})
	frappe.db.delete("Email Queue", {"name": ["in", queue or [""]]})
	frappe.db.delete("Notification Log", {"for_user": ["in", [*USERS, HEAD]]})
	for agency in AGENCIES:
		if frappe.db.exists("Agency", agency):
			frappe.delete_doc("Agency", agency, force=True)


def remove_tasks(tasks: list[str]) -> None:
	"""The tasks with their handovers, contributions, reports and what Frappe keeps about each."""
	names = {
		doctype: frappe.get_all(doctype, {"task": ["in", tasks or [""]]}, pluck="name")
		for doctype in ("Task Handover", "Coordination Contribution", "Progress Report")
	}
	names["Directive Task"] = tasks
	for doctype, rows in names.items():
		delete_mail_about(doctype, rows)
		if doctype == "Directive Task":
			for row in rows:  # its own hooks run (the rows of which agency sees it)
				frappe.delete_doc(doctype, row, force=True, ignore_permissions=True)
		else:
			frappe.db.delete(doctype, {"name": ["in", rows or [""]]})
		rows = rows or [""]
		frappe.db.delete("ToDo", {"reference_name": ["in", rows]})
		frappe.db.delete("Comment", {"reference_name": ["in", rows]})
		frappe.db.delete("Version", {"docname": ["in", rows]})


class TestForwarding(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		remove_fixtures()
		group = cls.p.group
		for user in (FOCAL, COORDINATOR_FOCAL, SECOND_COORDINATOR_FOCAL, OTHER_FOCAL):
			make_user(user, "Agency Focal Point")
		make_user(HEAD, "Agency Head")
		for user in (OFFICER, IDLE_OFFICER, UNIT_OFFICER, OTHER_OFFICER, MOVED_OFFICER):
			make_user(user, "Agency Officer")
		make_agency(
			LEAD, parent=group, users=[FOCAL, OFFICER, IDLE_OFFICER, MOVED_OFFICER], head=HEAD, is_group=1
		)
		make_agency(UNIT, parent=LEAD, users=[UNIT_OFFICER])
		make_agency(COORDINATOR, parent=group, users=[COORDINATOR_FOCAL])
		make_agency(SECOND_COORDINATOR, parent=group, users=[SECOND_COORDINATOR_FOCAL])
		make_agency(OTHER, parent=group, users=[OTHER_FOCAL, OTHER_OFFICER])
		cls.directive = make_directive(summary="Giao việc nội bộ", document_number="77/UBND-GV")
		cls.hidden_directive = make_directive(summary="Không giao", document_number="78/UBND-GV")
		cls.task = task_under_way(cls.directive, LEAD, coordinators=[COORDINATOR, SECOND_COORDINATOR])
		cls.not_handed = task_under_way(cls.hidden_directive, LEAD, content="KHONGGIAO")
		cls.to_unit = task_under_way(cls.hidden_directive, LEAD)
		cls.handover = hand_over(cls.task, officer=OFFICER)
		cls.unit_handover = hand_over(cls.to_unit, sub_unit=UNIT)
		cls.file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "ke-hoach.txt",
				"content": b"ke hoach",
				"attached_to_doctype": "Directive Task",
				"attached_to_name": cls.task,
				"is_private": 1,
			}
		).insert(ignore_permissions=True)
		frappe.set_user(COORDINATOR_FOCAL)
		cls.contribution = (
			frappe.get_doc(
				{"doctype": "Coordination Contribution", "task": cls.task, "content": "Ý kiến phối hợp"}
			)
			.insert()
			.name
		)
		frappe.set_user("Administrator")
		cls.tokens = {user: api_token(user) for user in (*USERS, cls.p.officer)}  # who calls over HTTP
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		remove_fixtures()
		frappe.db.commit()
		super().tearDownClass()

	# REST helpers

	def rest_list(self, user, doctype, filters=None, parent=None):
		params = {"filters": json.dumps(filters or {}), "limit_page_length": 0}
		if parent:
			params["parent"] = parent  # a child doctype's rows listed alone
		response = self.get(f"/api/resource/{doctype}", params, headers={"Authorization": self.tokens[user]})
		self.assertEqual(response.status_code, 200, response.text)
		return {row["name"] for row in response.json["data"]}

	def assert_sees_none(self, user, doctype, filters):
		"""Refused outright (no right on the doctype), or an empty list."""
		response = self.get(
			f"/api/resource/{doctype}",
			{"filters": json.dumps(filters), "limit_page_length": 0},
			headers={"Authorization": self.tokens[user]},
		)
		self.assertIn(response.status_code, (200, 403), response.text)
		if response.status_code == 200:
			self.assertEqual(response.json["data"], [], (user, doctype))

	def rest_count(self, user, doctype, filters=None):
		response = self.get(
			self.method("frappe.client.get_count"),
			{"doctype": doctype, "filters": json.dumps(filters or {})},
			headers={"Authorization": self.tokens[user]},
		)
		self.assertEqual(response.status_code, 200, response.text)
		return response.json["message"]

	def rest_status(self, user, doctype, name):
		return self.get(
			f"/api/resource/{doctype}/{name}", headers={"Authorization": self.tokens[user]}
		).status_code

	# Who sees what

	def test_officer_sees_only_what_was_handed_to_it(self):
		tasks = [self.task, self.not_handed, self.to_unit]
		self.assertEqual(self.rest_list(OFFICER, "Directive Task", {"name": ["in", tasks]}), {self.task})
		self.assertEqual(self.rest_count(OFFICER, "Directive Task", {"name": ["in", tasks]}), 1)
		self.assertEqual(self.rest_count(OFFICER, "Directive Task", {"content": ["like", "KHONGGIAO%"]}), 0)
		self.assertEqual(self.rest_status(OFFICER, "Directive Task", self.task), 200)
		self.assertEqual(self.rest_status(OFFICER, "Directive Task", self.not_handed), 403)
		directives = {self.directive, self.hidden_directive}
		self.assertEqual(
			self.rest_list(OFFICER, "Directive", {"name": ["in", list(directives)]}), {self.directive}
		)
		self.assertEqual(self.rest_status(OFFICER, "Directive", self.hidden_directive), 403)
		self.assertEqual(self.rest_list(OFFICER, "Task Handover"), {self.handover})
		self.assertEqual(self.rest_status(OFFICER, "Task Handover", self.unit_handover), 403)
		# an officer of the same agency to whom nothing was handed sees nothing of the agency's tasks
		self.assertEqual(self.rest_list(IDLE_OFFICER, "Directive Task", {"name": ["in", tasks]}), set())
		self.assertEqual(self.rest_count(IDLE_OFFICER, "Task Handover"), 0)

	def test_an_officer_moved_to_another_agency_leaves_the_tasks_handed_to_it(self):
		directive = make_directive(summary="Cán bộ chuyển công tác", document_number="79/UBND-GV")
		task = task_under_way(directive, LEAD)
		handover = hand_over(task, officer=MOVED_OFFICER)
		self.addCleanup(frappe.db.commit)
		self.addCleanup(frappe.delete_doc, "Directive", directive, force=True)
		self.addCleanup(remove_tasks, [task])  # the other tests count the lead agency's handovers
		self.assertEqual(self.rest_status(MOVED_OFFICER, "Directive Task", task), 200)
		self.assertEqual(self.rest_list(MOVED_OFFICER, "Task Handover"), {handover})
		lead = frappe.get_doc("Agency", LEAD)
		lead.users = [row for row in lead.users if row.user != MOVED_OFFICER]
		lead.save(ignore_permissions=True)
		other = frappe.get_doc("Agency", OTHER)
		other.append("users", {"user": MOVED_OFFICER})
		other.save(ignore_permissions=True)
		frappe.db.commit()
		for doctype, name in (
			("Directive Task", task),
			("Task Handover", handover),
			("Directive", directive),
		):
			with self.subTest(doctype=doctype):
				self.assertEqual(self.rest_status(MOVED_OFFICER, doctype, name), 403)
				self.assertEqual(self.rest_list(MOVED_OFFICER, doctype, {"name": name}), set())
				self.assertEqual(self.rest_count(MOVED_OFFICER, doctype, {"name": name}), 0)
		# the lead agency still sees the handover made to its former officer
		self.assertEqual(self.rest_list(FOCAL, "Task Handover", {"task": task}), {handover})

	def test_officer_reads_the_task_files_rows_and_contributions(self):
		files = self.rest_list(OFFICER, "File", {"attached_to_name": self.task})
		self.assertEqual(files, {self.file.name})
		self.assertEqual(self.rest_list(IDLE_OFFICER, "File", {"attached_to_name": self.task}), set())
		rows = self.rest_list(
			OFFICER,
			"Task Coordinating Agency",
			{"parent": ["in", [self.task, self.to_unit]]},
			parent="Directive Task",
		)
		self.assertEqual(
			rows, set(frappe.get_all("Task Coordinating Agency", {"parent": self.task}, pluck="name"))
		)
		self.assertEqual(self.rest_list(OFFICER, "Coordination Contribution"), {self.contribution})
		todos = self.rest_list(OFFICER, "ToDo", {"reference_type": "Task Handover"})
		self.assertEqual(
			todos,
			set(
				frappe.get_all(
					"ToDo", {"reference_name": self.handover, "allocated_to": OFFICER}, pluck="name"
				)
			),
		)
		self.assertEqual(len(todos), 1)

	def test_sub_unit_officer_sees_the_task_handed_to_its_sub_unit(self):
		tasks = [self.task, self.not_handed, self.to_unit]
		self.assertEqual(
			self.rest_list(UNIT_OFFICER, "Directive Task", {"name": ["in", tasks]}), {self.to_unit}
		)
		self.assertEqual(self.rest_list(UNIT_OFFICER, "Task Handover"), {self.unit_handover})
		self.assertEqual(self.rest_status(UNIT_OFFICER, "Directive Task", self.to_unit), 200)
		self.assertEqual(self.rest_status(UNIT_OFFICER, "Directive Task", self.task), 403)
		self.assertTrue(
			frappe.db.exists("ToDo", {"reference_name": self.unit_handover, "allocated_to": UNIT_OFFICER})
		)

	def test_lead_agency_and_office_see_who_handles_the_task(self):
		both = {self.handover, self.unit_handover}
		self.assertEqual(self.rest_list(FOCAL, "Task Handover"), both)
		frappe.set_user(HEAD)
		self.assertEqual(set(frappe.get_list("Task Handover", pluck="name")), both)
		frappe.set_user("Administrator")
		self.assertTrue(both <= self.rest_list(self.p.officer, "Task Handover"))
		self.assertEqual(self.rest_count(self.p.officer, "Task Handover", {"task": self.task}), 1)
		response = self.get(
			f"/api/resource/Task Handover/{self.handover}",
			headers={"Authorization": self.tokens[self.p.officer]},
		)
		self.assertEqual(response.json["data"]["officer"], OFFICER)

	def test_coordinator_sees_the_task_but_not_its_handovers(self):
		self.assertEqual(self.rest_status(COORDINATOR_FOCAL, "Directive Task", self.task), 200)
		self.assertEqual(self.rest_list(COORDINATOR_FOCAL, "Task Handover"), set())
		self.assertEqual(self.rest_count(COORDINATOR_FOCAL, "Task Handover", {"task": self.task}), 0)
		self.assertEqual(self.rest_status(COORDINATOR_FOCAL, "Task Handover", self.handover), 403)
		for doctype in ("ToDo", "Comment"):
			self.assert_sees_none(COORDINATOR_FOCAL, doctype, {"reference_name": self.handover})
		# the assignment is not on the task: its timeline shows no "assigned to" to the coordinators
		self.assertFalse(
			frappe.get_all(
				"Comment",
				{"reference_name": self.task, "comment_type": ["in", ["Assigned", "Assignment Completed"]]},
			)
		)
		self.assertFalse(frappe.db.get_value("Directive Task", self.task, "_assign"))
		# the officer is no recipient of the agency's task mail
		recipients = frappe.db.get_value("Directive Task", self.task, "agency_recipients") or ""
		self.assertIn(FOCAL, recipients)
		self.assertNotIn(OFFICER, recipients)

	def test_another_agency_sees_nothing(self):
		for user in (OTHER_FOCAL, OTHER_OFFICER):
			self.assertEqual(self.rest_status(user, "Directive Task", self.task), 403)
			self.assertEqual(self.rest_list(user, "Task Handover"), set())
			self.assertEqual(self.rest_count(user, "Coordination Contribution"), 0)
			self.assertEqual(self.rest_list(user, "File", {"attached_to_name": self.task}), set())
			self.assert_sees_none(user, "Comment", {"reference_name": self.task})
			self.assert_sees_none(user, "ToDo", {"reference_type": "Task Handover"})
			self.assertEqual(
				self.rest_list(
					user, "Task Coordinating Agency", {"parent": self.task}, parent="Directive Task"
				),
				set(),
			)
			self.assertEqual(self.rest_status(user, "Coordination Contribution", self.contribution), 403)

	# Handing over

	def test_an_overdue_task_is_handed_over_from_today_on_never_into_the_past(self):
		frappe.db.set_value("Directive Task", self.not_handed, "deadline", add_days(today(), -5))

		def handover(days):
			return frappe.get_doc(
				{
					"doctype": "Task Handover",
					"task": self.not_handed,
					"officer": IDLE_OFFICER,
					"internal_deadline": add_days(today(), days),
				}
			)

		frappe.set_user(FOCAL)
		try:
			with self.assertRaises(InternalDeadlineAfterTaskDeadline):
				handover(-1).validate()
			handover(3).validate()  # after the task's past deadline: allowed from today on
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()

	def test_internal_deadline_after_the_task_deadline_is_refused(self):
		frappe.db.commit()
		before = frappe.db.count("Task Handover")
		deadline = frappe.db.get_value("Directive Task", self.task, "deadline")
		response = self.post(
			"/api/resource/Task Handover",
			{
				"task": self.task,
				"officer": IDLE_OFFICER,
				"internal_deadline": str(add_days(deadline, 1)),
				"_lang": "vi",  # answered as to a user of the Vietnamese desk
			},
			headers={"Authorization": self.tokens[FOCAL]},
		)
		self.assertEqual(response.status_code, 422, response.text)
		message = frappe._("The internal deadline {0} is later than the task's deadline {1}.", lang="vi")
		self.assertTrue(message.startswith("Hạn xử lý nội bộ"))
		shown = json.loads(json.loads(response.json["_server_messages"])[0])["message"]
		self.assertIn(message.split("{", 1)[0].strip(), shown)
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Task Handover"), before)
		self.assertFalse(
			frappe.db.exists("ToDo", {"allocated_to": IDLE_OFFICER, "reference_type": "Task Handover"})
		)

	def test_only_the_lead_agency_hands_over_and_only_to_its_own_officers(self):
		for user in (OFFICER, COORDINATOR_FOCAL, OTHER_FOCAL):
			response = self.post(
				"/api/resource/Task Handover",
				{"task": self.task, "officer": IDLE_OFFICER, "internal_deadline": today()},
				headers={"Authorization": self.tokens[user]},
			)
			self.assertEqual(response.status_code, 403, user)
		response = self.post(
			"/api/resource/Task Handover",
			{"task": self.task, "officer": OTHER_OFFICER, "internal_deadline": today()},
			headers={"Authorization": self.tokens[FOCAL]},
		)
		self.assertEqual(response.status_code, 422, response.text)
		response = self.post(
			"/api/resource/Task Handover",
			{"task": self.task, "sub_unit": OTHER, "internal_deadline": today()},
			headers={"Authorization": self.tokens[FOCAL]},
		)
		self.assertEqual(response.status_code, 422, response.text)
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Task Handover", {"task": self.task}), 1)

	def test_the_officer_is_assigned_and_notified(self):
		todo = frappe.get_all(
			"ToDo",
			{"reference_type": "Task Handover", "reference_name": self.handover},
			["allocated_to", "date", "status", "description"],
		)
		self.assertEqual(len(todo), 1)
		self.assertEqual(todo[0].allocated_to, OFFICER)
		self.assertEqual(str(todo[0].date), str(add_days(today(), 10)))
		self.assertIn("Dự thảo báo cáo", todo[0].description)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": OFFICER, "document_type": "Task Handover", "document_name": self.handover},
			)
		)
		queued = frappe.get_all("Email Queue Recipient", {"recipient": OFFICER}, pluck="parent")
		self.assertTrue(
			frappe.db.exists(
				"Email Queue", {"name": ["in", queued or [""]], "message": ["like", f"%{self.handover}%"]}
			)
		)

	# The officer's report and the agency's approval

	def test_officers_report_reaches_the_office_only_when_the_head_approves_it(self):
		report = draft_report(self.task)
		self.assertEqual(frappe.db.get_value("Progress Report", report, "drafted_by"), OFFICER)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": HEAD, "document_type": "Progress Report", "document_name": report},
			)
		)
		self.assertEqual(frappe.db.get_value("Directive Task", self.task, "progress"), 0)
		# the officer may not send it; nor may the focal point while the head approves
		for user in (OFFICER, FOCAL):
			frappe.set_user(user)
			doc = frappe.get_doc("Progress Report", report)
			with self.assertRaises(frappe.PermissionError):
				doc.submit()
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Progress Report", report, "docstatus"), 0)
		self.assertEqual(frappe.db.get_value("Directive Task", self.task, "progress"), 0)
		frappe.set_user(HEAD)
		frappe.get_doc("Progress Report", report).submit()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Progress Report", report, "approved_by"), HEAD)
		self.assertEqual(frappe.db.get_value("Directive Task", self.task, "progress"), 40)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"for_user": OFFICER, "document_type": "Progress Report", "document_name": report},
			)
		)
		self.cancel_report(report)

	def test_focal_point_approves_when_the_agency_says_so(self):
		frappe.db.set_value("Agency", LEAD, "reports_approved_by", "Agency Focal Point")
		try:
			report = draft_report(self.task, progress=50)
			frappe.set_user(HEAD)
			with self.assertRaises(ReportNeedsApproval):
				frappe.get_doc("Progress Report", report).submit()
			frappe.set_user(FOCAL)
			frappe.get_doc("Progress Report", report).submit()
			frappe.set_user("Administrator")
			self.assertEqual(frappe.db.get_value("Progress Report", report, "approved_by"), FOCAL)
			self.cancel_report(report)
		finally:
			frappe.db.set_value("Agency", LEAD, "reports_approved_by", "Agency Head")

	def test_approved_final_report_ends_the_officers_assignment(self):
		task = task_under_way(self.directive, LEAD)
		try:
			handover = hand_over(task, officer=OFFICER)
			frappe.set_user(OFFICER)
			report = frappe.get_doc(
				{
					"doctype": "Progress Report",
					"task": task,
					"progress": 100,
					"is_final": 1,
					"content": "Xong",
				}
			).insert()
			frappe.set_user(HEAD)
			frappe.get_doc("Progress Report", report.name).submit()
			frappe.set_user("Administrator")
			self.assertEqual(
				frappe.db.get_value("Directive Task", task, "workflow_state"), task_states.PENDING_REVIEW
			)
			self.assertEqual(
				frappe.db.get_value("ToDo", {"reference_name": handover, "allocated_to": OFFICER}, "status"),
				"Closed",
			)
		finally:
			frappe.set_user("Administrator")
			remove_tasks([task])  # the other tests' lists stay as they were

	def test_focal_points_own_report_needs_no_approval(self):
		report = draft_report(self.task, by=FOCAL, progress=20)
		self.assertFalse(frappe.db.get_value("Progress Report", report, "drafted_by"))
		frappe.set_user(FOCAL)
		frappe.get_doc("Progress Report", report).submit()
		frappe.set_user("Administrator")
		self.cancel_report(report)

	def test_officer_may_not_report_on_a_task_not_handed_to_it(self):
		frappe.set_user(OFFICER)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{"doctype": "Progress Report", "task": self.not_handed, "progress": 10, "content": "x"}
			).insert()

	def cancel_report(self, report):
		doc = frappe.get_doc("Progress Report", report)
		doc.flags.ignore_permissions = True
		doc.cancel()

	# Coordinators' contributions

	def test_contribution_goes_to_the_lead_agency(self):
		for user in (FOCAL, HEAD, OFFICER):
			self.assertTrue(
				frappe.db.exists(
					"Notification Log",
					{
						"for_user": user,
						"document_type": "Coordination Contribution",
						"document_name": self.contribution,
					},
				),
				user,
			)
		self.assertEqual(
			frappe.db.get_value("Coordination Contribution", self.contribution, ["agency", "lead_agency"]),
			(COORDINATOR, LEAD),
		)
		self.assertIn(self.contribution, self.rest_list(FOCAL, "Coordination Contribution"))
		self.assertIn(self.contribution, self.rest_list(self.p.officer, "Coordination Contribution"))
		self.assertEqual(self.rest_list(COORDINATOR_FOCAL, "Coordination Contribution"), {self.contribution})
		# another coordinator of the same task does not read it
		self.assertEqual(self.rest_list(SECOND_COORDINATOR_FOCAL, "Coordination Contribution"), set())
		self.assertEqual(
			self.rest_status(SECOND_COORDINATOR_FOCAL, "Coordination Contribution", self.contribution), 403
		)

	def test_only_a_coordinator_contributes(self):
		frappe.set_user(COORDINATOR_FOCAL)
		with self.assertRaises(NotACoordinator):
			frappe.get_doc(
				{
					"doctype": "Coordination Contribution",
					"task": self.not_handed,
					"agency": COORDINATOR,
					"content": "Không phối hợp",
				}
			).insert()
		response = self.post(
			"/api/resource/Coordination Contribution",
			{"task": self.task, "agency": COORDINATOR, "content": "Giả danh"},
			headers={"Authorization": self.tokens[OTHER_FOCAL]},
		)
		self.assertEqual(response.status_code, 403, response.text)
