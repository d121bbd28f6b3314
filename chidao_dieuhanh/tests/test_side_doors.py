# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""The side doors of Frappe v15 closed for the app's documents: child rows, counts, records about a
document, files, amendments, workflow edit rights and malformed REST bodies."""

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import add_days, today

from chidao_dieuhanh.api import frappe_overrides
from chidao_dieuhanh.permissions import (
	ChildRowSavedAlone,
	RoleRecipientsOutsideOffice,
	ShareOutsideScope,
	StateNotEditable,
)
from chidao_dieuhanh.task_states import ASSIGNED, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task
from chidao_dieuhanh.tests.test_permissions import api_token
from chidao_dieuhanh.validation import InvalidValue


class TestSideDoors(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.directive_a = make_directive(summary="Cửa phụ A", document_number="11/UBND-A")
		cls.directive_b = make_directive(summary="Cửa phụ B", document_number="12/UBND-B")
		cls.task_a = make_task(cls.directive_a, p.agency_a, state=IN_PROGRESS, content="BIMAT-A").name
		cls.task_b = make_task(cls.directive_b, p.agency_b, state=IN_PROGRESS, content="BIMAT-B").name
		report = frappe.get_doc(
			{"doctype": "Progress Report", "task": cls.task_b, "progress": 30, "content": "Báo cáo B"}
		).insert()
		report.submit()
		cls.report_b = report.name
		cls.token_a = api_token(p.focal_a)
		frappe.db.set_value("User", p.focal_a, "document_follow_notify", 1)
		# Likes add a column on first use: made here, where the implicit commit harms nothing.
		frappe.get_meta("Directive Task")
		from frappe.desk.like import toggle_like

		toggle_like("Directive Task", cls.task_b, "Yes")
		toggle_like("Directive Task", cls.task_b, "No")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		tasks = [cls.task_a, cls.task_b]
		for doctype in ("Progress Report", "Extension Request"):
			for name in frappe.get_all(doctype, {"task": ["in", tasks]}, pluck="name"):
				frappe.db.delete(doctype, name)
		for doctype in ("ToDo", "Comment"):
			frappe.db.delete(doctype, {"reference_name": ["in", tasks]})
		frappe.db.delete("DocShare", {"share_name": ["in", tasks]})
		frappe.db.delete("Document Follow", {"ref_docname": ["in", tasks]})
		frappe.db.delete("Tag Link", {"document_name": ["in", tasks]})
		frappe.db.delete("File", {"attached_to_name": ["in", [*tasks, cls.report_b]]})
		delete_mail_about("Directive Task", tasks)
		for task in tasks:
			frappe.delete_doc("Directive Task", task, force=True)
		for directive in (cls.directive_a, cls.directive_b):
			frappe.delete_doc("Directive", directive, force=True)
		frappe.db.commit()
		super().tearDownClass()

	# Child rows

	def test_child_rows_listed_only_for_visible_tasks(self):
		frappe.set_user(self.p.focal_a)
		rows = frappe.get_list(
			"Task Progress Entry", fields=["parent"], parent_doctype="Directive Task", limit_page_length=0
		)
		self.assertNotIn(self.task_b, {r.parent for r in rows})

	def test_child_row_saved_alone_is_refused(self):
		row = {
			"doctype": "Task Coordinating Agency",
			"parent": self.task_a,
			"parenttype": "Directive Task",
			"parentfield": "coordinating_agencies",
			"agency": self.p.agency_b,
		}
		for user in (self.p.focal_a, self.p.officer):
			frappe.set_user(user)
			with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
				frappe.get_doc(row).insert()
		# A manager may change agencies, but their users only with the agency (which keeps a version).
		frappe.set_user(self.p.manager)
		member = {
			"doctype": "Agency User",
			"parent": self.p.agency_b,
			"parenttype": "Agency",
			"parentfield": "users",
			"user": self.p.focal_a,
		}
		with self.assertRaises(ChildRowSavedAlone):
			frappe.get_doc(member).insert()
		frappe.set_user("Administrator")
		frappe.get_doc(
			{"doctype": "Progress Report", "task": self.task_a, "progress": 99, "content": "Báo cáo"}
		).insert().submit()
		frappe.set_user(self.p.officer)
		existing = frappe.get_doc("Directive Task", self.task_a).progress_history[-1]
		existing.note = "Sửa lịch sử"
		with self.assertRaises(frappe.PermissionError):
			existing.save()

	def test_child_row_through_the_parent_of_another_agency_is_refused(self):
		frappe.set_user(self.p.focal_a)
		with self.assertRaises(frappe.PermissionError):
			frappe.client.insert(
				{
					"doctype": "Task Coordinating Agency",
					"parent": self.task_b,
					"parenttype": "Directive Task",
					"parentfield": "coordinating_agencies",
					"agency": self.p.agency_a,
				}
			)
		self.assertFalse(frappe.db.exists("Task Coordinating Agency", {"parent": self.task_b}))

	# Counts

	def test_counts_see_only_what_the_user_reads(self):
		frappe.set_user(self.p.focal_a)
		self.assertEqual(frappe_overrides.get_count("Directive Task", {"content": ["like", "BIMAT-B%"]}), 0)
		self.assertEqual(frappe_overrides.get_count("Directive Task", {"content": ["like", "BIMAT-A%"]}), 1)
		groups = frappe_overrides.get_group_by_count(
			"Directive Task", json.dumps({"content": ["like", "BIMAT-%"]}), "lead_agency"
		)
		self.assertEqual({g.name for g in groups}, {self.p.agency_a})

	def test_chart_filters_as_an_object_or_malformed(self):
		path = self.method("frappe.desk.doctype.dashboard_chart.dashboard_chart.get")
		headers = {"Authorization": self.token_a}
		arguments = {"chart_name": "Tasks by Lead Agency", "no_cache": 1}
		response = self.post(
			path, {**arguments, "filters": json.dumps({"content": ["like", "BIMAT-%"]})}, headers=headers
		)
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(sum(response.json["message"]["datasets"][0]["values"]), 1)
		source = self.method(
			"chidao_dieuhanh.chidao_dieuhanh.dashboard_chart_source.tasks_by_deadline_status.tasks_by_deadline_status.get"
		)
		for malformed in ("not json", json.dumps("text"), json.dumps([1, 2])):
			for endpoint in (path, source):
				response = self.post(endpoint, {**arguments, "filters": malformed}, headers=headers)
				self.assertEqual(response.status_code, 417, (endpoint, malformed, response.json))

	def test_rest_get_count_is_routed_to_the_permission_aware_one(self):
		response = self.get(
			self.method("frappe.client.get_count"),
			{"doctype": "Directive Task", "filters": json.dumps({"content": ["like", "BIMAT-%"]})},
			headers={"Authorization": self.token_a},
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.json["message"], 1)

	def test_connections_of_a_directive_count_visible_tasks_only(self):
		frappe.set_user("Administrator")
		extra = make_task(self.directive_a, self.p.agency_b, state=ASSIGNED).name
		try:
			frappe.set_user(self.p.focal_a)
			counts = frappe_overrides.get_open_count("Directive", self.directive_a)["count"]
			tasks = next(c for c in counts["external_links_found"] if c["doctype"] == "Directive Task")
			self.assertEqual(tasks["count"], 1)
		finally:
			frappe.set_user("Administrator")
			delete_mail_about("Directive Task", [extra])
			frappe.delete_doc("Directive Task", extra, force=True)

	def test_adhoc_heatmap_counts_visible_tasks_only(self):
		frappe.set_user(self.p.focal_a)
		chart = {
			"chart_type": "Count",
			"type": "Heatmap",
			"document_type": "Directive Task",
			"based_on": "creation",
			"filters_json": json.dumps([["Directive Task", "content", "like", "BIMAT-%", False]]),
		}
		data = frappe_overrides.get_dashboard_chart(chart=json.dumps(chart))
		self.assertEqual(sum(data["dataPoints"].values()), 1)

	def test_saved_chart_cache_is_not_shared_with_agencies(self):
		frappe.set_user("Administrator")
		chart = frappe.get_doc(
			{
				"doctype": "Dashboard Chart",
				"chart_name": "Cửa phụ theo đơn vị",
				"chart_type": "Group By",
				"type": "Bar",
				"document_type": "Directive Task",
				"group_by_type": "Count",
				"group_by_based_on": "lead_agency",
				"filters_json": json.dumps([["Directive Task", "content", "like", "BIMAT-%", False]]),
				"is_public": 1,
			}
		).insert()
		try:
			frappe.set_user(self.p.officer)
			office = frappe_overrides.get_dashboard_chart(chart_name=chart.name, refresh=1)
			self.assertEqual(set(office["labels"]), {self.p.agency_a, self.p.agency_b})
			frappe.set_user(self.p.focal_a)
			agency = frappe_overrides.get_dashboard_chart(chart_name=chart.name)
			self.assertEqual(agency["labels"], [self.p.agency_a])
		finally:
			frappe.set_user("Administrator")
			frappe.delete_doc("Dashboard Chart", chart.name, force=True)

	# Records about a document

	def test_assignment_and_comment_on_a_hidden_task_are_refused(self):
		frappe.set_user(self.p.focal_a)
		with self.assertRaises(frappe.PermissionError):
			frappe_overrides.add_assignment(
				{"doctype": "Directive Task", "name": self.task_b, "assign_to": json.dumps([self.p.focal_a])}
			)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": self.p.focal_a,
					"reference_type": "Directive Task",
					"reference_name": self.task_b,
					"description": "Xen vào",
				}
			).insert()
		with self.assertRaises(frappe.PermissionError):
			frappe.desk.form.utils.add_comment(
				"Directive Task", self.task_b, "Xen vào", self.p.focal_a, self.p.focal_a
			)
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": self.task_b}))

	def test_likes_follows_and_tags_on_a_hidden_task_are_refused(self):
		from frappe.desk.form.document_follow import follow_document
		from frappe.desk.like import toggle_like

		frappe.set_user(self.p.focal_a)
		for call in (
			lambda: toggle_like("Directive Task", self.task_b, "Yes"),
			lambda: follow_document("Directive Task", self.task_b, self.p.focal_a),
			lambda: frappe_overrides.add_tag("Xem trộm", "Directive Task", self.task_b),
		):
			with self.assertRaises(frappe.PermissionError):
				call()
		frappe.set_user(self.p.officer)
		with self.assertRaises(frappe.PermissionError):
			follow_document("Directive Task", self.task_b, self.p.focal_a)
		self.assertFalse(frappe.db.exists("Document Follow", {"ref_docname": self.task_b}))
		self.assertNotIn(
			self.p.focal_a,
			json.loads(frappe.db.get_value("Directive Task", self.task_b, "_liked_by") or "[]"),
		)
		frappe.set_user(self.p.focal_a)
		toggle_like("Directive Task", self.task_a, "Yes")
		self.assertIn(self.p.focal_a, frappe.db.get_value("Directive Task", self.task_a, "_liked_by"))

	def test_assignment_to_someone_who_cannot_read_is_refused(self):
		frappe.set_user(self.p.officer)
		with self.assertRaises(frappe_overrides.AssigneeCannotRead):
			frappe_overrides.add_assignment(
				{"doctype": "Directive Task", "name": self.task_a, "assign_to": json.dumps([self.p.focal_b])}
			)
		self.assertFalse(frappe.db.exists("DocShare", {"share_name": self.task_a, "user": self.p.focal_b}))

	def test_titles_prints_and_linked_documents_of_hidden_tasks(self):
		frappe.set_user(self.p.focal_a)
		self.assertEqual(frappe_overrides.get_link_title("Directive Task", self.task_b), self.task_b)
		self.assertEqual(frappe_overrides.get_link_title("Directive Task", self.task_a), "BIMAT-A")
		forged = json.dumps({"doctype": "Directive Task", "name": self.task_a, "directive": self.directive_b})
		html = frappe_overrides.get_html_and_style(forged)["html"]
		self.assertNotIn("Cửa phụ B", html)
		with self.assertRaises(frappe.PermissionError):
			frappe_overrides.get_html_and_style(
				json.dumps({"doctype": "Directive Task", "name": self.task_b})
			)
		with self.assertRaises(frappe.PermissionError):
			frappe_overrides.get_submitted_linked_docs("Directive Task", self.task_b)

	def test_follows_and_tags_cannot_be_moved_onto_a_hidden_task(self):
		from frappe.desk.form.document_follow import follow_document

		frappe.set_user(self.p.focal_a)
		follow = follow_document("Directive Task", self.task_a, self.p.focal_a)
		follow = frappe.get_doc("Document Follow", follow.name)
		follow.ref_docname = self.task_b
		with self.assertRaises(frappe.PermissionError):
			follow.save()
		frappe_overrides.add_tag("Việc của tôi", "Directive Task", self.task_a)
		frappe.set_user(self.p.focal_b)
		self.assertEqual(frappe.get_list("Tag Link", filters={"document_name": self.task_a}), [])
		self.assertEqual(frappe.get_list("Document Follow", filters={"ref_docname": self.task_a}), [])

	def test_removing_an_assignment_needs_write(self):
		frappe.set_user("Administrator")
		coordinated = make_task(
			self.directive_b, self.p.agency_b, state=ASSIGNED, coordinators=[self.p.agency_a]
		)
		try:
			frappe_overrides.add_assignment(
				{
					"doctype": "Directive Task",
					"name": coordinated.name,
					"assign_to": json.dumps([self.p.officer]),
				}
			)
			frappe.set_user(self.p.focal_a)
			with self.assertRaises(frappe.PermissionError):
				frappe_overrides.remove_assignment("Directive Task", coordinated.name, self.p.officer, True)
			self.assertTrue(frappe.db.exists("ToDo", {"reference_name": coordinated.name, "status": "Open"}))
		finally:
			frappe.set_user("Administrator")
			frappe.db.delete("ToDo", {"reference_name": coordinated.name})
			delete_mail_about("Directive Task", [coordinated.name])
			frappe.delete_doc("Directive Task", coordinated.name, force=True)

	def test_shares_only_with_users_who_may_read(self):
		frappe.set_user(self.p.officer)
		for user, everyone in ((self.p.focal_b, 0), (None, 1)):
			with self.subTest(user=user), self.assertRaises(ShareOutsideScope):
				frappe.share.add_docshare("Directive Task", self.task_a, user, everyone=everyone, flags={})
		frappe.share.add_docshare("Directive Task", self.task_a, self.p.focal_a, flags={})
		frappe.set_user(self.p.focal_b)
		self.assertNotIn(self.task_a, frappe.get_list("Directive Task", pluck="name", limit_page_length=0))

	def test_notifications_by_agency_role_are_refused(self):
		notification = frappe.get_doc(
			{
				"doctype": "Notification",
				"name": "Cửa phụ theo vai trò",
				"subject": "{{ doc.name }}",
				"document_type": "Directive Task",
				"event": "New",
				"channel": "Email",
				"message": "{{ doc.content }}",
				"recipients": [{"receiver_by_role": "Agency Focal Point"}],
			}
		)
		with self.assertRaises(RoleRecipientsOutsideOffice):
			notification.insert()
		notification.recipients[0].receiver_by_role = "Tracking Officer"
		notification.insert()
		frappe.delete_doc("Notification", notification.name, force=True)

	def test_private_file_of_another_agency_cannot_be_aliased(self):
		frappe.set_user("Administrator")
		secret = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "bimat-b.txt",
				"content": b"BIMAT",
				"is_private": 1,
				"attached_to_doctype": "Progress Report",
				"attached_to_name": self.report_b,
			}
		).insert()
		frappe.set_user(self.p.focal_a)
		self.assertFalse(secret.is_downloadable())
		alias = frappe.get_doc({"doctype": "File", "file_url": secret.file_url, "is_private": 1})
		with self.assertRaises(frappe.PermissionError):
			alias.insert()
		listed = frappe.get_list("File", filters={"attached_to_name": self.report_b}, pluck="name")
		self.assertEqual(listed, [])

	def test_amendment_of_another_task_report_is_refused(self):
		frappe.set_user("Administrator")
		report = frappe.get_doc("Progress Report", self.report_b)
		report.cancel()
		frappe.set_user(self.p.focal_a)
		amendment = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": self.task_a,
				"progress": 10,
				"content": "Báo cáo",
				"amended_from": self.report_b,
			}
		)
		with self.assertRaises(frappe.PermissionError):
			amendment.insert()

	def test_cancelled_report_reverts_the_task(self):
		frappe.set_user("Administrator")
		first = frappe.get_doc(
			{"doctype": "Progress Report", "task": self.task_a, "progress": 20, "content": "Lần 1"}
		).insert()
		first.submit()
		second = frappe.get_doc(
			{"doctype": "Progress Report", "task": self.task_a, "progress": 60, "content": "Lần 2"}
		).insert()
		second.submit()
		second.cancel()
		task = frappe.get_doc("Directive Task", self.task_a)
		self.assertEqual(task.progress, 20)
		self.assertNotIn(second.name, [row.progress_report for row in task.progress_history])
		self.assertEqual(task.progress_history[-1].progress_report, first.name)

	def test_report_cannot_be_moved_to_another_task(self):
		frappe.set_user(self.p.focal_b)
		draft = frappe.get_doc(
			{"doctype": "Progress Report", "task": self.task_b, "progress": 40, "content": "Nháp"}
		).insert()
		frappe.set_user(self.p.focal_a)
		draft = frappe.get_doc("Progress Report", draft.name)
		draft.task = self.task_a
		with self.assertRaises(frappe.PermissionError):
			draft.save()
		self.assertEqual(frappe.db.get_value("Progress Report", draft.name, "task"), self.task_b)

	# Workflow edit rights and bad input

	def test_pending_extension_request_is_the_office_leaders(self):
		frappe.set_user(self.p.focal_a)
		request = frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": self.task_a,
				"proposed_deadline": add_days(today(), 90),
				"reason": "Cần thêm thời gian",
			}
		).insert()
		request = apply_workflow(request, "Request")
		request.proposed_deadline = add_days(today(), 300)
		with self.assertRaises(StateNotEditable):
			request.save()
		request.reload()
		request.decision_note = "Tự duyệt"
		request.save()
		self.assertFalse(frappe.db.get_value("Extension Request", request.name, "decision_note"))
		frappe.set_user("Administrator")
		frappe.delete_doc("Extension Request", request.name, force=True)

	def test_bad_values_are_refused(self):
		frappe.set_user(self.p.officer)
		base = {"doctype": "Directive Task", "directive": self.directive_a, "lead_agency": self.p.agency_a}
		for values in (
			{"content": "x" * 2_000_000, "deadline": add_days(today(), 5)},
			{"content": "X", "deadline": "2026-02-30"},
			{"content": "X", "deadline": add_days(today(), 5), "working_days": "abc"},
			{"content": ["X"], "deadline": add_days(today(), 5)},
		):
			with self.subTest(values=str(values)[:60]), self.assertRaises(InvalidValue):
				frappe.get_doc({**base, **values}).insert()

	def test_malformed_rest_bodies_get_400(self):
		path = self.resource("Directive Task")
		headers = {"Authorization": self.token_a, "Content-Type": "application/json"}
		before = frappe.db.count("Directive Task")
		for body in ("[1, 2]", '"text"', ""):
			response = make_request(
				target=self.TEST_CLIENT.post, args=(path,), kwargs={"data": body, "headers": headers}
			)
			with self.subTest(body=body):
				# A JSON string is refused by Frappe itself (417, "Invalid request arguments").
				self.assertIn(response.status_code, (400, 417))
		response = make_request(
			target=self.TEST_CLIENT.put,
			args=(self.resource("Directive Task", self.task_a),),
			kwargs={"data": "state_reason=x", "headers": {**headers, "Content-Type": "text/plain"}},
		)
		self.assertEqual(response.status_code, 400)
		self.assertEqual(frappe.db.count("Directive Task"), before)
