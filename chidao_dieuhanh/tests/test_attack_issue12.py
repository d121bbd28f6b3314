# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Attacks on issue 12's and 14's surfaces over HTTP, as the province's users and an Agency Officer of
agency A and one of agency B: handovers, officers' reports, coordinators' contributions, explanation
requests, leaders' instructions, work delegations, the task-agency index and Auto Repeat, read or changed
by who should not; and bad input, which must be a 4xx with nothing saved."""

import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, add_months, today

from chidao_dieuhanh.permissions import RoleRecipientsOutsideOffice, clear_agency_cache
from chidao_dieuhanh.task_states import IN_PROGRESS
from chidao_dieuhanh.tests.api_tokens import quick_token
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	delete_mail_about,
	make_directive,
	make_task,
	make_user,
)

OFFICER_A = "atk12.officer.a@test.chidao.vn"
OFFICER_B = "atk12.officer.b@test.chidao.vn"
EMOJI_TEXT = "\U0001f600" * 20_000  # 20,000 characters, 80,000 bytes: over a text column's 65,535
SECRET = "ATK12 NOI DUNG MAT"
AWAY = "ATK12 đi công tác"
DOCUMENT_NUMBER = "12/UBND-ATK"
NEW_DOCTYPES = (
	"Task Handover",
	"Coordination Contribution",
	"Explanation Request",
	"Leader Instruction",
	"Work Delegation",
)


def remove_fixtures():
	"""What this module made, also what an interrupted earlier run left."""
	directives = frappe.get_all("Directive", {"document_number": DOCUMENT_NUMBER}, pluck="name")
	tasks = frappe.get_all("Directive Task", {"directive": ["in", directives or [""]]}, pluck="name")
	names = {
		doctype: frappe.get_all(doctype, {"task": ["in", tasks or [""]]}, pluck="name")
		for doctype in (*NEW_DOCTYPES[:4], "Progress Report")
	}
	names["Work Delegation"] = frappe.get_all(
		"Work Delegation", {"reason": ["in", [SECRET, AWAY]]}, pluck="name"
	)
	everything = [*tasks, *(name for rows in names.values() for name in rows)] or [""]
	for doctype, rows in names.items():
		delete_mail_about(doctype, rows)
		frappe.db.delete(doctype, {"name": ["in", rows or [""]]})
	for doctype in ("Comment", "ToDo"):
		frappe.db.delete(doctype, {"reference_name": ["in", everything]})
	frappe.db.delete("Version", {"docname": ["in", everything]})
	frappe.db.delete("Auto Repeat", {"reference_document": ["in", everything]})
	delete_mail_about("Directive Task", tasks)
	attached = {"attached_to_doctype": "Directive Task", "attached_to_name": ["in", tasks]}
	for file in frappe.get_all("File", attached, pluck="name") if tasks else []:
		frappe.delete_doc("File", file, force=True, ignore_permissions=True)
	for task in tasks:
		frappe.delete_doc("Directive Task", task, force=True)
	for directive in directives:
		frappe.delete_doc("Directive", directive, force=True)
	frappe.db.delete("Agency User", {"user": ["in", [OFFICER_A, OFFICER_B]], "parenttype": "Agency"})
	frappe.db.delete("Notification Log", {"for_user": ["in", [OFFICER_A, OFFICER_B]]})


class TestAttackIssue12(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		make_user(OFFICER_A, "Agency Officer")
		make_user(OFFICER_B, "Agency Officer")
		remove_fixtures()
		cls.member_rows = [cls.add_member(p.agency_a, OFFICER_A), cls.add_member(p.agency_b, OFFICER_B)]
		clear_agency_cache()
		cls.directive = make_directive(summary="Attack 12 directive", document_number=DOCUMENT_NUMBER)
		# A leads task_a (B coordinates it), handed to A's officer; task_a2 is A's too, handed to no one.
		cls.task_a = make_task(
			cls.directive, p.agency_a, state=IN_PROGRESS, coordinators=[p.agency_b], content="ATK12 A"
		).name
		cls.task_a2 = make_task(cls.directive, p.agency_a, state=IN_PROGRESS, content=SECRET).name
		# B's overdue task, handed to B's officer, with an explanation asked, an instruction, a repetition.
		cls.task_b = make_task(
			cls.directive, p.agency_b, deadline=add_days(today(), -12), state=IN_PROGRESS, content=SECRET
		).name
		cls.task_late = make_task(
			cls.directive, p.agency_a, deadline=add_days(today(), -5), state=IN_PROGRESS, content=SECRET
		).name
		cls.handover_a = cls.make_as(
			p.focal_a,
			{
				"doctype": "Task Handover",
				"task": cls.task_a,
				"officer": OFFICER_A,
				"internal_deadline": add_days(today(), 5),
				"note": SECRET,
			},
		)
		cls.handover_b = cls.make_as(
			p.focal_b,
			{
				"doctype": "Task Handover",
				"task": cls.task_b,
				"officer": OFFICER_B,
				"internal_deadline": add_days(today(), 3),  # an overdue task: from today on
				"note": SECRET,
			},
		)
		cls.contribution = cls.make_as(
			p.focal_b,
			{
				"doctype": "Coordination Contribution",
				"task": cls.task_a,
				"contribution_date": today(),
				"content": SECRET,
			},
		)
		cls.explanation = cls.make_as(
			p.officer, {"doctype": "Explanation Request", "task": cls.task_b, "request_note": SECRET}
		)
		cls.instruction = cls.make_as(
			p.leader, {"doctype": "Leader Instruction", "task": cls.task_b, "instruction": SECRET}
		)
		cls.delegation = cls.make_as(
			p.focal_b,
			{
				"doctype": "Work Delegation",
				"delegator": p.focal_b,
				"delegate": OFFICER_B,
				"from_date": add_days(today(), 10),
				"to_date": add_days(today(), 12),
				"reason": SECRET,
			},
		)
		cls.repeat = (
			frappe.get_doc(
				{
					"doctype": "Auto Repeat",
					"reference_doctype": "Directive Task",
					"reference_document": cls.task_b,
					"frequency": "Monthly",
					"start_date": add_months(today(), 1),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		# What A keeps of its task not handed to the officer: a report and a private file.
		cls.report_a2 = cls.make_as(
			p.focal_a, {"doctype": "Progress Report", "task": cls.task_a2, "progress": 10, "content": SECRET}
		)
		cls.file_a2 = (
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": "atk12-a2.txt",
					"attached_to_doctype": "Directive Task",
					"attached_to_name": cls.task_a2,
					"is_private": 1,
					"content": SECRET.encode(),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		cls.users = (p.officer, p.leader, p.focal_a, p.head_a, p.focal_b, OFFICER_A, OFFICER_B)
		cls.tokens = {user: quick_token(user) for user in cls.users}
		frappe.db.commit()

	@classmethod
	def add_member(cls, agency: str, user: str) -> str:
		row = frappe.get_doc(
			{
				"doctype": "Agency User",
				"parent": agency,
				"parenttype": "Agency",
				"parentfield": "users",
				"user": user,
				"idx": 900,
			}
		)
		row.db_insert()
		return row.name

	@classmethod
	def make_as(cls, user: str, values: dict) -> str:
		frappe.set_user(user)
		try:
			return frappe.get_doc(values).insert().name
		finally:
			frappe.set_user("Administrator")

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		remove_fixtures()
		frappe.db.commit()
		clear_agency_cache()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	# HTTP helpers

	def call(self, user: str, method: str, path: str, data=None):
		headers = {"Authorization": self.tokens[user]}
		if method == "delete":
			response = self.delete(path, headers=headers)
		else:
			response = getattr(self, method)(path, data or {}, headers=headers)
		frappe.db.rollback()  # see what the request committed
		return response

	def listed(self, user: str, doctype: str, filters=None) -> list[str]:
		response = self.call(
			user,
			"get",
			self.resource(doctype),
			{"filters": json.dumps(filters or {}), "limit_page_length": 0},
		)
		self.assertEqual(response.status_code, 200, response.text)
		return [row["name"] for row in response.json["data"]]

	def assertNotListed(self, user: str, doctype: str, names, filters=None):
		"""Not in the user's list of the doctype, or the list refused altogether."""
		response = self.call(
			user,
			"get",
			self.resource(doctype),
			{"filters": json.dumps(filters or {}), "limit_page_length": 0},
		)
		self.assertIn(response.status_code, (200, 403), response.text)
		listed = {row["name"] for row in (response.json.get("data") or [])}
		self.assertFalse(listed & set(names), response.text)
		self.assertNotIn(SECRET, response.text)

	def count(self, user: str, doctype: str, filters=None):
		return self.call(
			user,
			"post",
			"/api/method/frappe.client.get_count",
			{"doctype": doctype, "filters": filters or {}},
		)

	def assertRefused(self, response, *codes):
		self.assertIn(response.status_code, codes or (403,), response.text)
		self.assertNotIn(SECRET, response.text)

	def assertBadInput(self, response, text: str | None = None):
		self.assertGreaterEqual(response.status_code, 400, response.text)
		self.assertLess(response.status_code, 500, response.text)
		if text:
			self.assertIn(text, response.text)

	# An officer sees only what was handed to it

	def test_officer_reads_only_the_tasks_handed_to_it(self):
		self.assertEqual(
			self.call(OFFICER_A, "get", self.resource("Directive Task", self.task_a)).status_code, 200
		)
		for task in (self.task_a2, self.task_b):
			with self.subTest(task=task):
				self.assertRefused(self.call(OFFICER_A, "get", self.resource("Directive Task", task)))
		filters = {"directive": self.directive}
		self.assertEqual(self.listed(OFFICER_A, "Directive Task", filters), [self.task_a])
		self.assertEqual(self.count(OFFICER_A, "Directive Task", filters).json["message"], 1)
		report = self.call(
			OFFICER_A,
			"post",
			"/api/method/frappe.desk.reportview.get",
			{"doctype": "Directive Task", "fields": ["name", "content"], "filters": filters},
		)
		self.assertEqual(report.status_code, 200, report.text)
		self.assertNotIn(SECRET, report.text)
		value = self.call(
			OFFICER_A,
			"post",
			"/api/method/frappe.client.get_value",
			{"doctype": "Directive Task", "fieldname": "content", "filters": {"name": self.task_a2}},
		)
		self.assertNotIn(SECRET, value.text)
		search = self.call(
			OFFICER_A,
			"post",
			"/api/method/frappe.desk.search.search_link",
			{"doctype": "Directive Task", "txt": "", "page_length": 100},
		)
		self.assertEqual(search.status_code, 200, search.text)
		found = {row["value"] for row in search.json["message"]}
		self.assertIn(self.task_a, found)
		self.assertFalse(found & {self.task_a2, self.task_b})

	def test_officer_reads_no_report_or_file_of_a_task_not_handed(self):
		self.assertRefused(self.call(OFFICER_A, "get", self.resource("Progress Report", self.report_a2)))
		self.assertEqual(self.listed(OFFICER_A, "Progress Report", {"task": self.task_a2}), [])
		self.assertEqual(self.count(OFFICER_A, "Progress Report", {"task": self.task_a2}).json["message"], 0)
		self.assertRefused(self.call(OFFICER_A, "get", self.resource("File", self.file_a2)))
		self.assertNotListed(OFFICER_A, "File", [self.file_a2], {"attached_to_name": self.task_a2})
		url = frappe.db.get_value("File", self.file_a2, "file_url")
		self.assertRefused(self.call(OFFICER_A, "get", url))
		self.assertEqual(self.call(self.p.focal_a, "get", url).status_code, 200)

	def test_officer_loses_the_task_when_the_office_gives_it_to_another_agency(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS, content=SECRET)
		self.make_as(
			self.p.focal_a,
			{
				"doctype": "Task Handover",
				"task": task.name,
				"officer": OFFICER_A,
				"internal_deadline": add_days(today(), 5),
			},
		)
		task.reload()
		task.lead_agency = self.p.agency_b  # the office gives the task to B instead
		task.save(ignore_permissions=True)
		frappe.db.commit()
		self.assertRefused(self.call(OFFICER_A, "get", self.resource("Directive Task", task.name)))
		self.assertNotIn(task.name, self.listed(OFFICER_A, "Directive Task", {"directive": self.directive}))
		report = self.call(
			OFFICER_A,
			"post",
			self.resource("Progress Report"),
			{"task": task.name, "progress": 30, "content": "Báo cáo nhiệm vụ đã chuyển"},
		)
		self.assertRefused(report)
		self.assertFalse(frappe.db.exists("Progress Report", {"task": task.name}))

	def test_officers_do_not_read_each_others_handovers_or_assignments(self):
		mine = self.listed(OFFICER_A, "Task Handover", {"task": ["in", [self.task_a, self.task_b]]})
		self.assertEqual(mine, [self.handover_a])
		self.assertRefused(self.call(OFFICER_A, "get", self.resource("Task Handover", self.handover_b)))
		self.assertRefused(self.call(OFFICER_B, "get", self.resource("Task Handover", self.handover_a)))
		todo_b = frappe.db.get_value("ToDo", {"reference_name": self.handover_b, "allocated_to": OFFICER_B})
		self.assertTrue(todo_b)
		self.assertRefused(self.call(OFFICER_A, "get", self.resource("ToDo", todo_b)))
		self.assertNotIn(todo_b, self.listed(OFFICER_A, "ToDo", {"reference_type": "Task Handover"}))

	def test_officer_does_not_approve_its_own_report_nor_report_on_a_task_not_handed(self):
		refused = self.call(
			OFFICER_A,
			"post",
			self.resource("Progress Report"),
			{"task": self.task_a2, "progress": 10, "content": "Không được giao"},
		)
		self.assertRefused(refused)
		self.assertEqual(frappe.db.count("Progress Report", {"task": self.task_a2}), 1)  # A's own only
		drafted = self.call(
			OFFICER_A,
			"post",
			self.resource("Progress Report"),
			{
				"task": self.task_a,
				"progress": 20,
				"content": "Dự thảo",
				"drafted_by": "",
				"approved_by": OFFICER_A,
			},
		)
		self.assertIn(drafted.status_code, (200, 403), drafted.text)
		if drafted.status_code == 403:  # refused for the forged system fields: draft it plainly
			drafted = self.call(
				OFFICER_A,
				"post",
				self.resource("Progress Report"),
				{"task": self.task_a, "progress": 20, "content": "Dự thảo"},
			)
		self.assertEqual(drafted.status_code, 200, drafted.text)
		report = drafted.json["data"]["name"]
		self.assertEqual(frappe.db.get_value("Progress Report", report, "drafted_by"), OFFICER_A)
		self.assertFalse(frappe.db.get_value("Progress Report", report, "approved_by"))
		cleared = self.call(
			OFFICER_A, "put", self.resource("Progress Report", report), {"drafted_by": "", "progress": 25}
		)
		self.assertLess(cleared.status_code, 500, cleared.text)
		self.assertEqual(frappe.db.get_value("Progress Report", report, "drafted_by"), OFFICER_A)
		doc = frappe.get_doc("Progress Report", report).as_dict(convert_dates_to_str=True)
		for user in (OFFICER_A, self.p.focal_a):  # approval is the head's (the default Reports Approved By)
			with self.subTest(user=user):
				submitted = self.call(user, "post", "/api/method/frappe.client.submit", {"doc": doc})
				self.assertRefused(submitted, 403, 417)
				self.assertEqual(frappe.db.get_value("Progress Report", report, "docstatus"), 0)
				self.assertEqual(frappe.db.get_value("Directive Task", self.task_a, "progress"), 0)
		# the draft is the lead agency's own: a coordinating agency reads reports once submitted
		b = self.p.focal_b
		self.assertRefused(self.call(b, "get", self.resource("Progress Report", report)))
		self.assertNotListed(b, "Progress Report", [report], {"task": self.task_a})
		self.assertEqual(self.count(b, "Progress Report", {"name": report}).json["message"], 0)
		self.assertEqual(
			self.call(self.p.head_a, "get", self.resource("Progress Report", report)).status_code, 200
		)

	# A coordinating agency sees nothing of the lead's forwarding

	def test_coordinator_reads_no_handover_of_the_lead(self):
		b = self.p.focal_b
		self.assertEqual(self.call(b, "get", self.resource("Directive Task", self.task_a)).status_code, 200)
		self.assertRefused(self.call(b, "get", self.resource("Task Handover", self.handover_a)))
		self.assertEqual(self.listed(b, "Task Handover", {"task": self.task_a}), [])
		self.assertEqual(self.count(b, "Task Handover", {"task": self.task_a}).json["message"], 0)
		value = self.call(
			b,
			"post",
			"/api/method/frappe.client.get_value",
			{"doctype": "Task Handover", "fieldname": ["officer", "note"], "filters": {"task": self.task_a}},
		)
		self.assertNotIn(OFFICER_A, value.text)
		todo = frappe.db.get_value("ToDo", {"reference_name": self.handover_a})
		self.assertRefused(self.call(b, "get", self.resource("ToDo", todo)))
		versions = frappe.get_all("Version", {"docname": self.handover_a}, pluck="name")
		self.assertNotListed(b, "Version", versions, {"docname": self.handover_a})
		commented = self.call(
			b,
			"post",
			"/api/method/frappe.desk.form.utils.add_comment",
			{
				"reference_doctype": "Task Handover",
				"reference_name": self.handover_a,
				"content": "Bình luận của đơn vị phối hợp",
				"comment_email": b,
				"comment_by": b,
			},
		)
		self.assertRefused(commented)
		self.assertFalse(frappe.db.exists("Comment", {"reference_name": self.handover_a, "owner": b}))

		# Who handles the task inside the lead agency is the lead's: no officer names for the coordinator.
		def officer_query(user, filters, method="post"):
			return self.call(
				user,
				method,
				"/api/method/chidao_dieuhanh.api.forwarding.officer_query",
				{
					"doctype": "User",
					"txt": "",
					"searchfield": "name",
					"start": 0,
					"page_len": 20,
					"filters": filters,
				},
			)

		self.assertNotIn(OFFICER_A, officer_query(b, {"task": self.task_a}).text)
		lead = officer_query(self.p.focal_a, {"task": self.task_a})
		self.assertIn(OFFICER_A, lead.text)  # the lead agency still picks its officers
		# The filters sent as a string over HTTP: read as JSON, or refused with a 4xx, never a 500.
		for filters, status in (
			(json.dumps({"task": self.task_a}), 200),
			("{not json", 417),
			('["task"]', 417),
			(json.dumps({"task": ["in", [self.task_a]]}), 200),
		):
			with self.subTest(filters=filters):
				response = officer_query(self.p.focal_a, filters, method="get")
				self.assertEqual(response.status_code, status, response.text)
		# A coordinator's officer reads no contribution of the task it was not handed.
		self.assertRefused(
			self.call(OFFICER_B, "get", self.resource("Coordination Contribution", self.contribution))
		)

	def test_agency_hands_over_only_its_own_tasks_to_its_own_officers(self):
		before = frappe.db.count("Task Handover")
		for user, fields in (
			(self.p.focal_a, {"task": self.task_b, "officer": OFFICER_A}),  # B's task
			(self.p.focal_b, {"task": self.task_a, "officer": OFFICER_B}),  # B only coordinates it
			(OFFICER_A, {"task": self.task_a, "officer": OFFICER_A}),  # an officer hands nothing on
		):
			with self.subTest(user=user, fields=fields):
				response = self.call(
					user,
					"post",
					self.resource("Task Handover"),
					{"internal_deadline": add_days(today(), 3), **fields},
				)
				self.assertRefused(response)
		moved = self.call(
			self.p.focal_a, "put", self.resource("Task Handover", self.handover_a), {"task": self.task_b}
		)
		self.assertRefused(moved, 403, 417)
		self.assertEqual(frappe.db.get_value("Task Handover", self.handover_a, "task"), self.task_a)
		self.assertEqual(frappe.db.count("Task Handover"), before)

	def test_contribution_only_by_a_coordinator_and_leaks_nothing_of_the_task(self):
		before = frappe.db.count("Coordination Contribution")
		for task in (self.task_a2, "ATK12-NO-SUCH-TASK"):
			with self.subTest(task=task):
				response = self.call(
					self.p.focal_b,
					"post",
					self.resource("Coordination Contribution"),
					{"task": task, "contribution_date": today(), "content": "Góp ý"},
				)
				self.assertRefused(response, 403, 404, 417, 422)
		forged = self.call(
			self.p.focal_a,
			"put",
			self.resource("Coordination Contribution", self.contribution),
			{"content": "Sửa góp ý của đơn vị khác"},
		)
		self.assertRefused(forged)
		self.assertEqual(
			frappe.db.get_value("Coordination Contribution", self.contribution, "content"), SECRET
		)
		self.assertEqual(frappe.db.count("Coordination Contribution"), before)

	# Explanation requests, instructions, delegations of another agency

	def test_explanation_request_of_another_agency_is_not_read_nor_answered(self):
		a = self.p.focal_a
		self.assertRefused(self.call(a, "get", self.resource("Explanation Request", self.explanation)))
		self.assertEqual(self.listed(a, "Explanation Request", {"task": self.task_b}), [])
		self.assertEqual(self.count(a, "Explanation Request", {"task": self.task_b}).json["message"], 0)
		linked = self.call(
			a,
			"post",
			"/api/method/frappe.client.validate_link",
			{"doctype": "Explanation Request", "docname": self.explanation, "fields": ["task_content"]},
		)
		self.assertNotIn(SECRET, linked.text)
		answered = self.call(
			a,
			"put",
			self.resource("Explanation Request", self.explanation),
			{"delay_reason": "Không phải của A"},
		)
		self.assertRefused(answered)
		comment = self.call(
			a,
			"post",
			"/api/method/frappe.desk.form.utils.add_comment",
			{
				"reference_doctype": "Explanation Request",
				"reference_name": self.explanation,
				"content": "Bình luận lạ",
				"comment_email": a,
				"comment_by": a,
			},
		)
		self.assertRefused(comment)
		self.assertFalse(frappe.db.get_value("Explanation Request", self.explanation, "delay_reason"))
		asked = self.call(a, "post", self.resource("Explanation Request"), {"task": self.task_b})
		self.assertRefused(asked)
		self.assertEqual(frappe.db.count("Explanation Request", {"task": self.task_b}), 1)

	def test_instruction_read_by_the_tasks_agencies_only_and_written_by_leaders_only(self):
		for user in (self.p.focal_a, OFFICER_A, OFFICER_B):  # B's officer: not a reader of instructions
			with self.subTest(user=user):
				self.assertRefused(
					self.call(user, "get", self.resource("Leader Instruction", self.instruction))
				)
		self.assertEqual(self.listed(self.p.focal_a, "Leader Instruction", {"task": self.task_b}), [])
		before = frappe.db.count("Leader Instruction")
		for user in (self.p.officer, self.p.focal_b, self.p.head_a):
			with self.subTest(user=user):
				response = self.call(
					user,
					"post",
					self.resource("Leader Instruction"),
					{"task": self.task_b, "instruction": "Chỉ đạo giả"},
				)
				self.assertRefused(response)
		changed = self.call(
			self.p.leader,
			"put",
			self.resource("Leader Instruction", self.instruction),
			{"instruction": "Sửa"},
		)
		self.assertRefused(changed, 403, 417)
		self.assertEqual(frappe.db.get_value("Leader Instruction", self.instruction, "instruction"), SECRET)
		self.assertEqual(frappe.db.count("Leader Instruction"), before)
		logs = self.listed(self.p.focal_a, "Notification Log", {"document_name": self.instruction})
		self.assertEqual(logs, [])

	def test_work_delegation_only_for_oneself_within_the_agency_and_for_a_bounded_period(self):
		a = self.p.focal_a
		self.assertRefused(self.call(a, "get", self.resource("Work Delegation", self.delegation)))
		self.assertNotIn(self.delegation, self.listed(a, "Work Delegation"))
		for method, data in (("put", {"reason": "Sửa ủy quyền của người khác"}), ("delete", None)):
			with self.subTest(method=method):
				self.assertRefused(
					self.call(a, method, self.resource("Work Delegation", self.delegation), data)
				)
		self.assertEqual(frappe.db.get_value("Work Delegation", self.delegation, "reason"), SECRET)
		before = frappe.db.count("Work Delegation")
		start = add_days(today(), 20)
		base = {"delegator": a, "delegate": self.p.head_a, "from_date": start, "reason": AWAY}
		for case, fields in (
			("for someone else", {"delegator": self.p.focal_b, "delegate": OFFICER_B}),
			("outside the agency", {"delegate": self.p.focal_b}),
			("an officer of another agency", {"delegate": OFFICER_B}),
			("started in the past", {"from_date": add_days(today(), -3)}),
			("ends before it starts", {"to_date": add_days(today(), 19)}),
			("never ends", {"to_date": "2999-12-31"}),
			("no such delegate", {"delegate": "nobody.atk12@test.chidao.vn"}),
			("not a date", {"to_date": "mai"}),
		):
			with self.subTest(case=case):
				response = self.call(
					a,
					"post",
					self.resource("Work Delegation"),
					{**base, "to_date": add_days(today(), 25), **fields},
				)
				self.assertBadInput(response)
				self.assertNotIn(SECRET, response.text)
		self.assertEqual(frappe.db.count("Work Delegation"), before)

	# The task-agency index and the repetitions

	def test_task_agency_index_is_not_readable_by_agencies(self):
		for user in (self.p.focal_a, OFFICER_A):
			with self.subTest(user=user):
				self.assertRefused(
					self.call(
						user, "get", self.resource("Directive Task Agency"), {"fields": '["task","agency"]'}
					)
				)
				self.assertRefused(self.count(user, "Directive Task Agency"))
				self.assertRefused(
					self.call(
						user,
						"post",
						"/api/method/frappe.desk.reportview.get_count",
						{"doctype": "Directive Task Agency"},
					)
				)
				search = self.call(
					user,
					"post",
					"/api/method/frappe.desk.search.search_link",
					{"doctype": "Directive Task Agency", "txt": ""},
				)
				self.assertIn(search.status_code, (200, 403), search.text)
				self.assertNotIn(self.task_b, search.text)
				added = self.call(
					user,
					"post",
					self.resource("Directive Task Agency"),
					{"task": self.task_b, "agency": self.p.agency_a},
				)
				self.assertRefused(added)
		self.assertFalse(
			frappe.db.exists("Directive Task Agency", {"task": self.task_b, "agency": self.p.agency_a})
		)

	def test_repetition_of_another_agencys_task_is_hidden_and_unchangeable(self):
		a = self.p.focal_a
		self.assertNotListed(a, "Auto Repeat", [self.repeat])
		self.assertRefused(self.call(a, "get", self.resource("Auto Repeat", self.repeat)))
		ended = self.call(a, "put", self.resource("Auto Repeat", self.repeat), {"disabled": 1})
		self.assertRefused(ended)
		self.assertEqual(frappe.db.get_value("Auto Repeat", self.repeat, "disabled"), 0)

	def test_child_rows_of_another_agencys_task_are_not_read_nor_saved_alone(self):
		row = frappe.get_doc("Directive Task", self.task_a).coordinating_agencies[0]
		self.assertRefused(self.call(OFFICER_B, "get", self.resource("Task Coordinating Agency", row.name)))
		saved = self.call(
			self.p.focal_b,
			"post",
			"/api/method/frappe.client.save",
			{"doc": {**row.as_dict(convert_dates_to_str=True), "agency": self.p.agency_a_sub}},
		)
		self.assertRefused(saved, 403, 417)
		self.assertEqual(frappe.db.get_value("Task Coordinating Agency", row.name, "agency"), self.p.agency_b)

	def test_notifications_by_agency_roles_are_refused_on_the_new_doctypes(self):
		for doctype in NEW_DOCTYPES:
			for role in ("Agency Officer", "Agency Focal Point"):
				with self.subTest(doctype=doctype, role=role):
					notification = frappe.get_doc(
						{
							"doctype": "Notification",
							"name": f"ATK12 {doctype} {role}",
							"subject": "ATK12",
							"document_type": doctype,
							"event": "New",
							"channel": "System Notification",
							"message": "{{ doc.name }}",
							"recipients": [{"receiver_by_role": role}],
						}
					)
					with self.assertRaises(RoleRecipientsOutsideOffice):
						notification.insert()

	def test_frappes_side_doors_keep_the_new_doctypes_to_their_readers(self):
		b = self.p.focal_b
		counts = self.call(
			b,
			"post",
			"/api/method/frappe.desk.notifications.get_open_count",
			{"doctype": "Directive Task", "name": self.task_a},
		)
		self.assertEqual(counts.status_code, 200, counts.text)
		found = {
			row["doctype"]: row["count"] for row in counts.json["message"]["count"]["external_links_found"]
		}
		self.assertEqual(found.get("Task Handover", 0), 0)  # B coordinates the task: A's forwarding is A's
		search = self.call(
			b, "post", "/api/method/frappe.desk.search.search_link", {"doctype": "Task Handover", "txt": ""}
		)
		self.assertNotIn(self.handover_a, search.text)
		for doctype, name in (
			("Explanation Request", self.explanation),
			("Leader Instruction", self.instruction),
			("Directive Task", self.task_b),
		):
			with self.subTest(doctype=doctype):
				title = self.call(
					self.p.focal_a,
					"post",
					"/api/method/frappe.desk.search.get_link_title",
					{"doctype": doctype, "docname": name},
				)
				self.assertNotIn(SECRET, title.text)
				printed = self.call(
					self.p.focal_a,
					"post",
					"/api/method/frappe.www.printview.get_html_and_style",
					{"doc": doctype, "name": name},
				)
				self.assertRefused(printed, 403, 404, 417)
		linked = self.call(
			self.p.focal_a,
			"post",
			"/api/method/frappe.client.validate_link",
			{"doctype": "Directive Task", "docname": self.task_b, "fields": ["content"]},
		)
		self.assertNotIn(SECRET, linked.text)
		# B assigns its own handover to A's officer, who may not read it: refused, and nothing shared.
		assigned = self.call(
			b,
			"post",
			"/api/method/frappe.desk.form.assign_to.add",
			{"doctype": "Task Handover", "name": self.handover_b, "assign_to": json.dumps([OFFICER_A])},
		)
		self.assertRefused(assigned, 403, 417)
		self.assertFalse(
			frappe.db.exists("ToDo", {"reference_name": self.handover_b, "allocated_to": OFFICER_A})
		)
		self.assertFalse(frappe.db.exists("DocShare", {"share_name": self.handover_b, "user": OFFICER_A}))

	# Bad input: a 4xx with a message, nothing saved

	def test_handover_bad_input_is_4xx_and_nothing_saved(self):
		before = frappe.db.count("Task Handover")
		deadline = frappe.db.get_value("Directive Task", self.task_a, "deadline")
		good = {"task": self.task_a, "officer": OFFICER_A, "internal_deadline": add_days(today(), 3)}
		for case, fields in (
			("after the task's deadline", {"internal_deadline": str(add_days(deadline, 1))}),
			("in the past", {"internal_deadline": str(add_days(today(), -1))}),
			("officer and sub-unit", {"sub_unit": self.p.agency_a_sub}),
			("no recipient", {"officer": None}),
			("another agency's officer", {"officer": OFFICER_B}),
			("a sub-unit of another agency", {"officer": None, "sub_unit": self.p.agency_b}),
			("no such task", {"task": "ATK12-NO-SUCH-TASK"}),
			("no internal deadline", {"internal_deadline": None}),
			("not a date", {"internal_deadline": "tuần sau"}),
			("emoji note over its bytes", {"note": EMOJI_TEXT}),
		):
			with self.subTest(case=case):
				response = self.call(
					self.p.focal_a, "post", self.resource("Task Handover"), {**good, **fields}
				)
				self.assertBadInput(response)
		self.assertEqual(frappe.db.count("Task Handover"), before)

	def test_explanation_and_instruction_bad_input_is_4xx_and_nothing_saved(self):
		before = frappe.db.count("Explanation Request"), frappe.db.count("Leader Instruction")
		for case, fields in (
			("task on track", {"task": self.task_a}),
			("no such task", {"task": "ATK12-NO-SUCH-TASK"}),
			("no task", {}),
			("response days a word", {"task": self.task_late, "response_days": "năm"}),
			("negative response days", {"task": self.task_late, "response_days": -3}),
			("emoji note over its bytes", {"task": self.task_late, "request_note": EMOJI_TEXT}),
		):
			with self.subTest(case=case):
				response = self.call(self.p.officer, "post", self.resource("Explanation Request"), fields)
				self.assertBadInput(response)
		for case, fields in (
			("no instruction", {"task": self.task_a}),
			("blank instruction", {"task": self.task_a, "instruction": "   "}),
			("emoji over its bytes", {"task": self.task_a, "instruction": EMOJI_TEXT}),
			("no such task", {"task": "ATK12-NO-SUCH-TASK", "instruction": "Chỉ đạo"}),
		):
			with self.subTest(case=case):
				response = self.call(self.p.leader, "post", self.resource("Leader Instruction"), fields)
				self.assertBadInput(response)
		after = frappe.db.count("Explanation Request"), frappe.db.count("Leader Instruction")
		self.assertEqual(after, before)

	def test_a_field_given_a_list_or_an_object_is_a_4xx_and_nothing_saved(self):
		def client(method):
			return f"/api/method/frappe.client.{method}"

		instruction = {"doctype": "Leader Instruction", "instruction": "x"}
		task_a = {"doctype": "Directive Task", "name": self.task_a}
		before = (
			frappe.db.count("Leader Instruction"),
			frappe.db.get_value("Directive Task", self.task_a, "lead_agency"),
		)
		for user, method, path, body in (
			(
				self.p.leader,
				"post",
				self.resource("Leader Instruction"),
				{"task": [self.task_a], "instruction": "x"},
			),
			(self.p.leader, "post", self.resource("Leader Instruction"), {"task": {"name": self.task_a}}),
			(
				self.p.focal_a,
				"put",
				self.resource("Directive Task", self.task_a),
				{"lead_agency": [self.p.agency_b]},
			),
			(
				self.p.officer,
				"put",
				self.resource("Directive Task", self.task_a),
				{"coordinating_agencies": [{"agency": [self.p.agency_b]}]},
			),
			(
				self.p.officer,
				"put",
				self.resource("Directive Task", self.task_a),
				{"coordinating_agencies": "x"},
			),
			# Frappe's own writes by method
			(self.p.leader, "post", client("insert"), {"doc": {**instruction, "task": [self.task_a]}}),
			(self.p.leader, "post", client("insert"), {"doc": json.dumps({**instruction, "task": {"n": 1}})}),
			(
				self.p.leader,
				"post",
				client("insert_many"),
				{"docs": [{**instruction, "task": [self.task_a]}]},
			),
			(
				self.p.officer,
				"post",
				client("save"),
				{"doc": {"doctype": "Directive Task", "name": self.task_a, "lead_agency": [self.p.agency_b]}},
			),
			(
				self.p.officer,
				"post",
				client("set_value"),
				{**task_a, "fieldname": "lead_agency", "value": [self.p.agency_b]},
			),
			(
				self.p.officer,
				"post",
				client("set_value"),
				{**task_a, "fieldname": json.dumps({"lead_agency": {"name": self.p.agency_b}})},
			),
			(
				self.p.officer,
				"post",
				"/api/method/frappe.desk.form.save.savedocs",
				{"doc": json.dumps({**task_a, "lead_agency": [self.p.agency_b]}), "action": "Save"},
			),
		):
			with self.subTest(user=user, body=body):
				response = self.call(user, method, path, body)
				self.assertEqual(response.status_code, 400, response.text)
		after = (
			frappe.db.count("Leader Instruction"),
			frappe.db.get_value("Directive Task", self.task_a, "lead_agency"),
		)
		self.assertEqual(after, before)
		# set_value's odd shapes, read as Frappe reads them: a 4xx at worst, never a 500
		for fields in (
			{"fieldname": json.dumps(["lead_agency"])},
			{"fieldname": json.dumps(["lead_agency"]), "value": "x"},
			{"fieldname": "lead_agency", "value": []},
		):
			with self.subTest(fields=fields):
				response = self.call(self.p.officer, "post", client("set_value"), {**task_a, **fields})
				self.assertLess(response.status_code, 500, response.text)
		self.assertEqual(frappe.db.get_value("Directive Task", self.task_a, "lead_agency"), before[1])

	def test_the_agency_asked_answers_its_explanation_after_the_task_moves_on(self):
		from chidao_dieuhanh import task_agencies

		lead = frappe.db.get_value("Directive Task", self.task_b, "lead_agency")
		frappe.db.set_value("Directive Task", self.task_b, "lead_agency", self.p.agency_a)
		task_agencies.rebuild([self.task_b])
		frappe.db.commit()
		try:
			asked = self.call(self.p.focal_b, "get", self.resource("Explanation Request", self.explanation))
			self.assertEqual(asked.status_code, 200, asked.text)
			self.assertIn(self.explanation, self.listed(self.p.focal_b, "Explanation Request"))
			self.assertRefused(
				self.call(self.p.focal_a, "get", self.resource("Explanation Request", self.explanation))
			)
		finally:
			frappe.db.set_value("Directive Task", self.task_b, "lead_agency", lead)
			task_agencies.rebuild([self.task_b])
			frappe.db.commit()

	def test_a_handover_keeps_its_officer_hand_over_again_instead(self):
		response = self.call(
			self.p.focal_a,
			"put",
			self.resource("Task Handover", self.handover_a),
			{"officer": self.p.focal_a},
		)
		self.assertBadInput(response)
		self.assertEqual(frappe.db.get_value("Task Handover", self.handover_a, "officer"), OFFICER_A)

	def test_forwarding_methods_without_or_with_foreign_arguments_are_4xx(self):
		missing = self.call(
			self.p.focal_a, "post", "/api/method/chidao_dieuhanh.api.forwarding.task_actions", {}
		)
		self.assertBadInput(missing, "Missing argument")
		foreign = self.call(
			self.p.focal_a,
			"post",
			"/api/method/chidao_dieuhanh.api.forwarding.task_actions",
			{"task": self.task_b},
		)
		self.assertRefused(foreign)
		unknown = self.call(
			self.p.focal_a,
			"post",
			"/api/method/chidao_dieuhanh.api.forwarding.task_actions",
			{"task": "ATK12-NO-SUCH-TASK"},
		)
		self.assertBadInput(unknown)
