# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from frappe.model.document import Document


class DirectiveDigest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_digest_agency.directive_digest_agency import (
			DirectiveDigestAgency,
		)
		from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_digest_task.directive_digest_task import (
			DirectiveDigestTask,
		)

		agencies: DF.Table[DirectiveDigestAgency]
		completed_late: DF.Int
		completed_on_time: DF.Int
		digest_date: DF.Date
		explanations_overdue: DF.Int
		open_overdue: DF.Int
		open_within_deadline: DF.Int
		overdue_tasks: DF.Table[DirectiveDigestTask]
		previous_digest: DF.Link | None
		recipients: DF.SmallText | None
	# end: auto-generated types
	pass
