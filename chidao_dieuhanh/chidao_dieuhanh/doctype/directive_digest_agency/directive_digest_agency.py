# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from chidao_dieuhanh.permissions import ChildRow


class DirectiveDigestAgency(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		completed_late: DF.Int
		completed_late_change: DF.Int
		completed_on_time: DF.Int
		completed_on_time_change: DF.Int
		open_overdue: DF.Int
		open_overdue_change: DF.Int
		open_within_deadline: DF.Int
		open_within_deadline_change: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
