# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class DirectiveTaskAgency(Document):
	"""A task seen by an agency (see chidao_dieuhanh/task_agencies.py): kept by the system, never typed in."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link
		is_lead: DF.Check
		task: DF.Link
	# end: auto-generated types

	pass


def on_doctype_update():
	"""An agency user's task lists walk the agencies' rows (permissions.task_condition)."""
	frappe.db.add_index("Directive Task Agency", ["agency", "task"])
