# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now_datetime, today

from chidao_dieuhanh import deadlines, explanations, task_states
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.notifications import agency_user_emails, join_emails
from chidao_dieuhanh.permissions import validate_amended_from
from chidao_dieuhanh.settings import explanation_response_days


class TaskNotOverdue(frappe.ValidationError):
	pass


class ExplanationAlreadyRequested(frappe.ValidationError):
	pass


class InvalidResponseDays(frappe.ValidationError):
	pass


class ExplanationIncomplete(frappe.ValidationError):
	pass


class ProposedDateInPast(frappe.ValidationError):
	pass


class DecisionNoteMissing(frappe.ValidationError):
	pass


MAX_RESPONSE_DAYS = 60


class ExplanationRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		agency_recipients: DF.SmallText | None
		amended_from: DF.Link | None
		answered_by: DF.Link | None
		answered_on: DF.Date | None
		decided_by: DF.Link | None
		decided_on: DF.Datetime | None
		decision_note: DF.SmallText | None
		delay_reason: DF.SmallText | None
		escalated_on: DF.Date | None
		escalation_recipients: DF.SmallText | None
		is_overdue: DF.Check
		naming_series: DF.Literal["GT-.YYYY.-"]
		planned_actions: DF.SmallText | None
		proposed_completion_date: DF.Date | None
		request_note: DF.SmallText | None
		requested_by: DF.Link | None
		requested_on: DF.Date | None
		response_days: DF.Int
		response_deadline: DF.Date | None
		task: DF.Link
		task_content: DF.SmallText | None
		task_deadline: DF.Date | None
		tracking_officer: DF.Link | None
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		validate_amended_from(self)
		if self.is_new():
			self.validate_task_overdue()
			self.validate_no_other_open_request()
			self.set_request()
		self.validate_response_days()
		if self.is_new():
			self.set_response_deadline()
		if self.answering():
			self.validate_explanation()
			self.answered_by = frappe.session.user
			self.answered_on = today()

	def before_submit(self):
		self.validate_decision()
		self.decided_by = frappe.session.user
		self.decided_on = now_datetime()

	def answering(self) -> bool:
		before = self.get_doc_before_save()
		return (
			bool(before)
			and before.workflow_state == explanations.AWAITING
			and self.workflow_state == explanations.EXPLAINED
		)

	def validate_task_overdue(self):
		if not self.task:
			frappe.throw(_("Choose the overdue task whose delay is to be explained."), frappe.MandatoryError)
		task = frappe.db.get_value(
			"Directive Task",
			self.task,
			["workflow_state", "deadline_status", "deadline", "lead_agency", "content", "tracking_officer"],
			as_dict=True,
		)
		if not task_states.is_open(task.workflow_state) or task.deadline_status != deadlines.OVERDUE:
			frappe.throw(
				_("An explanation is asked only on an overdue task; task {0} is {1}.").format(
					self.task, _(task.deadline_status)
				),
				TaskNotOverdue,
			)
		self.task_doc = task

	def validate_no_other_open_request(self):
		other = frappe.db.exists(explanations.DOCTYPE, {"task": self.task, "docstatus": 0})
		if other:
			frappe.throw(
				_("Explanation request {0} for this task is still open.").format(frappe.bold(other)),
				ExplanationAlreadyRequested,
			)

	def set_request(self):
		"""Asked of the lead agency of the moment, which alone answers it even if the task moves on."""
		self.agency = self.task_doc.lead_agency
		# Fetched values are the system's (level 2): Frappe clears them on a new document, so set them here.
		self.task_content = self.task_doc.content
		self.tracking_officer = self.task_doc.tracking_officer
		self.task_deadline = self.task_doc.deadline
		self.requested_by = frappe.session.user
		self.requested_on = today()
		self.is_overdue = 0
		self.escalated_on = None
		self.agency_recipients = join_emails(agency_user_emails([self.agency]))
		if not cint(self.response_days):
			self.response_days = explanation_response_days()

	def validate_response_days(self):
		if not 1 <= cint(self.response_days) <= MAX_RESPONSE_DAYS:
			frappe.throw(
				_("Working Days to Explain must be between 1 and {0}.").format(MAX_RESPONSE_DAYS),
				InvalidResponseDays,
			)

	def set_response_deadline(self):
		start = getdate(self.requested_on or today())
		self.response_deadline = get_calendar().add_working_days(start, cint(self.response_days))

	def validate_explanation(self):
		missing = [
			_(self.meta.get_label(field), context=self.doctype)
			for field in ("delay_reason", "planned_actions", "proposed_completion_date")
			if not str(self.get(field) or "").strip()
		]
		if missing:
			frappe.throw(
				_("Fill in before sending the explanation: {0}.").format(", ".join(missing)),
				ExplanationIncomplete,
			)
		if getdate(self.proposed_completion_date) < getdate(today()):
			frappe.throw(
				_("The proposed completion date {0} is in the past.").format(
					frappe.format(self.proposed_completion_date, "Date")
				),
				ProposedDateInPast,
			)

	def validate_decision(self):
		if self.workflow_state not in explanations.DECIDED:
			frappe.throw(_("An explanation is decided by accepting or refusing it."))
		if self.workflow_state == explanations.REFUSED and not (self.decision_note or "").strip():
			frappe.throw(
				_("Enter a decision note saying why the explanation is refused."), DecisionNoteMissing
			)
