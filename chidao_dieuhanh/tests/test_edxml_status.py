# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Processing statuses (edXML Status) sent back through the integration platform, and Frappe's Webhook
for task events, against real HTTP servers started on 127.0.0.1 (tests/http_receiver.py)."""

import json
import threading
from datetime import timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import now_datetime

from chidao_dieuhanh import edxml_status
from chidao_dieuhanh.task_states import ASSIGN, ASSIGNED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	delete_mail_about,
	make_agency,
	make_directive,
	make_task,
)
from chidao_dieuhanh.tests.http_receiver import Receiver
from chidao_dieuhanh.tests.test_permissions import api_token
from chidao_dieuhanh.webhooks import WebhookNotSigned, WebhookSendsConfidentialText

DOCTYPE = edxml_status.DOCTYPE
SENDER = "Test edXML Sender Ministry"
SENDER_ID = "000.00.00.G99"
OUR_ID = "000.00.01.H99"
OUR_NAME = "Văn phòng UBND tỉnh (thử nghiệm)"
USERNAME, PASSWORD = "lgsp-test", "mật-khẩu-thử"
WEBHOOK_SECRET = "webhook-secret-for-tests"
SHIPPED_WEBHOOK = "Directive Task Events (JSON)"
TEST_WEBHOOK = "Test Task Events (JSON)"
SETTINGS_FIELDS = (
	"lgsp_enabled",
	"lgsp_status_url",
	"lgsp_username",
	"lgsp_organ_id",
	"lgsp_organ_name",
	"lgsp_max_attempts",
	"lgsp_timeout",
)


class TestEdxmlStatus(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.directives, cls.tasks = [], []
		cls.remove_leftovers()
		cls.lgsp = Receiver(username=USERNAME, password=PASSWORD).start()
		make_agency(SENDER)
		frappe.db.set_value("Agency", SENDER, "organ_id", SENDER_ID)
		settings = frappe.get_single("Directive Settings")
		cls.saved_settings = {f: settings.get(f) for f in SETTINGS_FIELDS}
		settings.update(
			{
				"lgsp_enabled": 1,
				"lgsp_status_url": cls.lgsp.url("/status"),
				"lgsp_username": USERNAME,
				"lgsp_password": PASSWORD,
				"lgsp_organ_id": OUR_ID,
				"lgsp_organ_name": OUR_NAME,
				"lgsp_max_attempts": 4,
				"lgsp_timeout": 2,
			}
		)
		settings.flags.ignore_permissions = True
		settings.save()
		frappe.db.set_value("User", cls.p.focal_a, "mobile_no", "0912000111")
		cls.token_a = api_token(cls.p.focal_a)
		cls.token_officer = api_token(cls.p.officer)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		cls.lgsp.stop()
		frappe.db.delete(DOCTYPE, {"directive": ["in", cls.directives or [""]]})
		frappe.db.delete("Webhook Request Log", {"webhook": TEST_WEBHOOK})
		if frappe.db.exists("Webhook", TEST_WEBHOOK):
			frappe.delete_doc("Webhook", TEST_WEBHOOK, force=True)
		delete_mail_about("Directive Task", cls.tasks)
		for task in cls.tasks:
			frappe.delete_doc("Directive Task", task, force=True)
		for directive in cls.directives:
			frappe.delete_doc("Directive", directive, force=True)
		settings = frappe.get_single("Directive Settings")
		settings.update(cls.saved_settings)
		settings.lgsp_password = ""
		settings.flags.ignore_permissions = True
		settings.save()
		frappe.delete_doc("Agency", SENDER, force=True)
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def remove_leftovers(cls):
		"""Directives a stopped run of this test left behind (their DocumentIds are unique)."""
		for directive in frappe.get_all(
			"Directive", {"edxml_document_id": ["like", f"{SENDER_ID},%"]}, pluck="name"
		):
			frappe.db.delete(DOCTYPE, {"directive": directive})
			for task in frappe.get_all("Directive Task", {"directive": directive}, pluck="name"):
				frappe.delete_doc("Directive Task", task, force=True)
			frappe.delete_doc("Directive", directive, force=True)

	# Helpers

	def received(self, number: str, **kwargs) -> str:
		"""A directive as the edXML receiver makes it (set directly: the receiver is another module)."""
		name = make_directive(
			document_number=number,
			sender_agency=SENDER,
			edxml_document_id=f"{SENDER_ID},2026/11/05,{number}",
			received_on=now_datetime(),
			**kwargs,
		)
		self.directives.append(name)
		return name

	def task(self, directive: str, state: str = DRAFT, **kwargs):
		doc = make_task(directive, self.p.agency_a, state=state, **kwargs)
		self.tasks.append(doc.name)
		return doc

	def move(self, task, action: str, user: str = "Administrator", reason: str | None = None):
		frappe.set_user(user)
		try:
			doc = frappe.get_doc("Directive Task", task.name if hasattr(task, "name") else task)
			if reason:  # written first, as the desk does (a workflow action reloads the task)
				doc.db_set("state_reason", reason)
			doc = apply_workflow(doc, action)
		finally:
			frappe.set_user("Administrator")
		frappe.db.commit()  # the delivery runs after the commit (at once in tests)
		return doc

	def messages(self, directive: str) -> list:
		return frappe.get_all(
			DOCTYPE, filters={"directive": directive}, fields=["*"], order_by="creation asc"
		)

	def posted(self, directive: str) -> list:
		"""The statuses the platform received about this directive, parsed back."""
		number = frappe.db.get_value("Directive", directive, "edxml_document_id")
		out = []
		for request in self.lgsp.received("/status"):
			parsed = edxml_status.parse_status_xml(request.body)
			if parsed["ResponseFor"]["DocumentId"] == number:
				out.append((request, parsed))
		return out

	def later(self, **delta):
		return now_datetime() + timedelta(**delta)

	# The statuses

	def test_received_directive_reports_each_step_once(self):
		directive = self.received("901/BTC-TEST")
		frappe.db.commit()
		task = self.task(directive)
		self.move(task, ASSIGN)
		self.move(task, "Accept", user=self.p.focal_a)
		second = self.task(directive, state=IN_PROGRESS)  # assigned and accepted again: nothing new
		frappe.db.commit()
		self.move(task, "Submit for Review", user=self.p.focal_a)
		self.move(task, "Confirm Completion")
		self.assertFalse([m.status_code for m in self.messages(directive) if m.status_code == "06"])
		self.move(second, "Submit for Review")
		self.move(second, "Confirm Completion")

		messages = self.messages(directive)
		self.assertEqual([m.status_code for m in messages], ["03", "04", "05", "06"])
		self.assertEqual({m.state for m in messages}, {"Sent"})
		self.assertEqual({m.attempts for m in messages}, {1})
		posted = self.posted(directive)
		self.assertEqual([p["StatusCode"] for _r, p in posted], ["03", "04", "05", "06"])
		for request, parsed in posted:
			self.assertTrue(request.auth_ok)
			self.assertEqual(request.status, 200)
			self.assertTrue(request.headers["Content-Type"].startswith("application/xml"))
			self.assertIn(b"<edXML:Status>", request.body)
			self.assertEqual(
				parsed["ResponseFor"],
				{
					"OrganId": SENDER_ID,
					"Code": "901/BTC-TEST",
					"PromulgationDate": frappe.utils.getdate(
						frappe.db.get_value("Directive", directive, "issue_date")
					).strftime("%Y/%m/%d"),
					"DocumentId": f"{SENDER_ID},2026/11/05,901/BTC-TEST",
				},
			)
			self.assertEqual((parsed["From"]["OrganId"], parsed["From"]["OrganName"]), (OUR_ID, OUR_NAME))
			self.assertTrue(parsed["Timestamp"])
		by_code = {p["StatusCode"]: p for _r, p in posted}
		self.assertIn(task.name, by_code["04"]["Description"])
		self.assertIn("Báo cáo kết quả thực hiện", by_code["04"]["Description"])  # not confidential
		# Accepted by the agency's focal point: its agency and its details, not the office's.
		self.assertEqual(
			by_code["05"]["StaffInfo"],
			{
				"Department": self.p.agency_a,
				"Staff": frappe.db.get_value("User", self.p.focal_a, "full_name"),
				"Mobile": "0912000111",
				"Email": self.p.focal_a,
			},
		)
		self.assertEqual(by_code["06"]["Description"], "Đã hoàn thành văn bản 901/BTC-TEST.")

	def test_refusal_is_told_each_time_with_its_reason(self):
		directive = self.received("902/BTC-TEST")
		task = self.task(directive, state=ASSIGNED)
		frappe.db.commit()
		self.move(task, "Refuse", user=self.p.focal_a, reason="Không thuộc chức năng của Sở")
		self.move(task, "Reassign", user=self.p.officer)
		self.move(task, "Refuse", user=self.p.focal_a, reason="Vẫn không thuộc chức năng")
		refusals = [p for _r, p in self.posted(directive) if p["StatusCode"] == "02"]
		self.assertEqual(len(refusals), 2)
		self.assertIn("lý do: Không thuộc chức năng của Sở", refusals[0]["Description"])
		self.assertIn("lý do: Vẫn không thuộc chức năng", refusals[1]["Description"])

	def test_confidential_directive_sends_no_task_content(self):
		directive = self.received("903/BTC-TEST", confidentiality="Secret")
		task = self.task(directive, content="BIMAT-EDXML nội dung mật", state=ASSIGNED)
		frappe.db.commit()
		self.move(task, "Refuse", user=self.p.focal_a, reason="BIMAT-LYDO")
		posted = self.posted(directive)
		self.assertEqual([p["StatusCode"] for _r, p in posted], ["03", "04", "02"])
		for request, _parsed in posted:
			self.assertNotIn(b"BIMAT", request.body)
		self.assertIn(edxml_status.CONFIDENTIAL_NOTE, posted[1][1]["Description"])
		self.assertIn(task.name, posted[1][1]["Description"])
		for message in self.messages(directive):
			self.assertNotIn("BIMAT", message.status_xml + (message.description or ""))

	def test_directive_not_received_as_edxml_queues_nothing(self):
		directive = make_directive(document_number="904/UBND-TEST", sender_agency=SENDER)
		self.directives.append(directive)
		task = self.task(directive)
		frappe.db.commit()
		before = len(self.lgsp.received())
		for action in (ASSIGN, "Accept", "Submit for Review", "Confirm Completion"):
			self.move(task, action)
		self.assertEqual(self.messages(directive), [])
		self.assertEqual(len(self.lgsp.received()), before)

	# Delivery

	def test_platform_answering_500_is_retried_and_delivered_once(self):
		self.lgsp.fail_first = 2
		directive = self.received("905/BTC-TEST")
		frappe.db.commit()  # first attempt: 500
		(message,) = self.messages(directive)
		self.assertEqual((message.state, message.attempts), ("Queued", 1))
		self.assertIn("HTTP 500", message.last_error)
		self.assertGreater(message.next_attempt_on, now_datetime() + timedelta(seconds=30))
		self.assertEqual(edxml_status.deliver_due_messages(), 0)  # not due yet: nothing posted
		self.assertEqual(len(self.posted(directive)), 1)
		edxml_status.deliver_due_messages(now=self.later(minutes=2))  # second attempt: 500
		message = frappe.get_doc(DOCTYPE, message.name)
		self.assertEqual((message.state, message.attempts), ("Queued", 2))
		self.assertGreaterEqual(message.next_attempt_on, self.later(minutes=3))  # backoff doubled
		self.assertEqual(edxml_status.deliver_due_messages(now=self.later(minutes=10)), 1)
		message.reload()
		self.assertEqual((message.state, message.attempts, message.last_error), ("Sent", 3, None))
		self.assertTrue(message.sent_on)
		self.assertEqual(edxml_status.deliver_due_messages(now=self.later(days=1)), 0)
		statuses = [r.status for r, _p in self.posted(directive)]
		self.assertEqual(statuses, [500, 500, 200])

	def test_platform_down_loses_nothing(self):
		self.lgsp.stop()
		try:
			directive = self.received("906/BTC-TEST")
			frappe.db.commit()  # attempt refused: the port is closed
			edxml_status.deliver_due_messages(now=self.later(minutes=5))
			(message,) = self.messages(directive)
			self.assertEqual((message.state, message.attempts), ("Queued", 2))
			self.assertIn("ConnectionError", message.last_error)
			self.assertTrue(message.next_attempt_on)
		finally:
			self.lgsp.start()  # back on the same port
		self.assertEqual(edxml_status.deliver_due_messages(now=self.later(hours=1)), 1)
		(message,) = self.messages(directive)
		self.assertEqual(message.state, "Sent")
		self.assertEqual([p["StatusCode"] for _r, p in self.posted(directive)], ["03"])

	def test_attempts_run_out_then_the_office_retries(self):
		self.lgsp.fail_first = 10
		try:
			directive = self.received("907/BTC-TEST")
			frappe.db.commit()
			for hours in (1, 2, 3):
				edxml_status.deliver_due_messages(now=self.later(hours=hours * 7))
			(message,) = self.messages(directive)
			self.assertEqual((message.state, message.attempts), ("Failed", 4))
			self.assertEqual(edxml_status.deliver_due_messages(now=self.later(days=2)), 0)
		finally:
			self.lgsp.fail_first = 0
		# The agency cannot retry it; the tracking officer can, over HTTP as the form's button does.
		retry = self.method("run_doc_method")
		arguments = {"dt": DOCTYPE, "dn": message.name, "method": "retry"}
		response = self.post(retry, arguments, headers={"Authorization": self.token_a})
		self.assertEqual(response.status_code, 403)
		response = self.post(retry, arguments, headers={"Authorization": self.token_officer})
		self.assertEqual(response.status_code, 200, response.json)
		frappe.db.commit()
		edxml_status.deliver_due_messages()  # a worker's pass; in the request it already ran after commit
		(message,) = self.messages(directive)
		self.assertEqual(message.state, "Sent")
		self.assertEqual([r.status for r, _p in self.posted(directive)], [500] * 4 + [200])

	def test_second_run_and_concurrent_worker_send_nothing_twice(self):
		self.lgsp.fail_first = 1
		directive = self.received("908/BTC-TEST")
		frappe.db.commit()
		(message,) = self.messages(directive)
		self.assertEqual(message.state, "Queued")
		# A worker holding the message's row: another worker skips it without waiting.
		frappe.db.sql(f"select name from `tab{DOCTYPE}` where name = %s for update", message.name)
		other = run_in_other_connection(lambda: edxml_status.deliver_due_messages(now=self.later(hours=1)))
		self.assertEqual(other, 0)
		frappe.db.commit()
		self.assertEqual(edxml_status.deliver_due_messages(now=self.later(hours=1)), 1)
		self.assertEqual(edxml_status.deliver_due_messages(now=self.later(hours=2)), 0)
		self.assertEqual([r.status for r, _p in self.posted(directive)], [500, 200])

	# Who sees the log

	def test_agency_users_see_nothing_of_the_log(self):
		directive = self.received("909/BTC-TEST")
		task = self.task(directive, state=ASSIGNED)  # a task of the agency's own
		frappe.db.commit()
		name = self.messages(directive)[0].name
		agency = {"Authorization": self.token_a}
		self.assertEqual(self.get(self.resource(DOCTYPE), headers=agency).status_code, 403)
		self.assertEqual(self.get(self.resource(DOCTYPE, name), headers=agency).status_code, 403)
		count = self.get(self.method("frappe.client.get_count"), {"doctype": DOCTYPE}, headers=agency)
		self.assertIn(count.status_code, (403, 200))
		if count.status_code == 200:
			self.assertEqual(count.json["message"], 0)
		report = self.post(
			self.method("frappe.desk.reportview.get"),
			{"doctype": DOCTYPE, "fields": json.dumps(["name", "description"])},
			headers=agency,
		)
		self.assertEqual(report.status_code, 403)
		# The office reads it, and nobody writes it through REST.
		office = {"Authorization": self.token_officer}
		listed = self.get(
			self.resource(DOCTYPE),
			{"filters": json.dumps({"state": "Sent", "directive": directive})},
			headers=office,
		)
		self.assertEqual(listed.status_code, 200)
		self.assertEqual(
			sorted(row["name"] for row in listed.json["data"]),
			sorted(m.name for m in self.messages(directive)),
		)
		response = self.put(self.resource(DOCTYPE, name), {"state": "Queued"}, headers=office)
		self.assertEqual(response.status_code, 403)
		response = self.post(
			self.resource(DOCTYPE), {"directive": directive, "status_code": "06"}, headers=office
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "state"), "Sent")
		self.assertTrue(task)

	# Frappe's Webhook

	def test_shipped_webhook_is_disabled_and_unsigned_or_leaky_ones_are_refused(self):
		shipped = frappe.get_doc("Webhook", SHIPPED_WEBHOOK)
		self.assertEqual((shipped.enabled, shipped.webhook_doctype), (0, "Directive Task"))
		copy = frappe.copy_doc(shipped)
		copy.name = "Test Unsigned Task Events"
		copy.enabled = 1
		self.assertRaises(WebhookNotSigned, copy.insert)
		leaky = frappe.copy_doc(shipped)
		leaky.name = "Test Leaky Task Events"
		leaky.webhook_json = '{"content": {{ doc.content | tojson }}}'
		self.assertRaises(WebhookSendsConfidentialText, leaky.insert)
		listed = frappe.copy_doc(shipped)
		listed.name = "Test Listed Task Events"
		listed.request_structure = "Form URL-Encoded"
		listed.append("webhook_data", {"fieldname": "content", "key": "content"})
		self.assertRaises(WebhookSendsConfidentialText, listed.insert)

	def test_webhook_sends_signed_task_json_without_confidential_content(self):
		hooks = Receiver(webhook_secret=WEBHOOK_SECRET).start()
		try:
			webhook = frappe.copy_doc(frappe.get_doc("Webhook", SHIPPED_WEBHOOK))
			webhook.name = TEST_WEBHOOK
			webhook.request_url = hooks.url("/task-events")
			webhook.enabled = 1
			webhook.enable_security = 1
			webhook.webhook_secret = WEBHOOK_SECRET
			webhook.insert()
			frappe.db.commit()
			public = self.task(make_directive(document_number="910/UBND-TEST"), content="Nội dung công khai")
			secret_directive = make_directive(document_number="911/UBND-TEST", confidentiality="Top Secret")
			self.directives.extend([public.directive, secret_directive])
			secret = self.task(secret_directive, content="BIMAT-WEBHOOK nội dung")
			frappe.db.commit()  # drafts: the condition sends nothing
			self.assertEqual(hooks.received(), [])
			self.move(public, ASSIGN)  # Frappe runs the webhook after the commit (at once in tests)
			self.move(secret, ASSIGN)
			self.move(secret, "Accept", user=self.p.focal_a)
			events = [json.loads(r.body) for r in hooks.received("/task-events")]
			self.assertEqual(
				[(e["name"], e["workflow_state"]) for e in events],
				[(public.name, ASSIGNED), (secret.name, ASSIGNED), (secret.name, IN_PROGRESS)],
			)
			for request in hooks.received():
				self.assertTrue(request.signature_ok, request.headers)
				self.assertNotIn(b"BIMAT", request.body)
				self.assertNotIn(b"@", request.body)  # no recipients' addresses
			self.assertEqual(events[0]["content"], "Nội dung công khai")
			self.assertEqual((events[0]["confidential"], events[0]["lead_agency"]), (False, self.p.agency_a))
			self.assertEqual(events[0]["directive_number"], "910/UBND-TEST")
			self.assertEqual((events[1]["confidential"], events[1]["content"]), (True, None))
			self.assertEqual(events[1]["deadline"], str(secret.deadline))
		finally:
			hooks.stop()
			if frappe.db.exists("Webhook", TEST_WEBHOOK):
				frappe.delete_doc("Webhook", TEST_WEBHOOK, force=True)
			frappe.db.commit()
		# deleted, it no longer fires: Frappe's cached list of webhooks forgets it (webhooks.py)
		from frappe.integrations.doctype.webhook import get_all_webhooks

		cached = frappe.cache.get_value("webhooks", get_all_webhooks)
		self.assertNotIn(TEST_WEBHOOK, [w.name for w in cached.get("Directive Task", [])])


def run_in_other_connection(function):
	"""Runs `function` in a thread with its own site connection (another worker), returning its result."""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	result = {}

	def target():
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			result["value"] = function()
		finally:
			frappe.db.rollback()
			frappe.destroy()

	thread = threading.Thread(target=target)
	thread.start()
	thread.join(30)
	return result.get("value")
