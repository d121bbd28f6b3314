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
