# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import formatdate, getdate, today

from chidao_dieuhanh import forwarding, task_states
from chidao_dieuhanh.permissions import is_agency_officer


class InternalDeadlineAfterTaskDeadline(frappe.ValidationError):
	http_status_code = 422


class InvalidHandoverRecipient(frappe.ValidationError):
	http_status_code = 422


class TaskNotOpenForHandover(frappe.ValidationError):
	http_status_code = 422


class TaskHandover(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		handed_by: DF.Link | None
		internal_deadline: DF.Date
		lead_agency: DF.Link | None
		note: DF.SmallText | None
		officer: DF.Link | None
		sub_unit: DF.Link | None
		task: DF.Link
		task_content: DF.SmallText | None
		task_deadline: DF.Date | None
	# end: auto-generated types

	def validate(self):
		self.load_task()
		self.validate_task_open()
		self.validate_recipient()
		self.validate_internal_deadline()
		self.set_handed_by()

	def after_insert(self):
		forwarding.assign_handover(self)

	def on_update(self):
		before = self.get_doc_before_save()
		if before and (before.internal_deadline != self.internal_deadline or before.note != self.note):
			forwarding.update_assignments(self)

	def load_task(self):
		self.task_doc = frappe.get_doc("Directive Task", self.task)
		self.lead_agency = self.task_doc.lead_agency
		self.task_deadline = self.task_doc.deadline

	def validate_task_open(self):
		state = self.task_doc.workflow_state
		if not task_states.is_open(state):
			frappe.throw(
				_("Task {0} is {1}: it cannot be handed over.").format(
					self.task, _(state, context="Workflow State")
				),
				TaskNotOpenForHandover,
			)

	def validate_recipient(self):
		if bool(self.officer) == bool(self.sub_unit):
			frappe.throw(_("Hand the task over to one officer or to one sub-unit."), InvalidHandoverRecipient)
		if self.officer:
			self.validate_officer()
		else:
			self.validate_sub_unit()

	def validate_officer(self):
		agencies = [self.lead_agency, *forwarding.sub_units(self.lead_agency)]
		if not is_agency_officer(self.officer) or not any(
			forwarding.is_member(self.officer, agency) for agency in agencies
		):
			frappe.throw(
				_("{0} is not an officer (role Agency Officer) of {1} or of one of its sub-units.").format(
					frappe.bold(self.officer), frappe.bold(self.lead_agency)
				),
				InvalidHandoverRecipient,
			)

	def validate_sub_unit(self):
		if self.sub_unit not in forwarding.sub_units(self.lead_agency):
			frappe.throw(
				_("{0} is not a sub-unit of {1}.").format(
					frappe.bold(self.sub_unit), frappe.bold(self.lead_agency)
				),
				InvalidHandoverRecipient,
			)

	def validate_internal_deadline(self):
		"""Not in the past when set or changed; not later than the task's deadline while that is still ahead
		(an overdue task is handed over with a date from today on)."""
		internal, current = getdate(self.internal_deadline), getdate(today())
		before = self.get_doc_before_save()
		if internal < current and (not before or getdate(before.internal_deadline) != internal):
			frappe.throw(
				_("The internal deadline {0} is in the past.").format(formatdate(self.internal_deadline)),
				InternalDeadlineAfterTaskDeadline,
			)
		if (
			self.task_deadline
			and getdate(self.task_deadline) >= current
			and internal > getdate(self.task_deadline)
		):
			frappe.throw(
				_("The internal deadline {0} is later than the task's deadline {1}.").format(
					formatdate(self.internal_deadline), formatdate(self.task_deadline)
				),
				InternalDeadlineAfterTaskDeadline,
			)

	def set_handed_by(self):
		if self.is_new():
			self.handed_by = frappe.session.user
