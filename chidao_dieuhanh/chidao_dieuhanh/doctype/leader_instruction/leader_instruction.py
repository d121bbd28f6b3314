# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_fullname, now_datetime

from chidao_dieuhanh.leader_instructions import may_give_instructions


class InstructionNotEditable(frappe.PermissionError):
	pass


class NotALeader(frappe.PermissionError):
	pass


class LeaderInstruction(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency_recipients: DF.SmallText | None
		directive: DF.Link | None
		instructed_on: DF.Datetime | None
		instruction: DF.SmallText
		lead_agency: DF.Link | None
		leader: DF.Link | None
		leader_name: DF.Data | None
		task: DF.Link
		tracking_officer: DF.Link | None
	# end: auto-generated types

	def before_insert(self):
		self.set_leader()
		self.leader_name = get_fullname(self.leader)
		self.instructed_on = now_datetime()

	def validate(self):
		self.refuse_edit()
		self.validate_instruction()
		self.set_task_values()

	def on_trash(self):
		if frappe.session.user != "Administrator":
			self.refuse_edit(deleting=True)

	def set_leader(self):
		"""The instruction is the writer's own: a leader never writes in another's name."""
		user = frappe.session.user
		if user == "Administrator" and self.leader:
			return  # the demo and migrations record instructions given elsewhere
		if not may_give_instructions(user):
			frappe.throw(_("Only the Committee's and the office's leaders give instructions."), NotALeader)
		self.leader = user

	def refuse_edit(self, deleting=False):
		if self.is_new() and not deleting:
			return
		frappe.throw(
			_("An instruction is kept as it was given: give a new one instead of changing it."),
			InstructionNotEditable,
			title=_("Not Editable"),
		)

	def validate_instruction(self):
		self.instruction = (self.instruction or "").strip()
		if not self.instruction:
			frappe.throw(_("Write the instruction."), frappe.MandatoryError)

	def set_task_values(self):
		"""Who the Notification tells: the lead agency's users and the tracking officer, as on the task."""
		values = frappe.db.get_value(
			"Directive Task",
			self.task,
			["directive", "lead_agency", "tracking_officer", "agency_recipients"],
			as_dict=True,
		)
		if values:
			self.update(values)
