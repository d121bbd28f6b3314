# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from chidao_dieuhanh.permissions import ChildRow


class DirectiveDigestTask(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		content: DF.SmallText | None
		days_overdue: DF.Int
		deadline: DF.Date | None
		explanation: DF.Data | None
		lead_agency: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reminder_count: DF.Int
		task: DF.Link | None
	# end: auto-generated types
	pass
