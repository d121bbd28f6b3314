# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Explanation requests over HTTP: the office asks the lead agency of an overdue task, the agency answers,
the office accepts or refuses; bad input, overdue requests and their escalation, who sees what, and the
report, digest and ranking that count them."""

import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh import explanations
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.chidao_dieuhanh.report.agency_ranking import agency_ranking
from chidao_dieuhanh.chidao_dieuhanh.report.overdue_tasks import overdue_tasks
from chidao_dieuhanh.digest import make_digest
from chidao_dieuhanh.task_states import COMPLETED, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task
from chidao_dieuhanh.tests.test_permissions import api_token

DOCTYPE = explanations.DOCTYPE


def vietnamese(source: str) -> str:
	"""The Vietnamese of an app message, up to its first placeholder."""
	translated = frappe._(source, lang="vi")
	assert translated != source, f"no Vietnamese for {source!r}"
	return translated.split("{", 1)[0].strip()


class TestExplanations(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.directive = make_directive(summary="Giải trình chậm", document_number="21/UBND-GT")
		late = add_days(today(), -12)
		# Agency B coordinates A's task: it sees the task, never the explanation asked of A.
		cls.task_a = make_task(
			cls.directive,
			p.agency_a,
			deadline=late,
			state=IN_PROGRESS,
			coordinators=[p.agency_b],
			tracking_officer=p.officer,
		).name
		cls.task_b = make_task(cls.directive, p.agency_b, deadline=late, state=IN_PROGRESS).name
		cls.task_on_track = make_task(cls.directive, p.agency_a, state=IN_PROGRESS).name
		cls.task_done = make_task(cls.directive, p.agency_a, deadline=today(), state=COMPLETED).name
		cls.tokens = {user: api_token(user) for user in (p.officer, p.office_leader, p.focal_a, p.focal_b)}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		tasks = [cls.task_a, cls.task_b, cls.task_on_track, cls.task_done]
		requests = frappe.get_all(DOCTYPE, {"task": ["in", tasks]}, pluck="name")
		for doctype in ("Comment", "ToDo"):
			frappe.db.delete(doctype, {"reference_name": ["in", [*tasks, *requests]]})
		frappe.db.delete("Version", {"docname": ["in", [*tasks, *requests]]})
		delete_mail_about(DOCTYPE, requests)
		delete_mail_about("Directive Task", tasks)
		frappe.db.delete(DOCTYPE, {"name": ["in", requests]})
		frappe.db.delete("Directive Digest", {"digest_date": add_days(today(), 365)})
		for task in tasks:
			frappe.delete_doc("Directive Task", task, force=True)
		frappe.delete_doc("Directive", cls.directive, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	# HTTP helpers

	def call(self, user, method, path, data=None):
		# Answers in Vietnamese, as for a user of the Vietnamese desk.
		data = {**(data or {}), "_lang": "vi"}
		headers = {"Authorization": self.tokens[user]}
		response = getattr(self, method)(path, data, headers=headers)
		frappe.db.commit()  # the request ran in its own transaction: see what it did
		return response

	def ask(self, user, task, **fields):
		return self.call(user, "post", self.resource(DOCTYPE), {"task": task, **fields})

	def act(self, user, name, action):
		doc = frappe.get_doc(DOCTYPE, name).as_dict()
		return self.call(
			user,
			"post",
			self.method("frappe.model.workflow.apply_workflow"),
			{"doc": json.dumps(doc, default=str), "action": action},
		)

	def answer(self, user, name, **fields):
		values = {
			"delay_reason": "Chờ ý kiến của bộ, ngành Trung ương",
			"planned_actions": "Họp liên ngành, hoàn thiện hồ sơ trình UBND tỉnh",
			"proposed_completion_date": str(add_days(today(), 20)),
			**fields,
		}
		return self.call(user, "put", self.resource(DOCTYPE, name), values)

	def assertRefused(self, response, status, source):
		self.assertEqual(response.status_code, status, response.json)
		messages = [json.loads(m)["message"] for m in json.loads(response.json.get("_server_messages", "[]"))]
		self.assertTrue(any(vietnamese(source) in m for m in messages), messages)

	def cleanup_requests(self, task):
		frappe.db.delete(DOCTYPE, {"task": task})
		frappe.db.commit()

	# The flow

	def test_office_asks_agency_explains_office_accepts(self):
		p = self.p
		response = self.ask(p.officer, self.task_a, request_note="Đề nghị giải trình lý do chậm")
		self.assertEqual(response.status_code, 200, response.json)
		name = response.json["data"]["name"]
		self.addCleanup(self.cleanup_requests, self.task_a)
		request = frappe.get_doc(DOCTYPE, name)
		self.assertEqual(request.agency, p.agency_a)
		self.assertEqual(request.workflow_state, explanations.AWAITING)
		self.assertEqual(request.requested_by, p.officer)
		self.assertEqual(
			request.response_days,
			frappe.db.get_single_value("Directive Settings", "explanation_response_days"),
		)
		self.assertEqual(
			getdate(request.response_deadline),
			get_calendar().add_working_days(getdate(), request.response_days),
		)
		self.assertIn(p.focal_a, request.agency_recipients)
		mailed = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": DOCTYPE, "reference_name": name},
			pluck="name",
		)
		self.assertTrue(
			frappe.db.exists(
				"Email Queue Recipient", {"parent": ["in", mailed or [""]], "recipient": p.focal_a}
			),
			"the agency is told by e-mail",
		)

		self.assertEqual(self.answer(p.focal_a, name).status_code, 200)
		response = self.act(p.focal_a, name, "Submit Explanation")
		self.assertEqual(response.status_code, 200, response.json)
		request.reload()
		self.assertEqual(request.workflow_state, explanations.EXPLAINED)
		self.assertEqual((request.answered_by, getdate(request.answered_on)), (p.focal_a, getdate()))
		# Once explained, the agency changes nothing more.
		self.assertEqual(self.answer(p.focal_a, name, delay_reason="Sửa lại").status_code, 403)

		response = self.act(p.office_leader, name, "Accept Explanation")
		self.assertEqual(response.status_code, 200, response.json)
		request.reload()
		self.assertEqual((request.workflow_state, request.docstatus), (explanations.ACCEPTED, 1))
		self.assertEqual(request.decided_by, p.office_leader)
		# The task shows its explanation requests (connections).
		frappe.set_user(p.focal_a)
		from chidao_dieuhanh.api.frappe_overrides import get_open_count

		counts = get_open_count("Directive Task", self.task_a)["count"]["external_links_found"]
		self.assertEqual(next(c["count"] for c in counts if c["doctype"] == DOCTYPE), 1)

	def test_refusal_needs_a_decision_note(self):
		p = self.p
		name = self.ask(p.officer, self.task_b).json["data"]["name"]
		self.addCleanup(self.cleanup_requests, self.task_b)
		self.answer(p.focal_b, name)
		self.assertEqual(self.act(p.focal_b, name, "Submit Explanation").status_code, 200)
		response = self.act(p.office_leader, name, "Refuse Explanation")
		self.assertRefused(response, 417, "Enter a decision note saying why the explanation is refused.")
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "docstatus"), 0)
		note = {"decision_note": "Lý do chưa thuyết phục"}
		# The decision note is the office's: the agency may not write it.
		self.call(p.focal_b, "put", self.resource(DOCTYPE, name), note)
		self.assertFalse(frappe.db.get_value(DOCTYPE, name, "decision_note"))
		self.assertEqual(
			self.call(p.office_leader, "put", self.resource(DOCTYPE, name), note).status_code, 200
		)
		self.assertEqual(self.act(p.office_leader, name, "Refuse Explanation").status_code, 200)
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "workflow_state"), explanations.REFUSED)

	# Bad input: a 4xx with the reason in Vietnamese, nothing saved

	def test_bad_input_is_refused_and_nothing_is_saved(self):
		p = self.p
		before = frappe.db.count(DOCTYPE)
		self.assertRefused(
			self.ask(p.officer, self.task_on_track),
			417,
			"An explanation is asked only on an overdue task; task {0} is {1}.",
		)
		self.assertRefused(
			self.ask(p.officer, self.task_a, response_days=100),
			417,
			"Working Days to Explain must be between 1 and {0}.",
		)
		self.assertEqual(self.ask(p.officer, self.task_a, response_days="ba").status_code, 417)
		self.assertEqual(self.ask(p.focal_a, self.task_a).status_code, 403, "agencies do not ask")
		self.assertEqual(frappe.db.count(DOCTYPE), before)

		name = self.ask(p.officer, self.task_a).json["data"]["name"]
		self.addCleanup(self.cleanup_requests, self.task_a)
		self.assertRefused(
			self.ask(p.officer, self.task_a), 417, "Explanation request {0} for this task is still open."
		)
		self.assertRefused(
			self.act(p.focal_a, name, "Submit Explanation"),
			417,
			"Fill in before sending the explanation: {0}.",
		)
		self.answer(p.focal_a, name, proposed_completion_date=str(add_days(today(), -3)))
		self.assertRefused(
			self.act(p.focal_a, name, "Submit Explanation"),
			417,
			"The proposed completion date {0} is in the past.",
		)
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "workflow_state"), explanations.AWAITING)
		self.assertEqual(frappe.db.count(DOCTYPE), before + 1)

	# Overdue and escalated

	def test_unanswered_request_becomes_overdue_and_is_escalated_once(self):
		p = self.p
		name = self.ask(p.officer, self.task_a).json["data"]["name"]
		self.addCleanup(self.cleanup_requests, self.task_a)
		deadline = getdate(frappe.db.get_value(DOCTYPE, name, "response_deadline"))
		self.assertEqual(explanations.escalate_overdue_requests(deadline), 0, "not overdue on its deadline")
		later = add_days(deadline, 1)
		self.assertEqual(explanations.escalate_overdue_requests(later), 1)
		request = frappe.get_doc(DOCTYPE, name)
		self.assertEqual(request.tracking_officer, p.officer)
		self.assertEqual((request.is_overdue, getdate(request.escalated_on)), (1, getdate(later)))
		for user in (p.focal_a, p.head_a, p.office_leader, p.officer):
			self.assertIn(user, request.escalation_recipients)
		for user in (p.head_a, p.office_leader):
			self.assertTrue(
				frappe.db.exists(
					"Notification Log",
					{"document_name": name, "for_user": user, "subject": ["like", "%Giải trình quá hạn%"]},
				),
				user,
			)
		self.assertTrue(
			frappe.db.exists("Email Queue", {"reference_doctype": DOCTYPE, "reference_name": name})
		)
		self.assertEqual(explanations.escalate_overdue_requests(add_days(later, 1)), 0, "escalated once")
		# Answered late, it stays counted as not explained in time.
		self.answer(p.focal_a, name)
		self.act(p.focal_a, name, "Submit Explanation")
		self.assertEqual(
			frappe.db.get_value(DOCTYPE, name, ["workflow_state", "is_overdue"]), (explanations.EXPLAINED, 1)
		)

	# Who sees what

	def test_other_agency_sees_nothing(self):
		p = self.p
		name = self.ask(p.officer, self.task_a).json["data"]["name"]
		self.addCleanup(self.cleanup_requests, self.task_a)
		commented = self.call(
			p.officer,
			"post",
			self.method("frappe.desk.form.utils.add_comment"),
			{
				"reference_doctype": DOCTYPE,
				"reference_name": name,
				"content": "Ghi chú của Văn phòng",
				"comment_email": p.officer,
				"comment_by": p.officer,
			},
		)
		self.assertEqual(commented.status_code, 200, commented.json)
		filters = json.dumps({"task": self.task_a})
		for user, expected in ((p.focal_a, 1), (p.focal_b, 0)):
			with self.subTest(user=user):
				listed = self.call(user, "get", self.resource(DOCTYPE), {"filters": filters})
				self.assertEqual(len(listed.json["data"]), expected)
				count = self.call(
					user,
					"get",
					self.method("frappe.client.get_count"),
					{"doctype": DOCTYPE, "filters": filters},
				)
				self.assertEqual(count.json["message"], expected)
				read = self.call(user, "get", self.resource(DOCTYPE, name))
				self.assertEqual(read.status_code, 200 if expected else 403)
				form = self.call(
					user,
					"get",
					self.method("frappe.desk.form.load.getdoc"),
					{"doctype": DOCTYPE, "name": name},
				)
				self.assertEqual(form.status_code, 200 if expected else 403)
				comments = form.json.get("docinfo", {}).get("comments", [])
				self.assertEqual(len(comments), expected, "the office's comment, with the request")
		self.assertEqual(self.answer(p.focal_b, name).status_code, 403)
		self.assertFalse(frappe.db.get_value(DOCTYPE, name, "delay_reason"))

	# Report, digest, ranking

	def test_report_digest_and_ranking_count_explanations(self):
		p = self.p
		name = self.ask(p.officer, self.task_a).json["data"]["name"]
		self.addCleanup(self.cleanup_requests, self.task_a)
		explanations.escalate_overdue_requests(add_days(today(), 30))
		frappe.set_user(p.officer)
		_columns, rows, *_rest = overdue_tasks.execute({"agency": p.group})
		cells = {row["task"]: row["explanation"] for row in rows}
		self.assertIn(frappe._(explanations.AWAITING, context="Workflow State"), cells[self.task_a])
		self.assertEqual(cells[self.task_b], "")
		self.assertIn("explanation", {c["fieldname"] for c in _columns})

		digest = make_digest(getdate(add_days(today(), 365)), [p.leader])
		digest_rows = {row.task: row.explanation for row in digest.overdue_tasks}
		if self.task_a in digest_rows:  # the digest lists the most overdue tasks of the whole site
			self.assertEqual(digest_rows[self.task_a], cells[self.task_a])
		self.assertEqual(digest.explanations_overdue, explanations.overdue_unanswered_count())
		self.assertGreaterEqual(digest.explanations_overdue, 1)

		filters = {
			"agency": p.group,
			"from_date": add_days(today(), -40),
			"to_date": add_days(today(), 40),
			"date_basis": "Deadline",
		}

		def score_of_a(penalty):
			frappe.db.set_single_value("Directive Settings", "explanation_penalty", penalty)
			data = agency_ranking.execute(filters)[1]
			return next(row for row in data if row["agency"] == p.agency_a)

		without = score_of_a(0)
		with_penalty = score_of_a(7.5)
		self.assertEqual(with_penalty["explanations_not_accepted"], 1)
		self.assertGreater(without["score"], 7.5, "A completed a task on time: something to deduct from")
		self.assertEqual(with_penalty["score"], round(without["score"] - 7.5, 2))
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "is_overdue"), 1)
