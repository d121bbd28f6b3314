# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

"""The kinds of agency the Committee gives tasks to, as local government is since 1 July 2025 (province,
then commune and ward): the office adds its own kinds in the desk."""

import frappe
from frappe.model.document import Document

DEPARTMENT = "Provincial Department or Board"
COMMUNE = "Commune People's Committee"
CENTRAL = "Central Agency"
OTHER = "Other"

# name, description (both translated: Agency Type is a translated doctype)
STANDARD_TYPES = (
	(DEPARTMENT, "Provincial departments, boards and sectors (sở, ban, ngành)"),
	(COMMUNE, "People's Committees of communes, wards and special zones (xã, phường, đặc khu)"),
	(CENTRAL, "Central agencies in the province (police, military command, tax, treasury, social insurance)"),
	(OTHER, ""),
)


class AgencyType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency_type_name: DF.Data
		description: DF.SmallText | None
	# end: auto-generated types

	pass


def create_standard_types() -> None:
	"""The shipped kinds, made once; the office may rename or add to them afterwards."""
	for name, description in STANDARD_TYPES:
		if not frappe.db.exists("Agency Type", name):
			frappe.get_doc(
				{"doctype": "Agency Type", "agency_type_name": name, "description": description}
			).insert(ignore_permissions=True)
