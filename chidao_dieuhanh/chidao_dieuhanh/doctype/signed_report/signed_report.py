# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class SignedReportNotSigned(frappe.ValidationError):
	http_status_code = 403


class SignedReport(Document):
	"""A report signed with the site's certificate (signatures.sign_official_report), read by the office.
	The create right on this doctype says who may sign (Role Permissions Manager); the record itself is
	made only by the signing, never typed in."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		filters: DF.Code | None
		period: DF.Data | None
		report: DF.Link
		signed_by: DF.Link | None
		signed_file: DF.Attach | None
		signed_on: DF.Datetime | None
		signer: DF.Data | None
	# end: auto-generated types

	def before_insert(self):
		if not self.flags.made_by_signing:
			frappe.throw(
				_("A signed report is made by Sign Official Report in the Task Statistics by Agency report."),
				SignedReportNotSigned,
			)
