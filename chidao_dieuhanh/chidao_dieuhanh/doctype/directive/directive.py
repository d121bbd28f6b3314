# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today


class IssueDateInFuture(frappe.ValidationError):
	pass


class Directive(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_recipient.directive_recipient import (
			DirectiveRecipient,
		)
		from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_signature_check.directive_signature_check import (
			DirectiveSignatureCheck,
		)

		attachment: DF.Attach | None
		completed_task_count: DF.Int
		confidentiality: DF.Literal["Normal", "Confidential", "Secret", "Top Secret"]
		directing_leader: DF.Link | None
		document_content: DF.Text | None
		directive_status: DF.Literal["No Task", "In Progress", "Completed"]
		document_number: DF.Data | None
		document_type: DF.Literal[
			"", "Official Letter", "Decision", "Directive", "Conclusion Notice", "Plan", "Report", "Other"
		]
		due_date: DF.Date | None
		issue_date: DF.Date
		naming_series: DF.Literal["CD-.YYYY.-"]
		recipient_agencies: DF.TableMultiSelect[DirectiveRecipient]
		sector: DF.Link | None
		sender_name: DF.Data | None
		sender_organ_id: DF.Data | None
		signature_checks: DF.Table[DirectiveSignatureCheck]
		signer: DF.Data | None
		source_type: DF.Literal["Official Document", "Meeting Conclusion", "Leader Instruction"]
		summary: DF.SmallText
		task_count: DF.Int
		tracking_officer: DF.Link | None
		urgency: DF.Literal["Normal", "Urgent", "Very Urgent", "Flash"]
	# end: auto-generated types

	def validate(self):
		self.validate_issue_date()
		self.strip_document_number()

	def validate_issue_date(self):
		if self.issue_date and getdate(self.issue_date) > getdate(today()):
			frappe.throw(_("The issue date cannot be in the future."), IssueDateInFuture)

	def strip_document_number(self):
		if self.document_number:
			self.document_number = self.document_number.strip()
