# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from chidao_dieuhanh.permissions import ChildRow


class DirectiveSignatureCheck(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		changed_after_signing: DF.Check
		checked_on: DF.Datetime | None
		file: DF.Link | None
		file_name: DF.Data | None
		organisation: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		signer: DF.Data | None
		signing_time: DF.Datetime | None
		status: DF.Literal["Valid", "Invalid", "Not Verified", "Unsigned"]
		summary: DF.SmallText | None
	# end: auto-generated types

	pass
