"""The table of which agency sees which task (Directive Task Agency) follows the tasks, and opens no door."""

import json
from contextlib import nullcontext
from datetime import date
from unittest.mock import patch

import frappe
from frappe.desk.reportview import get_match_cond
from frappe.share import add_docshare
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh import permissions, task_agencies
from chidao_dieuhanh.api.frappe_overrides import get_count
from chidao_dieuhanh.patches.v0_1 import fill_task_agencies
from chidao_dieuhanh.permissions import task_query
from chidao_dieuhanh.task_states import IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task
from chidao_dieuhanh.tests.test_data_import import run_data_import, write_xlsx
from chidao_dieuhanh.tests.test_permissions import api_token

DOCTYPE = "Directive Task Agency"
IMPORT_NUMBER = "77/TB-UBND-PHAMVI"


def stored_pairs(task: str) -> list[tuple[str, int]]:
	return sorted(
		(row.agency, row.is_lead)
		for row in frappe.get_all(DOCTYPE, filters={"task": task}, fields=["agency", "is_lead"])
	)


def visible_to(user: str, task: str) -> bool:
	"""Whether the user finds the task in its list, counts it, and may open it: the three must agree."""
	frappe.set_user(user)
	frappe.local.chidao_user_agencies = {}
	try:
		listed = bool(frappe.get_list("Directive Task", filters={"name": task}, pluck="name"))
		counted = frappe.db.sql(
			f"select count(*) from `tabDirective Task` where name = %s and {task_query(user) or '1=1'}", task
		)[0][0]
		opened = frappe.has_permission("Directive Task", "read", task, user=user)
	finally:
		frappe.set_user("Administrator")
	assert listed == bool(counted) == opened, (user, task, listed, counted, opened)
	return listed


