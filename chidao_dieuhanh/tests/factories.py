"""Builders of test records for the integration tests."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from chidao_dieuhanh.task_states import (
	ACCEPT,
	ASSIGN,
	ASSIGNED,
	CANCELLED,
	COMPLETED,
	CONFIRM_COMPLETION,
	DRAFT,
	IN_PROGRESS,
	PENDING_REVIEW,
	REFUSED,
	RETURNED,
	SUBMIT_FOR_REVIEW,
	SUSPENDED,
)


def make_user(email: str, *roles: str) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	missing = [r for r in roles if r not in frappe.get_roles(email)]
	if missing:
		user.add_roles(*missing)
	return email


def make_outbox(email: str = "noreply@test.chidao.vn") -> str:
	"""A default outgoing e-mail account, so that notifications are queued (nothing is sent in tests)."""
	name = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	if name:
		return name
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Chidao Test Outbox",
			"email_id": email,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"smtp_port": 25,
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)
	return account.name


def delete_mail_about(doctype: str, names: list[str]) -> None:
	"""Removes the e-mails, communications and in-app notifications about committed test records, so that
	later tests reusing their names (series are reverted on delete) start clean."""
	if not names:
		return
	queue = frappe.get_all(
		"Email Queue", filters={"reference_doctype": doctype, "reference_name": ["in", names]}, pluck="name"
	)
	if queue:
		frappe.db.delete("Email Queue Recipient", {"parent": ["in", queue]})
		frappe.db.delete("Email Queue", {"name": ["in", queue]})
	frappe.db.delete("Communication", {"reference_doctype": doctype, "reference_name": ["in", names]})
	frappe.db.delete("Notification Log", {"document_type": doctype, "document_name": ["in", names]})


def make_agency(name: str, parent: str | None = None, users=(), head: str | None = None, is_group=0) -> str:
	if not frappe.db.exists("Agency", name):
		frappe.get_doc(
			{
				"doctype": "Agency",
				"agency_name": name,
				"agency_code": name.upper().replace(" ", "-"),
				"parent_agency": parent,
				"is_group": is_group,
				"head_user": head,
				"users": [{"user": u} for u in users],
			}
		).insert(ignore_permissions=True)
	return name


def make_directive(issue_date: str | None = None, **kwargs) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Directive",
			"summary": kwargs.pop("summary", "Triển khai kế hoạch phát triển kinh tế - xã hội"),
			"source_type": "Official Document",
			"document_number": kwargs.pop("document_number", "1775/UBND-KGVX"),
			"document_type": "Official Letter",
			"issue_date": issue_date or add_days(today(), -30),
			**kwargs,
		}
	).insert(ignore_permissions=True)
	return doc.name


def make_task(directive: str, lead_agency: str, deadline=None, coordinators=(), state=DRAFT, **kwargs):
	"""A task moved to `state` through the workflow as Administrator (who holds every role)."""
	doc = frappe.get_doc(
		{
			"doctype": "Directive Task",
			"directive": directive,
			"content": kwargs.pop("content", "Báo cáo kết quả thực hiện"),
			"lead_agency": lead_agency,
			"deadline": deadline if deadline is not None else add_days(today(), 30),
			"no_deadline": kwargs.pop("no_deadline", 0),
			"coordinating_agencies": [{"agency": a} for a in coordinators],
			**kwargs,
		}
	).insert(ignore_permissions=True)
	for action, reason in PATHS[state]:
		if reason:
			doc.db_set("state_reason", reason)
		doc = apply_workflow(doc, action)
	return doc


# Workflow actions (and a reason where one is required) that lead from Drafting to each state.
PATHS = {
	DRAFT: [],
	ASSIGNED: [(ASSIGN, None)],
	IN_PROGRESS: [(ASSIGN, None), (ACCEPT, None)],
	PENDING_REVIEW: [(ASSIGN, None), (ACCEPT, None), (SUBMIT_FOR_REVIEW, None)],
	COMPLETED: [
		(ASSIGN, None),
		(ACCEPT, None),
		(SUBMIT_FOR_REVIEW, None),
		(CONFIRM_COMPLETION, None),
	],
	REFUSED: [(ASSIGN, None), ("Refuse", "Không thuộc chức năng, nhiệm vụ")],
	RETURNED: [(ASSIGN, None), (ACCEPT, None), (SUBMIT_FOR_REVIEW, None), ("Return", "Chưa đạt")],
	SUSPENDED: [(ASSIGN, None), ("Suspend", "Chờ chủ trương mới")],
	CANCELLED: [("Cancel", "Thu hồi")],
}


class Province:
	"""A small province: two departments (one with a sub-unit) and one user per role."""

	officer = "officer@test.chidao.vn"
	office_leader = "office.leader@test.chidao.vn"
	leader = "leader@test.chidao.vn"
	manager = "manager@test.chidao.vn"
	focal_a = "focal.a@test.chidao.vn"
	head_a = "head.a@test.chidao.vn"
	focal_a_sub = "focal.asub@test.chidao.vn"
	focal_b = "focal.b@test.chidao.vn"

	group = "Test Province Departments"
	agency_a = "Test Department A"
	agency_a_sub = "Test Department A Unit"
	agency_b = "Test Department B"

	@classmethod
	def build(cls):
		make_outbox()
		make_user(cls.officer, "Tracking Officer")
		make_user(cls.office_leader, "Office Leader")
		make_user(cls.leader, "Leader")
		make_user(cls.manager, "Directive Manager")
		make_user(cls.focal_a, "Agency Focal Point")
		make_user(cls.head_a, "Agency Head")
		make_user(cls.focal_a_sub, "Agency Focal Point")
		make_user(cls.focal_b, "Agency Focal Point")
		make_agency(cls.group, is_group=1)
		make_agency(cls.agency_a, parent=cls.group, users=[cls.focal_a], head=cls.head_a, is_group=1)
		make_agency(cls.agency_a_sub, parent=cls.agency_a, users=[cls.focal_a_sub])
		make_agency(cls.agency_b, parent=cls.group, users=[cls.focal_b])
		return cls


class ProvinceTestCase(FrappeTestCase):
	"""Builds the province once per class; each test starts as Administrator whatever user it switched to."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.p = Province.build()

	def tearDown(self):
		frappe.set_user("Administrator")
