# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""An agency user sees only its own agency's tasks, everywhere: lists, documents, search and REST."""

import json

import frappe
from frappe.desk.search import search_link
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh.task_states import ASSIGNED, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task


def api_token(user: str) -> str:
	doc = frappe.get_doc("User", user)
	if not doc.api_key:
		doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


class TestAgencyScope(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.directive_a = make_directive(summary="Chỉ đạo cho Sở A", document_number="1/UBND-A")
		cls.directive_b = make_directive(summary="Chỉ đạo cho Sở B", document_number="2/UBND-B")
		cls.task_a = make_task(cls.directive_a, p.agency_a, state=IN_PROGRESS).name
		cls.task_a_sub = make_task(cls.directive_a, p.agency_a_sub, state=ASSIGNED).name
		cls.task_b = make_task(cls.directive_b, p.agency_b, state=IN_PROGRESS).name
		cls.task_b_coord_a = make_task(
			cls.directive_b, p.agency_b, state=ASSIGNED, coordinators=[p.agency_a]
		).name
		for task in (cls.task_a, cls.task_b):
			frappe.get_doc(
				{"doctype": "Progress Report", "task": task, "progress": 10, "content": "Báo cáo"}
			).insert().submit()
			frappe.get_doc(
				{
					"doctype": "Extension Request",
					"task": task,
					"proposed_deadline": add_days(today(), 60),
					"reason": "Lý do",
				}
			).insert()
		cls.token_b = api_token(p.focal_b)
		cls.token_a = api_token(p.focal_a)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doctype in ("Progress Report", "Extension Request"):
			for name in frappe.get_all(doctype, {"task": ["in", cls.all_tasks()]}, pluck="name"):
				frappe.db.delete(doctype, name)
		tasks = cls.all_tasks()
		delete_mail_about("Directive Task", tasks)
		for task in tasks:
			frappe.delete_doc("Directive Task", task, force=True)
		for directive in (cls.directive_a, cls.directive_b):
			frappe.delete_doc("Directive", directive, force=True)
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def all_tasks(cls):
		return [cls.task_a, cls.task_a_sub, cls.task_b, cls.task_b_coord_a]

	def visible(self, doctype, user, **filters):
		frappe.set_user(user)
		return set(frappe.get_list(doctype, filters=filters, pluck="name"))

	# get_list

	def test_agency_lists_only_tasks_it_leads_or_coordinates(self):
		mine = self.visible("Directive Task", self.p.focal_a)
		self.assertTrue({self.task_a, self.task_a_sub, self.task_b_coord_a} <= mine)
		self.assertNotIn(self.task_b, mine)
		theirs = self.visible("Directive Task", self.p.focal_b)
		self.assertTrue({self.task_b, self.task_b_coord_a} <= theirs)
		self.assertFalse({self.task_a, self.task_a_sub} & theirs)

	def test_sub_unit_does_not_see_its_parent_agency_tasks(self):
		mine = self.visible("Directive Task", self.p.focal_a_sub)
		self.assertIn(self.task_a_sub, mine)
		self.assertNotIn(self.task_a, mine)

	def test_agency_head_sees_the_agency_tasks(self):
		self.assertIn(self.task_a, self.visible("Directive Task", self.p.head_a))

	def test_office_sees_everything(self):
		for user in (self.p.officer, self.p.leader, self.p.office_leader):
			self.assertTrue(set(self.all_tasks()) <= self.visible("Directive Task", user))

	def test_directives_reports_and_requests_follow_tasks(self):
		self.assertIn(self.directive_b, self.visible("Directive", self.p.focal_b))
		self.assertNotIn(self.directive_a, self.visible("Directive", self.p.focal_b))
		# Agency A coordinates a task of directive B, so it sees directive B too.
		self.assertTrue({self.directive_a, self.directive_b} <= self.visible("Directive", self.p.focal_a))
		for doctype in ("Progress Report", "Extension Request"):
			tasks = {
				frappe.db.get_value(doctype, name, "task") for name in self.visible(doctype, self.p.focal_b)
			}
			self.assertIn(self.task_b, tasks, doctype)
			self.assertNotIn(self.task_a, tasks, doctype)
		frappe.set_user(self.p.focal_b)
		directive = frappe.get_doc("Directive", self.directive_a)
		self.assertFalse(directive.has_permission("read"))

	def test_count_agrees_with_list(self):
		frappe.set_user(self.p.focal_b)
		self.assertEqual(
			frappe.db.count("Directive Task", {"name": ["in", self.all_tasks()]}),
			4,  # frappe.db.count ignores permissions
		)
		self.assertEqual(
			len(frappe.get_list("Directive Task", {"name": ["in", self.all_tasks()]}, pluck="name")), 2
		)

	# get_doc / has_permission

	def test_agency_cannot_read_or_change_another_agency_task(self):
		frappe.set_user(self.p.focal_b)
		doc = frappe.get_doc("Directive Task", self.task_a)
		self.assertFalse(doc.has_permission("read"))
		with self.assertRaises(frappe.PermissionError):
			doc.check_permission("read")
		with self.assertRaises(frappe.PermissionError):
			doc.result_summary = "Ghi đè"
			doc.save()

	def test_coordinator_reads_but_cannot_change(self):
		frappe.set_user(self.p.focal_a)
		doc = frappe.get_doc("Directive Task", self.task_b_coord_a)
		self.assertTrue(doc.has_permission("read"))
		self.assertFalse(doc.has_permission("write"))

	def test_search_and_link_fields_are_scoped(self):
		frappe.set_user(self.p.focal_b)
		results = search_link("Directive Task", "", page_length=1000)
		names = {r["value"] for r in results}
		self.assertNotIn(self.task_a, names)
		self.assertIn(self.task_b, names)

	# REST

	def test_rest_list_is_scoped(self):
		response = self.get(
			self.resource("Directive Task"),
			{"limit_page_length": 1000, "filters": [["name", "in", self.all_tasks()]]},
			headers={"Authorization": self.token_b},
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual({d["name"] for d in response.json["data"]}, {self.task_b, self.task_b_coord_a})

	def test_rest_read_of_another_agency_task_is_forbidden(self):
		response = self.get(
			self.resource("Directive Task", self.task_a), headers={"Authorization": self.token_b}
		)
		self.assertEqual(response.status_code, 403)
		response = self.get(
			self.resource("Directive Task", self.task_b), headers={"Authorization": self.token_b}
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["data"]["lead_agency"], self.p.agency_b)

	def test_rest_update_of_another_agency_task_is_forbidden(self):
		response = self.put(
			self.resource("Directive Task", self.task_a),
			{"result_summary": "Ghi đè"},
			headers={"Authorization": self.token_b},
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotEqual(frappe.db.get_value("Directive Task", self.task_a, "result_summary"), "Ghi đè")

	def test_rest_reports_and_directives_are_scoped(self):
		for doctype, expected_task in (("Progress Report", self.task_b), ("Extension Request", self.task_b)):
			response = self.get(
				self.resource(doctype),
				{"fields": json.dumps(["name", "task"]), "limit_page_length": 1000},
				headers={"Authorization": self.token_b},
			)
			tasks = {d["task"] for d in response.json["data"]}
			self.assertIn(expected_task, tasks, doctype)
			self.assertNotIn(self.task_a, tasks, doctype)
		response = self.get(
			self.resource("Directive"), {"limit_page_length": 1000}, headers={"Authorization": self.token_b}
		)
		names = {d["name"] for d in response.json["data"]}
		self.assertIn(self.directive_b, names)
		self.assertNotIn(self.directive_a, names)
