# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from chidao_dieuhanh.permissions import validate_amended_from
from chidao_dieuhanh.settings import max_extensions
from chidao_dieuhanh.task_states import NOT_EXTENDABLE_STATES

APPROVED = "Approved"
REFUSED = "Refused"


class ProposedDeadlineNotLater(frappe.ValidationError):
	pass


class ExtensionLimitReached(frappe.ValidationError):
	pass


class TaskNotExtendable(frappe.ValidationError):
	pass


class ExtensionRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency_recipients: DF.SmallText | None
		amended_from: DF.Link | None
		current_deadline: DF.Date | None
		decided_by: DF.Link | None
		decided_on: DF.Datetime | None
		decision_note: DF.SmallText | None
		lead_agency: DF.Link | None
		naming_series: DF.Literal["GH-.YYYY.-"]
		proposed_deadline: DF.Date
		reason: DF.SmallText
		task: DF.Link
		task_content: DF.SmallText | None
		tracking_officer: DF.Link | None
		workflow_state: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.load_task()
		validate_amended_from(self)
		self.set_current_deadline()
		if self.workflow_state == REFUSED:
			return  # a refusal stays possible whatever happened to the task meanwhile
		self.validate_task()
		self.validate_proposed_deadline()
		self.validate_extension_limit()
		self.validate_no_other_open_request()

	def before_submit(self):
		self.validate_decision()
		self.decided_by = frappe.session.user
		self.decided_on = now_datetime()

	def on_submit(self):
		if self.workflow_state == APPROVED:
			self.extend_task_deadline()

	def load_task(self):
		# Loaded afresh on every save: the task may have changed since this document was opened.
		self.task_doc = frappe.get_doc("Directive Task", self.task)

	def validate_task(self):
		task = self.task_doc
		if task.workflow_state in NOT_EXTENDABLE_STATES:
			frappe.throw(
				_("A task that is {0} cannot be extended.").format(
					_(task.workflow_state, context="Workflow State")
				),
				TaskNotExtendable,
			)
		if task.no_deadline or not task.deadline:
			frappe.throw(_("This task has no deadline to extend."), TaskNotExtendable)

	def set_current_deadline(self):
		if self.docstatus == 0 and self.workflow_state != REFUSED:
			self.current_deadline = self.task_doc.deadline

	def validate_proposed_deadline(self):
		if getdate(self.proposed_deadline) <= getdate(self.task_doc.deadline):
			frappe.throw(
				_("The proposed deadline must be after the current deadline {0}.").format(
					frappe.format(self.task_doc.deadline, "Date")
				),
				ProposedDeadlineNotLater,
			)

	def validate_extension_limit(self):
		limit = max_extensions()
		if limit and self.task_doc.extension_count >= limit:
			frappe.throw(
				_("This task has already been extended {0} times, the maximum allowed.").format(
					self.task_doc.extension_count
				),
				ExtensionLimitReached,
			)

	def validate_no_other_open_request(self):
		other = frappe.db.exists(
			"Extension Request", {"task": self.task, "docstatus": 0, "name": ["!=", self.name or ""]}
		)
		if other:
			frappe.throw(
				_("Extension request {0} for this task is still waiting for a decision.").format(
					frappe.bold(other)
				)
			)

	def validate_decision(self):
		if self.workflow_state not in (APPROVED, REFUSED):
			frappe.throw(_("An extension request is decided by approving or refusing it."))
		if self.workflow_state == REFUSED and not (self.decision_note or "").strip():
			frappe.throw(_("Enter a decision note explaining the refusal."))

	def extend_task_deadline(self):
		task = self.task_doc
		task.append(
			"deadline_history",
			{
				"old_deadline": task.deadline,
				"new_deadline": self.proposed_deadline,
				"extension_request": self.name,
				"approved_by": frappe.session.user,
				"approved_on": now_datetime(),
				"reason": self.reason,
			},
		)
		task.deadline = self.proposed_deadline
		task.extension_count = (task.extension_count or 0) + 1
		task.flags.updated_by_system = True
		task.flags.ignore_permissions = True
		task.save()
