# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from chidao_dieuhanh.edxml import is_valid_organ_id
from chidao_dieuhanh.notifications import refresh_task_recipients
from chidao_dieuhanh.permissions import clear_agency_cache


class InvalidOrganId(frappe.ValidationError):
	pass


class Agency(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from chidao_dieuhanh.chidao_dieuhanh.doctype.agency_user.agency_user import AgencyUser

		agency_code: DF.Data | None
		agency_name: DF.Data
		agency_type: DF.Link | None
		email: DF.Data | None
		head_user: DF.Link | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		organ_id: DF.Data | None
		parent_agency: DF.Link | None
		receive_auto_reminders: DF.Check
		reports_approved_by: DF.Literal["Agency Head", "Agency Focal Point"]
		rgt: DF.Int
		short_names: DF.SmallText | None
		users: DF.Table[AgencyUser]
	# end: auto-generated types

	nsm_parent_field = "parent_agency"

	def validate(self):
		self.validate_unique_users()
		self.validate_organ_id()

	def on_update(self):
		super().on_update()
		clear_agency_cache()
		self.refresh_task_recipients()

	def refresh_task_recipients(self):
		before = self.get_doc_before_save()
		old_users = sorted(row.user for row in before.users) if before else []
		if old_users != sorted(row.user for row in self.users):
			refresh_task_recipients(self.name)

	def validate_unique_users(self):
		seen = set()
		for row in self.users:
			if row.user in seen:
				frappe.throw(_("User {0} is listed twice.").format(frappe.bold(row.user)))
			seen.add(row.user)

	def validate_organ_id(self):
		"""Mã định danh điện tử as QCVN 102:2016 amendment 1:2022 writes it (000.00.00.H13)."""
		self.organ_id = (self.organ_id or "").strip().upper() or None  # unique: many have none yet
		if self.organ_id and not is_valid_organ_id(self.organ_id):
			frappe.throw(
				_(
					"The electronic ID code {0} is not valid: it is written like 000.00.00.H13 (groups of 3, 2"
					" and 2 digits, then a capital letter and 2 digits, separated by dots)."
				).format(frappe.bold(self.organ_id)),
				InvalidOrganId,
			)
