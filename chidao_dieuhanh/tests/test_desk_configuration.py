# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""What the IT officer changes in the desk keeps working: role permissions on every doctype of the app, a
role that sees every agency, a workflow state added between review and completion, a custom field, and a
Notification to the lead agency's users. Each change is made through the REST API, as the desk makes it."""

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh import deadlines, settings, task_states
from chidao_dieuhanh.permissions import app_doctypes, is_office_user
from chidao_dieuhanh.task_states import IN_PROGRESS
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	delete_mail_about,
	make_directive,
	make_task,
	make_user,
)
from chidao_dieuhanh.tests.test_permissions import api_token

PERMISSION_MANAGER = "frappe.core.page.permission_manager.permission_manager"
INSPECTOR = "Test Inspector"
AUDITOR = "Test Auditor"
INSPECTOR_USER = "inspector@test.chidao.vn"
NEW_STATE = "Waiting for Leader's Opinion"
ASK_OPINION = "Ask Leader's Opinion"
REPORT = "Task Statistics by Agency"


class TestDeskConfiguration(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.admin = {"Authorization": api_token("Administrator")}
		cls.directive = make_directive(summary="Cấu hình trên giao diện", document_number="21/UBND-CH")
		cls.marker = f"CAUHINH-{frappe.generate_hash(length=8)}"
		cls.task_a = make_task(cls.directive, p.agency_a, state=IN_PROGRESS, content=f"{cls.marker}-A").name
		cls.task_b = make_task(cls.directive, p.agency_b, state=IN_PROGRESS, content=f"{cls.marker}-B").name
		cls.workflow = frappe.get_doc("Workflow", task_states.task_workflow().name).as_dict()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		frappe.set_user("Administrator")
		tasks = frappe.get_all("Directive Task", {"directive": cls.directive}, pluck="name")
		for doctype in ("Progress Report", "Task Reminder", "Directive Task Agency"):  # deleted by SQL:
			frappe.db.delete(doctype, {"task": ["in", tasks]})  # the task's hooks do not run
		delete_mail_about("Directive Task", tasks)
		frappe.db.delete("Directive Task", {"name": ["in", tasks]})
		frappe.db.delete("Directive", cls.directive)
		for name in frappe.get_all("Custom Role", {"report": REPORT}, pluck="name"):
			frappe.delete_doc("Custom Role", name, force=True)
		for name in frappe.get_all("Notification", {"name": ["like", "Test Desk %"]}, pluck="name"):
			frappe.delete_doc("Notification", name, force=True)
		if frappe.db.exists("Custom Field", "Directive Task-budget_code"):
			frappe.delete_doc("Custom Field", "Directive Task-budget_code", force=True)
		from frappe.core.page.permission_manager.permission_manager import reset

		for doctype in ("Directive Task", "Directive", "Agency"):
			reset(doctype)
		frappe.db.commit()
		set_all_agency_roles(list(settings.DEFAULT_ALL_AGENCY_ROLES))
		restore_workflow(cls.workflow)
		frappe.db.delete(
			"Kanban Board Column", {"parent": task_states.KANBAN_BOARD, "column_name": NEW_STATE}
		)
		frappe.db.commit()
		super().tearDownClass()

	def call(self, method, **data):
		response = self.post(self.method(method), data, headers=self.admin)
		self.assertEqual(response.status_code, 200, response.json)
		frappe.db.commit()  # a new snapshot: what the request committed is seen here
		frappe.local.cache.clear()  # and what it changed in Redis, not this process's copy of it
		return response.json.get("message")

	def set_right(self, doctype, role, permlevel, ptype, value=1):
		self.call(
			f"{PERMISSION_MANAGER}.update",
			doctype=doctype,
			role=role,
			permlevel=permlevel,
			ptype=ptype,
			value=value,
		)

	# ----------------------------------------------------------------------------------------------
	# Role Permissions Manager
	# ----------------------------------------------------------------------------------------------

	def test_role_permissions_manager_adds_changes_and_removes_a_right_on_every_doctype(self):
		role = ensure_role(AUDITOR)
		doctypes = [d for d in app_doctypes() if not frappe.get_meta(d).istable]
		self.assertIn("Directive Task", doctypes)
		for doctype in doctypes:
			with self.subTest(doctype=doctype):
				try:
					self.call(f"{PERMISSION_MANAGER}.add", parent=doctype, role=role, permlevel=0)
					self.call(
						f"{PERMISSION_MANAGER}.update",
						doctype=doctype,
						role=role,
						permlevel=0,
						ptype="read",
						value=1,
					)
					self.assertTrue(
						frappe.db.get_value("Custom DocPerm", {"parent": doctype, "role": role}, "read")
					)
					# The IT officer also changes a shipped role's right (every standard row is re-saved).
					self.call(
						f"{PERMISSION_MANAGER}.update",
						doctype=doctype,
						role="System Manager",
						permlevel=0,
						ptype="export",
						value=1,
					)
					self.call(f"{PERMISSION_MANAGER}.remove", doctype=doctype, role=role, permlevel=0)
					self.assertFalse(frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": role}))
				finally:
					self.call(f"{PERMISSION_MANAGER}.reset", doctype=doctype)

	# ----------------------------------------------------------------------------------------------
	# A role that sees every agency, decided in Directive Settings
	# ----------------------------------------------------------------------------------------------

	def test_a_role_made_in_the_desk_sees_every_agency_once_listed_in_the_settings(self):
		role = ensure_role(INSPECTOR)
		# Read on the task's office (1) and system (2) fields too, as the shipped read-only roles have.
		for doctype, levels in (("Directive Task", (0, 1, 2)), ("Directive", (0, 2)), ("Agency", (0,))):
			for level in levels:
				self.call(f"{PERMISSION_MANAGER}.add", parent=doctype, role=role, permlevel=level)
				self.set_right(doctype, role, level, "read")
			self.set_right(doctype, role, 0, "report")
		make_user(INSPECTOR_USER, role)
		token = {"Authorization": api_token(INSPECTOR_USER)}
		frappe.db.commit()

		def visible():
			response = self.get(
				self.resource("Directive Task"),
				{
					"filters": json.dumps({"content": ["like", f"{self.marker}%"]}),
					"fields": json.dumps(["name"]),
				},
				headers=token,
			)
			self.assertEqual(response.status_code, 200, response.json)
			return {row["name"] for row in response.json["data"]}

		# Read on the doctype alone is not enough: an agency user without an agency sees nothing.
		self.assertEqual(visible(), set())
		set_all_agency_roles([*settings.DEFAULT_ALL_AGENCY_ROLES, role])
		try:
			self.assertEqual(visible(), {self.task_a, self.task_b})
			response = self.get(self.resource("Directive Task", self.task_b), headers=token)
			self.assertEqual(response.status_code, 200)
			count = self.get(
				self.method("frappe.client.get_count"),
				{
					"doctype": "Directive Task",
					"filters": json.dumps({"content": ["like", f"{self.marker}%"]}),
				},
				headers=token,
			)
			self.assertEqual(count.json["message"], 2)
			# The statistics report, once the role is given it (Role Permission for Page and Report).
			response = self.post(
				self.resource("Custom Role"),
				{"report": REPORT, "ref_doctype": "Directive Task", "roles": [{"role": role}]},
				headers=self.admin,
			)
			self.assertEqual(response.status_code, 200, response.json)
			frappe.db.commit()
			response = self.post(
				self.method("frappe.desk.query_report.run"),
				{"report_name": REPORT, "filters": json.dumps({"from_date": add_days(today(), -400)})},
				headers=token,
			)
			self.assertEqual(response.status_code, 200, response.json)
			agencies = {
				row.get("agency") for row in response.json["message"]["result"] if isinstance(row, dict)
			}
			self.assertTrue({self.p.agency_a, self.p.agency_b} <= agencies)
			marker_filter = json.dumps({"content": ["like", f"{self.marker}%"]})
			# A chart with a source of its own is drawn from the source's method, as the desk does.
			response = self.post(
				self.method(
					"chidao_dieuhanh.chidao_dieuhanh.dashboard_chart_source"
					".tasks_by_deadline_status.tasks_by_deadline_status.get"
				),
				{"chart_name": "Tasks by Deadline Status", "filters": marker_filter},
				headers=token,
			)
			self.assertEqual(response.status_code, 200, response.json)
			self.assertEqual(sum(response.json["message"]["datasets"][0]["values"]), 2)
			response = self.post(
				self.method("frappe.desk.doctype.dashboard_chart.dashboard_chart.get"),
				{"chart_name": "Tasks by Lead Agency", "filters": marker_filter, "no_cache": 1},
				headers=token,
			)
			self.assertEqual(response.status_code, 200, response.json)
			self.assertEqual(sum(response.json["message"]["datasets"][0]["values"]), 2)
			# Read only: seeing every agency gives no right the doctype's permissions do not give.
			frappe.set_user("Administrator")
			response = self.put(
				self.resource("Directive Task", self.task_b),
				{"result_summary": "Thanh tra sửa"},
				headers=token,
			)
			self.assertEqual(response.status_code, 403)
		finally:
			frappe.set_user("Administrator")
			set_all_agency_roles(list(settings.DEFAULT_ALL_AGENCY_ROLES))
		self.assertEqual(visible(), set())

	def test_a_role_every_user_holds_cannot_see_every_agency(self):
		response = self.put(
			self.resource("Directive Settings", "Directive Settings"),
			{"all_agency_roles": [{"role": "Tracking Officer"}, {"role": "All"}]},
			headers=self.admin,
		)
		self.assertEqual(response.status_code, 417, response.json)
		frappe.db.commit()
		self.assertEqual(settings.all_agency_roles(), frozenset(settings.DEFAULT_ALL_AGENCY_ROLES))

	def test_renaming_a_listed_role_keeps_its_users_seeing_every_agency(self):
		role = ensure_role("Test Renamed Inspector")
		renamed = f"{role} 2"
		make_user("renamed.inspector@test.chidao.vn", role)
		set_all_agency_roles([*settings.DEFAULT_ALL_AGENCY_ROLES, role])
		try:
			self.assertTrue(is_office_user("renamed.inspector@test.chidao.vn"))
			self.call("frappe.client.rename_doc", doctype="Role", old_name=role, new_name=renamed)
			self.assertIn(renamed, settings.all_agency_roles())
			self.assertTrue(is_office_user("renamed.inspector@test.chidao.vn"))
		finally:
			set_all_agency_roles(list(settings.DEFAULT_ALL_AGENCY_ROLES))
			frappe.delete_doc("User", "renamed.inspector@test.chidao.vn", force=True)
			for name in (role, renamed):
				if frappe.db.exists("Role", name):
					frappe.delete_doc("Role", name, force=True)
			frappe.db.commit()
		self.assertNotIn(renamed, settings.all_agency_roles())

	# ----------------------------------------------------------------------------------------------
	# A workflow state added in the desk
	# ----------------------------------------------------------------------------------------------

	def test_a_state_added_between_review_and_completion_is_treated_by_what_it_is(self):
		self.add_leader_opinion_state()
		self.assertNotIn(NEW_STATE, task_states.agency_states())
		columns = frappe.get_all(
			"Kanban Board Column", {"parent": task_states.KANBAN_BOARD}, pluck="column_name", order_by="idx"
		)
		# The board gets the new state at its place in the workflow.
		self.assertEqual(columns.index(NEW_STATE), columns.index("Pending Review") + 1)
		task = make_task(self.directive, self.p.agency_a, deadline=add_days(today(), -2), state=IN_PROGRESS)
		frappe.set_user(self.p.focal_a)
		report = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": task.name,
				"progress": 100,
				"is_final": 1,
				"content": "Đã hoàn thành",
				"report_date": add_days(today(), -3),
			}
		).insert()
		report.submit()
		frappe.set_user("Administrator")
		task.reload()
		self.assertEqual(task.workflow_state, "Pending Review")
		frappe.set_user(self.p.officer)
		task = apply_workflow(task, ASK_OPINION)
		self.assertEqual(task.workflow_state, NEW_STATE)
		# Open, the office's turn: an open deadline status, the report's date kept, no reminder possible.
		self.assertEqual(task.deadline_status, deadlines.OVERDUE)
		self.assertEqual(str(task.completion_date), add_days(today(), -3))
		from chidao_dieuhanh.reminders import ReminderNotAllowed, remind_task

		self.assertRaises(ReminderNotAllowed, remind_task, task.name)
		from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_agency.task_statistics_by_agency import (
			execute,
		)

		rows = {row.get("agency"): row for row in execute({"from_date": add_days(today(), -400)})[1]}
		before = rows[self.p.agency_a]["open_overdue"]
		self.assertGreaterEqual(before, 1)
		frappe.set_user(self.p.leader)
		task = apply_workflow(task, "Confirm Completion")
		self.assertEqual(task.workflow_state, "Completed")
		# Completed on the final report's date, before the deadline.
		self.assertEqual(task.deadline_status, deadlines.COMPLETED_ON_TIME)
		frappe.set_user("Administrator")
		rows = {row.get("agency"): row for row in execute({"from_date": add_days(today(), -400)})[1]}
		self.assertEqual(rows[self.p.agency_a]["open_overdue"], before - 1)

	def add_leader_opinion_state(self):
		if not frappe.db.exists("Workflow State", NEW_STATE):
			response = self.post(
				self.resource("Workflow State"),
				{"workflow_state_name": NEW_STATE, "style": "Warning"},
				headers=self.admin,
			)
			self.assertEqual(response.status_code, 200, response.json)
		if not frappe.db.exists("Workflow Action Master", ASK_OPINION):
			response = self.post(
				self.resource("Workflow Action Master"),
				{"workflow_action_name": ASK_OPINION},
				headers=self.admin,
			)
			self.assertEqual(response.status_code, 200, response.json)
		workflow = self.get(self.resource("Workflow", self.workflow.name), headers=self.admin).json["data"]
		office = ("Tracking Officer", "Office Leader", "Directive Manager", "Leader")
		# Between review and completion, as the IT officer inserts it in the states table.
		after_review = (
			max(i for i, row in enumerate(workflow["states"]) if row["state"] == "Pending Review") + 1
		)
		workflow["states"][after_review:after_review] = [
			{"state": NEW_STATE, "doc_status": "0", "allow_edit": role} for role in office
		]
		workflow["transitions"] += [
			{
				"state": "Pending Review",
				"action": ASK_OPINION,
				"next_state": NEW_STATE,
				"allowed": "Tracking Officer",
			},
			{
				"state": NEW_STATE,
				"action": "Confirm Completion",
				"next_state": "Completed",
				"allowed": "Leader",
			},
		]
		response = self.put(self.resource("Workflow", self.workflow.name), workflow, headers=self.admin)
		self.assertEqual(response.status_code, 200, response.json)
		frappe.db.commit()

	# ----------------------------------------------------------------------------------------------
	# Custom fields and Notifications
	# ----------------------------------------------------------------------------------------------

	def test_a_custom_field_shows_in_list_report_builder_import_and_rest(self):
		response = self.post(
			self.resource("Custom Field"),
			{
				"dt": "Directive Task",
				"fieldname": "budget_code",
				"label": "Budget Code",
				"fieldtype": "Data",
				"insert_after": "content",
				"in_list_view": 1,
			},
			headers=self.admin,
		)
		self.assertEqual(response.status_code, 200, response.json)
		frappe.db.commit()
		frappe.db.set_value("Directive Task", self.task_a, "budget_code", "NS-2026-01")
		frappe.db.commit()
		token = {"Authorization": api_token(self.p.focal_a)}
		frappe.db.commit()
		response = self.get(self.resource("Directive Task", self.task_a), headers=token)
		self.assertEqual(response.status_code, 200, response.json)
		self.assertEqual(response.json["data"]["budget_code"], "NS-2026-01")
		response = self.put(
			self.resource("Directive Task", self.task_a), {"budget_code": "NS-2026-02"}, headers=token
		)
		self.assertEqual(response.status_code, 200, response.json)
		frappe.set_user(self.p.focal_a)
		rows = frappe.get_list(
			"Directive Task", filters={"content": ["like", f"{self.marker}%"]}, fields=["name", "budget_code"]
		)
		self.assertEqual({r.name: r.budget_code for r in rows}, {self.task_a: "NS-2026-02"})
		from frappe.desk.reportview import get as report_view

		frappe.local.form_dict = frappe._dict(
			doctype="Directive Task",
			fields=json.dumps(["`tabDirective Task`.`name`", "`tabDirective Task`.`budget_code`"]),
			filters=json.dumps([["Directive Task", "budget_code", "=", "NS-2026-02"]]),
		)
		self.assertEqual(report_view()["values"], [[self.task_a, "NS-2026-02"]])
		frappe.set_user("Administrator")
		from frappe.core.doctype.data_import.exporter import Exporter

		exporter = Exporter("Directive Task", export_fields={"Directive Task": ["name", "budget_code"]})
		self.assertIn("budget_code", [df.fieldname for df in exporter.fields])

	def test_a_notification_made_in_the_desk_reaches_the_lead_agency_users(self):
		# The recipient fields are offered by the desk's Notification form (Email options).
		meta = frappe.get_meta("Directive Task")
		self.assertEqual(meta.get_field("agency_recipients").options, "Email")
		due = make_task(
			self.directive, self.p.agency_b, deadline=add_days(today(), 3), state=IN_PROGRESS
		).name
		frappe.db.commit()
		response = self.post(
			self.resource("Notification"),
			{
				"name": "Test Desk Due Soon",
				"subject": "Sắp đến hạn: {{ doc.name }}",
				"document_type": "Directive Task",
				"event": "Days Before",
				"date_changed": "deadline",
				"days_in_advance": 3,
				"channel": "Email",
				"condition": "doc.deadline_status in ('On Track', 'Due Soon')",
				"recipients": [{"receiver_by_document_field": "agency_recipients"}],
				"message": "Nhiệm vụ {{ doc.name }} đến hạn ngày {{ doc.deadline }}.",
			},
			headers=self.admin,
		)
		self.assertEqual(response.status_code, 200, response.json)
		frappe.db.commit()
		from frappe.email.doctype.notification.notification import trigger_daily_alerts

		trigger_daily_alerts()
		queue = frappe.get_all(
			"Email Queue", {"reference_doctype": "Directive Task", "reference_name": due}, pluck="name"
		)
		recipients = set(
			frappe.get_all("Email Queue Recipient", {"parent": ["in", queue]}, pluck="recipient")
		)
		self.assertEqual(recipients, {self.p.focal_b})


def ensure_role(role: str) -> str:
	if not frappe.db.exists("Role", role):
		frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
			ignore_permissions=True
		)
		frappe.db.commit()
	return role


def set_all_agency_roles(roles: list[str]) -> None:
	doc = frappe.get_single("Directive Settings")
	doc.set("all_agency_roles", [{"role": role} for role in roles])
	doc.save(ignore_permissions=True)
	frappe.db.commit()


def restore_workflow(original: dict) -> None:
	frappe.db.commit()
	doc = frappe.get_doc("Workflow", original.name)
	doc.set("states", [{k: row[k] for k in ("state", "doc_status", "allow_edit")} for row in original.states])
	doc.set(
		"transitions",
		[{k: row[k] for k in ("state", "action", "next_state", "allowed")} for row in original.transitions],
	)
	doc.save(ignore_permissions=True)
	frappe.db.commit()
