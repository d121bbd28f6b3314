"""What leaves the system in e-mails and in-app notifications: nothing of a task under a confidential
directive but its number, deadline, lead agency and link, and its source document's type, number, date and
level (Luật Bảo vệ bí mật nhà nước); the summary and directing leader otherwise; the office's sender line
always; users' text escaped everywhere."""

import html
import re
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, formatdate, getdate, today

from chidao_dieuhanh import digest, reminders
from chidao_dieuhanh.confidentiality import NOTICE, is_confidential, task_is_confidential
from chidao_dieuhanh.task_states import ASSIGN
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task
from chidao_dieuhanh.tests.mail_checks import MailChecks, name_user, queued_mails, set_issuing_office

SECRET = "NOIDUNGMAT-7f3a"
EVIL = '<a href="http://evil.example">x</a><img src=x>'
RAW_TAG = re.compile(r'<a\s[^>]*href="http://evil|<img\b[^>]*\bsrc=["\']?x\b')
LEADER_NAME = "Lê Thị Thu Hà"
# How the e-mails name the directives of life_cycle: type, number and date; its level when confidential.
SOURCE_SHOWN = "Công văn số 1775/UBND-KGVX ngày 06/01/2020"


def notification_logs(doctype: str, name: str) -> list[dict]:
	return frappe.get_all(
		"Notification Log",
		filters={"document_type": doctype, "document_name": name},
		fields=["subject", "email_content"],
	)


def move(doc, *steps):
	"""Applies workflow actions; a step is an action or (action, {field: value}) written first."""
	for step in steps:
		action, values = step if isinstance(step, tuple) else (step, {})
		if values:
			doc.db_set(values)
		doc = apply_workflow(doc, action)
	return doc


