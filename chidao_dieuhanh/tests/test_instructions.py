# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Leaders' instructions on a task, over HTTP: who gives them, who reads them (also through the side doors),
their order, the task's print, and the e-mail and in-app notification to the lead agency and the tracking
officer."""

import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase

from chidao_dieuhanh.confidentiality import NOTICE
from chidao_dieuhanh.task_states import IN_PROGRESS
from chidao_dieuhanh.tests.api_tokens import quick_token
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task
from chidao_dieuhanh.tests.mail_checks import (
	SOURCE,
	SOURCE_SHOWN,
	MailChecks,
	queued_mails,
	read,
	set_issuing_office,
)

DOCTYPE = "Leader Instruction"


class TestLeaderInstructions(ProvinceTestCase, FrappeAPITestCase, MailChecks):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		set_issuing_office()
		cls.directive_a = make_directive(**SOURCE)
		cls.directive_b = make_directive(summary="Chỉ đạo cho Sở B", document_number="77/UBND-B")
		cls.task_a = make_task(
			cls.directive_a, p.agency_a, state=IN_PROGRESS, tracking_officer=p.officer, content="Nhiệm vụ A"
		).name
		cls.task_b = make_task(cls.directive_b, p.agency_b, state=IN_PROGRESS, content="Nhiệm vụ B").name
		cls.tokens = {
			user: quick_token(user) for user in (p.leader, p.office_leader, p.officer, p.focal_a, p.focal_b)
		}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		names = frappe.get_all(DOCTYPE, filters={"task": ["in", [cls.task_a, cls.task_b]]}, pluck="name")
		delete_mail_about(DOCTYPE, names)
		frappe.db.delete(DOCTYPE, {"name": ["in", names or [""]]})
		delete_mail_about("Directive Task", [cls.task_a, cls.task_b])
		for task in (cls.task_a, cls.task_b):
			frappe.delete_doc("Directive Task", task, force=True)
		for directive in (cls.directive_a, cls.directive_b):
			frappe.delete_doc("Directive", directive, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def as_user(self, user):
		return {"Authorization": self.tokens[user]}

	def give(self, user, task, text):
		response = self.post(
			self.resource(DOCTYPE), {"task": task, "instruction": text}, headers=self.as_user(user)
		)
		frappe.db.commit()
		return response

	def test_leader_gives_an_instruction_the_agency_and_officer_are_told(self):
		response = self.give(self.p.leader, self.task_a, "Khẩn trương hoàn thành trước ngày 15.")
		self.assertEqual(response.status_code, 200, response.json)
		name = response.json["data"]["name"]
		doc = frappe.get_doc(DOCTYPE, name)
		self.assertEqual(doc.leader, self.p.leader)
		self.assertEqual(doc.lead_agency, self.p.agency_a)
		recipients = set(
			frappe.get_all(
				"Email Queue Recipient",
				filters={
					"parent": [
						"in",
						frappe.get_all(
							"Email Queue",
							filters={"reference_doctype": DOCTYPE, "reference_name": name},
							pluck="name",
						),
					]
				},
				pluck="recipient",
			)
		)
		self.assertEqual(recipients, {self.p.focal_a, self.p.officer})
		(mail,) = queued_mails(DOCTYPE, name)
		self.assertIn(self.task_a, mail["subject"])
		self.assertIn("Khẩn trương hoàn thành trước ngày 15.", read(mail["html"]))
		self.assertNamesSource(mail["html"], shown=SOURCE_SHOWN, summary=SOURCE["summary"])
		self.assertEndsWithSender(mail["html"])
		# In-app too (given here in the test's process: a request's alerts wait for a background worker).
		frappe.set_user(self.p.leader)
		alert = frappe.get_doc(
			{"doctype": DOCTYPE, "task": self.task_a, "instruction": "Báo cáo ngay"}
		).insert()
		logs = frappe.get_all(
			"Notification Log",
			filters={"document_type": DOCTYPE, "document_name": alert.name},
			pluck="for_user",
		)
		self.assertEqual(set(logs), {self.p.focal_a, self.p.officer})

	def test_an_instruction_on_a_confidential_task_stays_in_the_system(self):
		directive = frappe.get_doc("Directive", self.directive_b)
		frappe.db.set_value("Directive", directive.name, "confidentiality", "Secret")
		frappe.db.commit()
		try:
			response = self.give(self.p.leader, self.task_b, "BIMAT-CHIDAO")
			self.assertEqual(response.status_code, 200, response.json)
			(mail,) = queued_mails(DOCTYPE, response.json["data"]["name"])
			for text in (mail["html"], mail["text"], mail["subject"]):
				self.assertNotIn("BIMAT-CHIDAO", text)
				self.assertNotIn("Nhiệm vụ B", text)
			self.assertIn(NOTICE, read(mail["html"]))
		finally:
			frappe.db.set_value("Directive", directive.name, "confidentiality", directive.confidentiality)
			frappe.db.commit()

	def test_only_leaders_give_instructions(self):
		before = frappe.db.count(DOCTYPE)
		for user in (self.p.officer, self.p.focal_a):
			response = self.give(user, self.task_a, "Không phải lãnh đạo")
			self.assertEqual(response.status_code, 403, (user, response.json))
		self.assertEqual(frappe.db.count(DOCTYPE), before)

	def test_instructions_are_kept_in_order_and_never_changed(self):
		first = self.give(self.p.leader, self.task_b, "Thứ nhất").json["data"]["name"]
		second = self.give(self.p.office_leader, self.task_b, "Thứ hai").json["data"]["name"]
		listed = self.get(
			self.resource(DOCTYPE),
			{
				"filters": json.dumps({"task": self.task_b}),
				"fields": json.dumps(["name", "leader"]),
				"order_by": "instructed_on asc, creation asc",
			},
			headers=self.as_user(self.p.officer),
		).json["data"]
		self.assertEqual([row["name"] for row in listed][-2:], [first, second])
		self.assertEqual(listed[-1]["leader"], self.p.office_leader)
		for user in (self.p.leader, self.p.office_leader):
			changed = self.put(
				self.resource(DOCTYPE, first), {"instruction": "Sửa"}, headers=self.as_user(user)
			)
			self.assertEqual(changed.status_code, 403, changed.json)
			deleted = self.delete(self.resource(DOCTYPE, first), headers=self.as_user(user))
			self.assertEqual(deleted.status_code, 403)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value(DOCTYPE, first, "instruction"), "Thứ nhất")
		# Written in the task's print, in the order given.
		html = read(frappe.get_print("Directive Task", self.task_b))
		self.assertLess(html.index("Thứ nhất"), html.index("Thứ hai"))

	def test_agencies_read_the_instructions_of_their_tasks_only(self):
		mine = self.give(self.p.leader, self.task_a, "Cho Sở A").json["data"]["name"]
		other = self.give(self.p.leader, self.task_b, "Cho Sở B").json["data"]["name"]
		headers = self.as_user(self.p.focal_a)
		listed = self.get(
			self.resource(DOCTYPE),
			{"limit_page_length": 0, "fields": json.dumps(["name", "task"])},
			headers=headers,
		).json["data"]
		self.assertIn(mine, {row["name"] for row in listed})
		self.assertEqual({row["task"] for row in listed}, {self.task_a})
		self.assertEqual(self.get(self.resource(DOCTYPE, mine), headers=headers).status_code, 200)
		self.assertEqual(self.get(self.resource(DOCTYPE, other), headers=headers).status_code, 403)
		count = self.get(
			self.method("frappe.client.get_count"),
			{"doctype": DOCTYPE, "filters": json.dumps({"task": self.task_b})},
			headers=headers,
		).json["message"]
		self.assertEqual(count, 0)
		report = self.post(
			self.method("frappe.desk.reportview.get"),
			{"doctype": DOCTYPE, "fields": json.dumps([f"`tab{DOCTYPE}`.`instruction`"]), "limit": 500},
			headers=headers,
		).json["message"]
		values = [row[0] for row in report.get("values", [])] if report else []
		self.assertNotIn("Cho Sở B", values)
		# The task's print shows an agency only its own task's instructions.
		printed = self.get(
			self.method("frappe.www.printview.get_html_and_style"),
			{"doc": "Directive Task", "name": self.task_a, "print_format": "Standard"},
			headers=headers,
		)
		self.assertEqual(printed.status_code, 200, printed.text[:500])
		self.assertIn("Cho Sở A", read(printed.json["message"]["html"]))
