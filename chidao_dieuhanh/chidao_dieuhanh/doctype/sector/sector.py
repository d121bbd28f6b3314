# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from frappe.model.document import Document


class Sector(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		sector_code: DF.Data | None
		sector_name: DF.Data
		vice_chairman: DF.Link | None
	# end: auto-generated types

	pass
