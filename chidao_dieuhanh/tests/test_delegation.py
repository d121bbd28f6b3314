# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Delegation when away, over HTTP: what a delegation may be, who reads it, the delegate's reminders during
the period and not after, a workflow action taken on behalf of the delegator, and the end of the period
undoing exactly what its start added."""

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh import delegation
from chidao_dieuhanh.task_states import ASSIGNED, IN_PROGRESS
from chidao_dieuhanh.tests.api_tokens import quick_token
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task

DOCTYPE = "Work Delegation"


def grants(user: str) -> tuple[set, set]:
	"""The user's Has Role rows and Agency User rows, by name."""
	roles = set(frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="name"))
	rows = set(frappe.get_all("Agency User", filters={"user": user, "parenttype": "Agency"}, pluck="name"))
	return roles, rows


class TestWorkDelegation(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.directive = make_directive(summary="Ủy quyền", document_number="88/UBND-UQ")
		cls.task_a = make_task(cls.directive, p.agency_a, state=IN_PROGRESS, tracking_officer=p.officer).name
		cls.task_new = make_task(cls.directive, p.agency_a, state=ASSIGNED).name
		cls.tokens = {
			user: quick_token(user)
			for user in (p.officer, p.office_leader, p.focal_a, p.head_a, p.focal_a_sub, p.focal_b)
		}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for name in frappe.get_all(
			DOCTYPE, filters={"docstatus": 1, "status": delegation.ACTIVE}, pluck="name"
		):
			delegation.end(frappe.get_doc(DOCTYPE, name))
		users = [cls.p.focal_a, cls.p.office_leader, cls.p.focal_b, cls.p.head_a, cls.p.officer]
		frappe.db.delete(DOCTYPE, {"delegator": ["in", users]})
		tasks = [cls.task_a, cls.task_new]
		requests = frappe.get_all("Extension Request", {"task": ["in", tasks]}, pluck="name")
		delete_mail_about("Extension Request", requests)
		frappe.db.delete("Comment", {"reference_name": ["in", tasks + requests]})
		for name in requests:
			frappe.db.delete("Extension Request", name)
		reminders = frappe.get_all("Task Reminder", {"task": ["in", tasks]}, pluck="name")
		delete_mail_about("Task Reminder", reminders)
		frappe.db.delete("Task Reminder", {"task": ["in", tasks]})
		delete_mail_about("Directive Task", tasks)
		for task in tasks:
			frappe.delete_doc("Directive Task", task, force=True)
		frappe.delete_doc("Directive", cls.directive, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for name in frappe.get_all(DOCTYPE, filters={"docstatus": 1}, pluck="name"):
			doc = frappe.get_doc(DOCTYPE, name)
			if doc.status in delegation.IN_FORCE:
				doc.cancel()
		frappe.db.commit()

	def headers(self, user):
		return {"Authorization": self.tokens[user]}

	def act(self, user, action, doc):
		"""A workflow action through the desk's endpoint; the test then reads what the request committed."""
		response = self.post(
			self.method("frappe.model.workflow.apply_workflow"),
			{"doc": json.dumps(doc, default=str), "action": action},
			headers=self.headers(user),
		)
		frappe.db.commit()
		frappe.clear_cache(user=user)
		return response

	def delegate(self, delegator, delegate, start=0, days=3, by=None, **values):
		response = self.post(
			self.resource(DOCTYPE),
			{
				"delegator": delegator,
				"delegate": delegate,
				"from_date": add_days(today(), start),
				"to_date": add_days(today(), start + days),
				"reason": "Đi công tác",
				"docstatus": 1,
				**values,
			},
			headers=self.headers(by or delegator),
		)
		frappe.db.commit()
		return response

	def reminder_recipients(self) -> set[str]:
		response = self.post(
			self.method("chidao_dieuhanh.reminders.remind_task"),
			{"task": self.task_a},
			headers=self.headers(self.p.officer),
		)
		frappe.db.commit()
		self.assertEqual(response.status_code, 200, response.json)
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Task Reminder", "reference_name": response.json["message"]},
			pluck="name",
		)
		return set(
			frappe.get_all("Email Queue Recipient", filters={"parent": ["in", queue]}, pluck="recipient")
		)

	def end_period(self, name):
		"""The period is over (dates moved back as time would) and the nightly job runs."""
		frappe.db.set_value(
			DOCTYPE, name, {"from_date": add_days(today(), -5), "to_date": add_days(today(), -1)}
		)
		delegation.update_delegations()
		frappe.db.commit()

	# What a delegation may be

	def test_bad_delegations_are_refused_and_nothing_is_saved(self):
		p = self.p
		before = frappe.db.count(DOCTYPE)
		cases = [
			(dict(delegator=p.focal_a, delegate=p.focal_a), 417, "yourself"),
			(dict(delegator=p.focal_a, delegate=p.head_a, start=2, days=-1), 417, "ends before"),
			(dict(delegator=p.focal_a, delegate=p.head_a, start=-1), 417, "past"),
			(dict(delegator=p.focal_a, delegate=p.focal_b), 417, "another agency"),
			(dict(delegator=p.officer, delegate=p.focal_a), 417, "office work to an agency"),
			(dict(delegator=p.focal_b, delegate=p.focal_a), 417, "into another agency"),
			(dict(delegator=p.focal_a, delegate=p.focal_b, by=p.focal_b), 403, "in another user's name"),
		]
		for values, status, what in cases:
			response = self.delegate(**values)
			self.assertEqual(response.status_code, status, (what, response.json))
			self.assertTrue(response.json.get("exception") or response.json.get("exc_type"), what)
		self.assertEqual(self.delegate(p.focal_a, p.head_a).status_code, 200)
		overlapping = self.delegate(p.focal_a, p.focal_a_sub, start=1)
		self.assertEqual(overlapping.status_code, 417, overlapping.json)
		away = self.delegate(p.head_a, p.focal_a, start=2)
		self.assertEqual(away.status_code, 417, away.json)
		self.assertEqual(frappe.db.count(DOCTYPE), before + 1)

	def test_delegations_are_read_by_their_agency_head_and_the_office_only(self):
		p = self.p
		name = self.delegate(p.focal_a, p.focal_a_sub).json["data"]["name"]
		for user in (p.focal_a, p.head_a, p.officer, p.focal_a_sub):
			self.assertEqual(
				self.get(self.resource(DOCTYPE, name), headers=self.headers(user)).status_code, 200
			)
		outsider = self.headers(p.focal_b)
		self.assertEqual(self.get(self.resource(DOCTYPE, name), headers=outsider).status_code, 403)
		listed = self.get(self.resource(DOCTYPE), {"limit_page_length": 0}, headers=outsider).json["data"]
		self.assertNotIn(name, {row["name"] for row in listed})
		count = self.get(
			self.method("frappe.client.get_count"),
			{"doctype": DOCTYPE, "filters": json.dumps({"delegator": p.focal_a})},
			headers=outsider,
		).json["message"]
		self.assertEqual(count, 0)
		cancelled = self.post(
			self.method("frappe.client.cancel"), {"doctype": DOCTYPE, "name": name}, headers=outsider
		)
		self.assertEqual(cancelled.status_code, 403)

	# During the period and after

	def test_the_delegate_is_reminded_during_the_period_and_not_after(self):
		p = self.p
		self.assertNotIn(p.head_a, self.reminder_recipients())
		name = self.delegate(p.focal_a, p.head_a).json["data"]["name"]
		self.assertEqual(self.reminder_recipients(), {p.focal_a, p.head_a})
		self.end_period(name)
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "status"), delegation.ENDED)
		self.assertEqual(self.reminder_recipients(), {p.focal_a})

	def test_a_workflow_action_is_taken_on_behalf_and_the_end_undoes_what_the_start_added(self):
		p = self.p
		request = frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": self.task_a,
				"proposed_deadline": add_days(today(), 90),
				"reason": "Chờ ý kiến Bộ",
			}
		).insert()
		request = apply_workflow(request, "Request")
		frappe.db.commit()
		before = grants(p.officer)
		refused = self.act(p.officer, "Approve", request.as_dict())
		self.assertIn(refused.status_code, (403, 417), refused.json)
		name = self.delegate(p.office_leader, p.officer).json["data"]["name"]
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "status"), delegation.ACTIVE)
		frappe.clear_cache(user=p.officer)
		self.assertIn("Office Leader", frappe.get_roles(p.officer))
		approved = self.act(p.officer, "Approve", request.as_dict())
		self.assertEqual(approved.status_code, 200, approved.json)
		notes = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Extension Request", "reference_name": request.name},
			pluck="content",
		)
		self.assertTrue(any("on behalf of" in note and name in note for note in notes), notes)
		self.end_period(name)
		self.assertEqual(grants(p.officer), before)
		frappe.clear_cache(user=p.officer)
		self.assertNotIn("Office Leader", frappe.get_roles(p.officer))

	def test_a_sub_unit_delegate_gets_the_agency_only_for_the_period(self):
		p = self.p
		before = grants(p.focal_a_sub)
		headers = self.headers(p.focal_a_sub)
		self.assertEqual(
			self.get(self.resource("Directive Task", self.task_new), headers=headers).status_code, 403
		)
		officer_rows = grants(p.officer)
		forged = [{"name": row, "role": "Tracking Officer"} for row in officer_rows[0]]
		name = self.delegate(
			p.focal_a, p.focal_a_sub, granted_rows=json.dumps({"Has Role": forged}), status="Ended"
		).json["data"]["name"]
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "granted_agencies"), p.agency_a)
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "status"), delegation.ACTIVE)
		task = self.get(self.resource("Directive Task", self.task_new), headers=headers)
		self.assertEqual(task.status_code, 200)
		accepted = self.act(p.focal_a_sub, "Accept", task.json["data"])
		self.assertEqual(accepted.status_code, 200, accepted.json)
		notes = frappe.get_all(
			"Comment",
			filters={"reference_doctype": "Directive Task", "reference_name": self.task_new},
			pluck="content",
		)
		self.assertTrue(any("on behalf of" in note for note in notes), notes)
		# The period is over but the nightly job has not run: the action is refused, and the period ends.
		frappe.db.set_value(DOCTYPE, name, "to_date", add_days(today(), -1))
		frappe.db.set_value(DOCTYPE, name, "from_date", add_days(today(), -3))
		frappe.db.commit()
		task = self.get(self.resource("Directive Task", self.task_new), headers=headers).json["data"]
		refused = self.act(p.focal_a_sub, "Submit for Review", task)
		self.assertEqual(refused.status_code, 403, refused.json)
		delegation.end_expired_for(p.focal_a_sub)
		frappe.db.commit()
		self.assertEqual(grants(p.focal_a_sub), before)
		self.assertEqual(grants(p.officer), officer_rows)  # the forged rows were never the delegation's
		self.assertEqual(
			self.get(self.resource("Directive Task", self.task_new), headers=headers).status_code, 403
		)
