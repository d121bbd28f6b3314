# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from chidao_dieuhanh.permissions import ChildRow


class TaskProgressEntry(ChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		progress: DF.Percent
		progress_report: DF.Link | None
		report_date: DF.Date | None
		reported_by: DF.Link | None
	# end: auto-generated types

	pass
