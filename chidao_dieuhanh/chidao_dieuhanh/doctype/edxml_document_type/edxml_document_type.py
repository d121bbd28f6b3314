# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from chidao_dieuhanh.permissions import ChildRow


class edXMLDocumentType(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		document_type: DF.Literal[
			"Official Letter", "Decision", "Directive", "Conclusion Notice", "Plan", "Report", "Other"
		]
		edxml_code: DF.Data | None
		edxml_name: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types

	pass
