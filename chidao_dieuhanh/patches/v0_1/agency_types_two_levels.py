"""Agency Type becomes a list the office keeps (it was a fixed choice). Since 1 July 2025 local government
has two levels: the former kind of the district People's Committees has no successor, so such agencies
become "Other" and a comment on each keeps the kind they were; no agency, task or figure is lost."""

import frappe
from frappe import _

from chidao_dieuhanh.chidao_dieuhanh.doctype.agency_type.agency_type import (
	DEPARTMENT,
	OTHER,
	create_standard_types,
)

# the former fixed choices that are not standard kinds any more
RENAMED = {"Department": DEPARTMENT}
DISCONTINUED = ("District People's Committee",)


def execute():
	create_standard_types()
	for old, new in RENAMED.items():
		frappe.db.set_value("Agency", {"agency_type": old}, "agency_type", new, update_modified=False)
	for old in DISCONTINUED:
		for agency in frappe.get_all("Agency", filters={"agency_type": old}, pluck="name"):
			frappe.db.set_value("Agency", agency, "agency_type", OTHER, update_modified=False)
			frappe.get_doc(
				{
					"doctype": "Comment",
					"comment_type": "Info",
					"reference_doctype": "Agency",
					"reference_name": agency,
					"content": _(
						"Agency type before the two-level local government of 1 July 2025: {0}"
					).format(old),
				}
			).insert(ignore_permissions=True)
	# kinds written by hand before (any other value) become kinds of the list, so every link resolves
	for kind in frappe.get_all(
		"Agency", filters={"agency_type": ["is", "set"]}, pluck="agency_type", distinct=True
	):
		if not frappe.db.exists("Agency Type", kind):
			frappe.get_doc({"doctype": "Agency Type", "agency_type_name": kind}).insert(
				ignore_permissions=True
			)