# The job commits per reminder; here everything stays in the test transaction and is rolled back.
@patch("frappe.db.commit", new=lambda *args, **kwargs: None)
class TestConfidentialMail(MailChecks, ProvinceTestCase):
	def setUp(self):
		frappe.db.savepoint("confidential_mail")
		frappe.db.set_single_value("Directive Settings", "digest_overdue_task_count", 5)
		set_issuing_office()
		name_user(self.p.leader, LEADER_NAME, "Phó Chủ tịch UBND tỉnh")

	def tearDown(self):
		frappe.db.rollback(save_point="confidential_mail")
		super().tearDown()

	def life_cycle(self, confidentiality: str, text: str) -> list[tuple[str, str, str, tuple[str, str]]]:
		"""Every notification of the app, about tasks whose content, reasons, results, notes and messages
		are `text`; returns (event, doctype, name, (task number, deadline) shown) for each."""
		directive = make_directive(
			issue_date="2020-01-06",
			confidentiality=confidentiality,
			summary=f"{text} trích yếu",
			directing_leader=self.p.leader,
		)
		p = self.p

		def task(**kwargs):
			return make_task(
				directive, p.agency_a, content=f"{text} nội dung", tracking_officer=p.officer, **kwargs
			)

		def shown(task, deadline=None):
			return (task.name, formatdate(deadline or task.deadline, "dd/MM/yyyy"))

		sent = []
		assigned = move(task(coordinators=[p.agency_b]), ASSIGN)
		sent.append(("assigned", "Directive Task", assigned.name, shown(assigned)))

		refused = move(task(), ASSIGN, ("Refuse", {"state_reason": text}))
		sent.append(("refused", "Directive Task", refused.name, shown(refused)))

		# Pending review, returned, pending review again and completed: all mail about one task.
		reviewed = move(
			task(),
			ASSIGN,
			"Accept",
			("Submit for Review", {"result_summary": text}),
			("Return", {"state_reason": text}),
			"Submit for Review",
			"Confirm Completion",
		)
		sent.append(("review, return, completion", "Directive Task", reviewed.name, shown(reviewed)))

		extended = move(task(), ASSIGN, "Accept")
		with self.set_user(p.focal_a):
			request = frappe.get_doc(
				{
					"doctype": "Extension Request",
					"task": extended.name,
					"proposed_deadline": add_days(extended.deadline, 10),
					"reason": text,
				}
			).insert()
			request = apply_workflow(request, "Request")
		with self.set_user(p.office_leader):
			request = move(request, ("Approve", {"decision_note": text}))
		sent.append(
			("extension", "Extension Request", request.name, shown(extended, request.proposed_deadline))
		)

		reminded = move(task(), ASSIGN, "Accept")
		with self.set_user(p.officer):
			reminder = reminders.remind_task(reminded.name, text)
			escalation = reminders.remind_task(reminded.name, text, notify_head=True)
		sent.append(("reminder", "Task Reminder", reminder, shown(reminded)))
		sent.append(("escalation", "Task Reminder", escalation, shown(reminded)))

		overdue = move(task(deadline="2020-02-03"), ASSIGN, "Accept")
		week = digest.make_digest(getdate(today()), [p.leader])
		self.assertIn(overdue.name, [row.task for row in week.overdue_tasks])
		sent.append(("digest", "Directive Digest", week.name, shown(overdue)))
		return sent

	def messages(self, event: str, doctype: str, name: str) -> list[tuple[str, str, str]]:
		"""(what, markup, text as read) of each e-mail body and in-app notification about a document, and
		of each e-mail subject (what ends with "subject"); fails if there is no e-mail or no notification."""
		mails, logs = queued_mails(doctype, name), notification_logs(doctype, name)
		self.assertTrue(mails, f"no e-mail for {event}")
		self.assertTrue(logs, f"no in-app notification for {event}")
		out = []
		for mail in mails:
			out.append((f"{event}: e-mail subject", mail["subject"], mail["subject"]))
			out.append((f"{event}: e-mail", mail["html"], html.unescape(mail["html"])))
			out.append((f"{event}: e-mail text part", mail["text"], mail["text"]))
		for log in logs:
			markup = f"{log.subject}\n{log.email_content}"
			out.append((f"{event}: in-app notification", markup, html.unescape(markup)))
		return out

	def bodies(self, event: str, doctype: str, name: str) -> list[tuple[str, str, str]]:
		"""The e-mail HTML bodies and the in-app notifications."""
		return [m for m in self.messages(event, doctype, name) if m[0].endswith(("e-mail", "notification"))]

	def test_confidential_task_sends_only_number_deadline_and_link(self):
		for event, doctype, name, (task, deadline) in self.life_cycle("Secret", SECRET):
			for what, _markup, read in self.messages(event, doctype, name):
				self.assertFalse(SECRET in read, f"{what} carries the content")  # the summary too
				self.assertNotIn(LEADER_NAME, read, f"{what} names the directing leader")
			for what, markup, read in self.bodies(event, doctype, name):
				self.assertIn(NOTICE, read, what)
				self.assertIn(task, read, what)
				self.assertIn(deadline, read, what)
				self.assertIn(frappe.utils.get_url(), markup, what)
				# The source document by its type, number, date and level, so the agency finds it.
				self.assertNamesSource(markup, shown=(SOURCE_SHOWN, "Tối mật"), what=what)
				self.assertEndsWithSender(markup, what)

	def test_normal_task_sends_its_content(self):
		for event, doctype, name, _shown in self.life_cycle("Normal", SECRET):
			for what, markup, read in self.bodies(event, doctype, name):
				self.assertIn(SECRET, read, what)
				self.assertNotIn(NOTICE, read, what)
				self.assertNamesSource(
					markup,
					shown=(SOURCE_SHOWN,),
					summary=f"{SECRET} trích yếu",
					leader=LEADER_NAME,
					what=what,
				)
				self.assertNotIn(self.p.leader, read, f"{what} shows the leader's e-mail address")
				self.assertEndsWithSender(markup, what)

	def test_users_html_is_escaped(self):
		sent = self.life_cycle("Normal", f"{SECRET} {EVIL}")
		stored = frappe.db.get_value("Directive Task", sent[0][2], "content")
		self.assertIn("<img", stored, "the test needs the markup stored as the user wrote it")
		for event, doctype, name, _shown in sent:
			for what, markup, _read in self.bodies(event, doctype, name):
				self.assertFalse(RAW_TAG.search(markup), f"{what} carries the user's markup")
				self.assertIn("&lt;img", markup, what)

	def test_level_is_read_from_the_directive_when_sending(self):
		directive = make_directive(issue_date="2020-01-06", summary="Trích yếu")
		task = move(make_task(directive, self.p.agency_a, content=f"{SECRET} nội dung"), ASSIGN, "Accept")
		self.assertFalse(task_is_confidential(task.name))
		frappe.db.set_value("Directive", directive, "confidentiality", "Top Secret")
		self.assertTrue(task_is_confidential(task.name))
		with self.set_user(self.p.officer):
			reminder = reminders.remind_task(task.name, SECRET)
		self.assertTrue(is_confidential("Directive", directive))
		self.assertTrue(is_confidential("Task Reminder", reminder))
		for what, _markup, read in self.messages("reminder", "Task Reminder", reminder):
			self.assertFalse(SECRET in read, f"{what} carries the content")