class TestTaskAgencies(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.directive = make_directive(summary="Phạm vi đơn vị", document_number="76/UBND-PHAMVI")
		cls.token_a = api_token(cls.p.focal_a)
		cls.token_officer = api_token(cls.p.officer)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		directives = [
			cls.directive,
			*frappe.get_all("Directive", {"document_number": IMPORT_NUMBER}, pluck="name"),
		]
		for task in frappe.get_all("Directive Task", {"directive": ["in", directives]}, pluck="name"):
			frappe.delete_doc("Directive Task", task, force=True, ignore_permissions=True)
		for directive in directives:
			frappe.delete_doc("Directive", directive, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_pairs_follow_lead_and_coordinators_on_save(self):
		p = self.p
		task = make_task(self.directive, p.agency_a, coordinators=[p.agency_b])
		self.assertEqual(stored_pairs(task.name), [(p.agency_a, 1), (p.agency_b, 0)])
		self.assertTrue(visible_to(p.focal_b, task.name))
		self.assertFalse(visible_to(p.focal_a_sub, task.name))

		task.coordinating_agencies = []
		task.save()
		self.assertEqual(stored_pairs(task.name), [(p.agency_a, 1)])
		self.assertFalse(visible_to(p.focal_b, task.name))
		self.assertTrue(visible_to(p.focal_a, task.name))

		task.lead_agency = p.agency_b
		task.save()
		self.assertEqual(stored_pairs(task.name), [(p.agency_b, 1)])
		self.assertFalse(visible_to(p.focal_a, task.name))
		self.assertTrue(visible_to(p.focal_b, task.name))

		# A sub-unit coordinating: its users see the task, and so do the users of the agency above it.
		task.append("coordinating_agencies", {"agency": p.agency_a_sub})
		task.save()
		self.assertEqual(stored_pairs(task.name), [(p.agency_a_sub, 0), (p.agency_b, 1)])
		self.assertTrue(visible_to(p.focal_a_sub, task.name))
		self.assertTrue(visible_to(p.focal_a, task.name))
		self.assertTrue(visible_to(p.focal_b, task.name))

	def test_deleted_task_leaves_no_pairs(self):
		task = make_task(self.directive, self.p.agency_a, coordinators=[self.p.agency_b]).name
		frappe.delete_doc("Directive Task", task)
		self.assertEqual(stored_pairs(task), [])
		self.assertFalse(frappe.db.exists("Directive Task", task))

	def test_imported_task_has_its_pairs(self):
		p = self.p
		from chidao_dieuhanh import import_template

		row = {
			"directive_number": IMPORT_NUMBER,
			"directive_issue_date": date(2024, 3, 15),
			"directive_document_type": "Conclusion Notice",
			"directive_summary": "Kết luận nhập kèm đơn vị phối hợp",
			"source_type": "Meeting Conclusion",
			"content": "Nhiệm vụ nhập có đơn vị phối hợp",
			"lead_agency": p.agency_b,
			"deadline": add_days(today(), 60),
		}
		frappe.set_user(p.officer)
		try:
			name = run_data_import(write_xlsx(import_template.task_rows([(row, [p.agency_a_sub])])))
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Data Import", name, "status"), "Success")
		task = frappe.get_all("Directive Task", {"content": row["content"]}, pluck="name")
		self.assertEqual(len(task), 1)
		self.assertEqual(stored_pairs(task[0]), [(p.agency_a_sub, 0), (p.agency_b, 1)])
		self.assertTrue(visible_to(p.focal_a_sub, task[0]))

	def test_patch_fills_an_older_sites_tasks_and_rebuild_follows_sql(self):
		p = self.p
		first = make_task(self.directive, p.agency_a, coordinators=[p.agency_b]).name
		second = make_task(self.directive, p.agency_b).name
		# An older site: the tasks are there, the table is empty.
		frappe.db.delete(DOCTYPE, {"task": ["in", [first, second]]})
		self.assertFalse(visible_to(p.focal_b, first))
		fill_task_agencies.execute()
		self.assertEqual(stored_pairs(first), [(p.agency_a, 1), (p.agency_b, 0)])
		self.assertEqual(stored_pairs(second), [(p.agency_b, 1)])
		self.assertTrue(visible_to(p.focal_b, first))
		# Set-based SQL changing a lead agency, then the rows of just those tasks made again.
		frappe.db.sql(
			"update `tabDirective Task` set lead_agency = %s where name = %s", (p.agency_a_sub, second)
		)
		task_agencies.rebuild([second])
		self.assertEqual(stored_pairs(second), [(p.agency_a_sub, 1)])
		self.assertEqual(stored_pairs(first), [(p.agency_a, 1), (p.agency_b, 0)])
		self.assertTrue(visible_to(p.focal_a, second))
		self.assertFalse(visible_to(p.focal_b, second))

	def task_handed_to_the_sub_unit(self) -> str:
		"""A task of agency A under way, handed by its focal point to A's sub-unit."""
		p = self.p
		handed = make_task(self.directive, p.agency_a, state=IN_PROGRESS).name
		frappe.set_user(p.focal_a)
		try:
			frappe.get_doc(
				{
					"doctype": "Task Handover",
					"task": handed,
					"sub_unit": p.agency_a_sub,
					"internal_deadline": add_days(today(), 5),
				}
			).insert()
		finally:
			frappe.set_user("Administrator")
		return handed

	def test_count_without_filters_from_the_pairs_is_the_lists_length(self):
		"""An agency user's count without a filter is read from the pairs alone: the same number as its
		list, a task seen through two of its agencies or through a handover to its sub-unit counted once."""
		p = self.p
		make_task(self.directive, p.agency_a, coordinators=[p.agency_a_sub])  # two pairs for focal_a
		make_task(self.directive, p.agency_b, coordinators=[p.agency_a])
		shared = make_task(self.directive, p.agency_a).name
		handed = self.task_handed_to_the_sub_unit()

		def counts(user):
			frappe.set_user(user)
			frappe.local.chidao_user_agencies = {}
			try:
				listed = len(frappe.get_list("Directive Task", pluck="name", limit_page_length=0))
				return (
					get_count("Directive Task"),
					get_count("Directive Task", {"name": ["is", "set"]}),
					listed,
				)
			finally:
				frappe.set_user("Administrator")

		for user in (p.focal_a, p.focal_a_sub, p.focal_b, p.officer):
			with self.subTest(user=user):
				fast, filtered, listed = counts(user)
				self.assertEqual(fast, listed)
				self.assertEqual(filtered, listed)
		self.assertTrue(visible_to(p.focal_a_sub, handed))  # through the handover to its sub-unit
		# A share (only ever to a user who already sees the task): Frappe's list ORs it in, the count
		# then goes through Frappe's query.
		before = counts(p.focal_a)
		add_docshare("Directive Task", shared, p.focal_a, read=1, flags={"ignore_share_permission": True})
		self.assertEqual(counts(p.focal_a), before)

	def test_a_page_of_the_list_walks_the_lists_order_and_shows_the_same_rows(self):
		"""A plain page of an agency user's list may test each task against its pairs in the list's order
		(permissions._walk_pays; here for every user, the thresholds lowered): the same rows, pages and
		order as the semi-join, which counts, filtered lists and groupings keep."""
		p = self.p
		for days in (10, 20, 30):
			make_task(self.directive, p.agency_a, deadline=add_days(today(), days))
		make_task(self.directive, p.agency_b, coordinators=[p.agency_a_sub])
		make_task(self.directive, p.agency_b)
		self.task_handed_to_the_sub_unit()
		pages = {
			"first page": {"limit_page_length": 2},
			"second page": {"limit_page_length": 2, "limit_start": 2},
			"by deadline": {"limit_page_length": 20, "order_by": "`tabDirective Task`.`deadline` asc, name"},
			"by modified": {"limit_page_length": 20, "order_by": "modified desc"},
		}

		def read(user, walk_everything):
			frappe.set_user(user)
			frappe.local.chidao_user_agencies = {}
			frappe.cache.delete_keys("chidao_task_share:")
			lowered = {"WALK_MIN_VISIBLE": 0, "WALK_MAX_PROBES": 10**9} if walk_everything else {}
			try:
				with (
					patch.multiple(permissions, **lowered) if lowered else nullcontext(),
					patch.object(permissions, "task_condition", wraps=permissions.task_condition) as spy,
				):
					rows = {
						label: frappe.get_list("Directive Task", pluck="name", **args)
						for label, args in pages.items()
					}
					walked = [call.kwargs["walk"] for call in spy.call_args_list]
					spy.reset_mock()
					get_count("Directive Task", {"name": ["is", "set"]})
					frappe.get_list(
						"Directive Task", filters={"lead_agency": p.agency_a}, limit_page_length=2
					)
					frappe.get_list(
						"Directive Task", fields=["lead_agency", "count(*) as n"], group_by="lead_agency"
					)
					aggregates_walked = [call.kwargs["walk"] for call in spy.call_args_list]
			finally:
				frappe.set_user("Administrator")
			return rows, walked, aggregates_walked

		for user in (p.focal_a, p.focal_a_sub, p.focal_b):
			with self.subTest(user=user):
				semi_join, walked, aggregates = read(user, walk_everything=False)
				self.assertNotIn(True, walked + aggregates)
				walking, walked, aggregates = read(user, walk_everything=True)
				self.assertEqual(walking, semi_join)
				self.assertTrue(semi_join["first page"])
				# "by deadline" has two sort terms: no single index gives its order
				self.assertEqual(walked, [True, True, False, True])
				self.assertNotIn(True, aggregates)
		# Frappe's get_match_cond asks a bare, never executed DatabaseQuery for the condition.
		frappe.set_user(p.focal_a)
		try:
			self.assertIn("Directive Task Agency", get_match_cond("Directive Task"))
		finally:
			frappe.set_user("Administrator")

	def test_table_is_closed_to_agency_and_office_users(self):
		task = make_task(self.directive, self.p.agency_a, coordinators=[self.p.agency_b]).name
		row = frappe.db.get_value(DOCTYPE, {"task": task, "agency": self.p.agency_b})
		frappe.db.commit()
		for user in (self.p.focal_a, self.p.officer):
			frappe.set_user(user)
			with self.assertRaises(frappe.PermissionError):
				frappe.get_list(DOCTYPE, filters={"task": task})
			frappe.set_user("Administrator")
		for token in (self.token_a, self.token_officer):
			headers = {"Authorization": token}
			resource = f"/api/resource/{DOCTYPE}"
			calls = [
				self.get(resource, {"filters": json.dumps({"task": task})}, headers=headers),
				self.get(f"{resource}/{row}", headers=headers),
				self.get(self.method("frappe.client.get_count"), {"doctype": DOCTYPE}, headers=headers),
				self.post(self.method("frappe.desk.reportview.get"), {"doctype": DOCTYPE}, headers=headers),
				self.post(
					self.method("frappe.desk.reportview.get_count"), {"doctype": DOCTYPE}, headers=headers
				),
				self.post(resource, {"task": task, "agency": self.p.agency_b}, headers=headers),
				self.put(f"{resource}/{row}", {"agency": self.p.agency_a}, headers=headers),
				self.delete(f"{resource}/{row}", headers=headers),
			]
			for response in calls:
				self.assertEqual(response.status_code, 403, (response.request.path, response.json))
		frappe.db.rollback()
		self.assertEqual(stored_pairs(task), [(self.p.agency_a, 1), (self.p.agency_b, 0)])
