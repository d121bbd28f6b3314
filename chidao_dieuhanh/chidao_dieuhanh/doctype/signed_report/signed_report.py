# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SignedReport(Document):
	"""A report signed with the site's certificate (signatures.sign_official_report); made by the system
	only, read by the office."""

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

	pass
