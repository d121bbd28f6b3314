# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from chidao_dieuhanh import delegation
from chidao_dieuhanh.permissions import is_office_user

# The longest period one delegation covers (when away: leave, training, a mission).
MAX_PERIOD_DAYS = 365


class DelegationToOneself(frappe.ValidationError):
	pass


class DelegationDatesInvalid(frappe.ValidationError):
	pass


class DelegationOutsideAgency(frappe.ValidationError):
	pass


class DelegationOverlaps(frappe.ValidationError):
	pass


class NothingToDelegate(frappe.ValidationError):
	pass


class DelegationForAnotherUser(frappe.PermissionError):
	pass


class WorkDelegation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		amended_from: DF.Link | None
		delegate: DF.Link
		delegate_name: DF.Data | None
		delegator: DF.Link
		delegator_name: DF.Data | None
		from_date: DF.Date
		granted_agencies: DF.SmallText | None
		granted_roles: DF.SmallText | None
		granted_rows: DF.JSON | None
		reason: DF.SmallText
		status: DF.Literal["Draft", "Scheduled", "Active", "Ended", "Cancelled"]
		to_date: DF.Date
	# end: auto-generated types

	def validate(self):
		self.validate_author()
		self.validate_users()
		self.validate_dates()
		self.set_agency()
		self.validate_overlaps()
		self.clear_grants()

	def on_submit(self):
		self.db_set("status", delegation.SCHEDULED, update_modified=False)
		if getdate(self.from_date) <= getdate(today()):
			delegation.start(self)

	def on_cancel(self):
		delegation.end(self, status=delegation.CANCELLED)

	def validate_author(self):
		"""A user delegates their own work; the office's managers may record it for them."""
		user = frappe.session.user
		if user == self.delegator or user == "Administrator":
			return
		if set(delegation.MANAGER_ROLES) & set(frappe.get_roles(user)):
			return
		frappe.throw(_("You may delegate only your own work."), DelegationForAnotherUser)

	def validate_users(self):
		if self.delegator == self.delegate:
			frappe.throw(_("Choose another user than yourself as the delegate."), DelegationToOneself)
		if not delegation.delegable_roles(self.delegator):
			frappe.throw(
				_(
					"{0} has no work to delegate: only tracking officers, office leaders, focal points and"
					" heads of agencies delegate."
				).format(frappe.bold(self.delegator_name or self.delegator)),
				NothingToDelegate,
			)
		if not frappe.db.get_value("User", self.delegate, "enabled"):
			frappe.throw(
				_("{0} is disabled and cannot be a delegate.").format(frappe.bold(self.delegate)),
				DelegationOutsideAgency,
			)

	def validate_dates(self):
		start, end = getdate(self.from_date), getdate(self.to_date)
		if end < start:
			frappe.throw(_("The delegation ends before it starts."), DelegationDatesInvalid)
		if start < getdate(today()):
			frappe.throw(_("A delegation cannot start in the past."), DelegationDatesInvalid)
		if end < getdate(today()):
			frappe.throw(_("A delegation cannot end in the past."), DelegationDatesInvalid)
		if (end - start).days >= MAX_PERIOD_DAYS:  # a delegation that never ends would keep its roles
			frappe.throw(
				_("A delegation lasts at most {0} days; make a new one when it ends.").format(
					MAX_PERIOD_DAYS
				),
				DelegationDatesInvalid,
			)

	def set_agency(self):
		"""Office work goes to an office user; an agency's work to a user of the same agency (or of one of
		its sub-units, or of the agency above it)."""
		office_work = bool(set(delegation.OFFICE_ROLES) & set(delegation.delegable_roles(self.delegator)))
		if office_work:
			self.agency = None
			if is_office_user(self.delegate) and not delegation.direct_agencies(self.delegate):
				return
			frappe.throw(
				_("{0} is not a user of the office: office work is delegated within the office.").format(
					frappe.bold(self.delegate_name or self.delegate)
				),
				DelegationOutsideAgency,
			)
		self.agency = (
			None
			if is_office_user(self.delegate)
			else delegation.agency_of_pair(self.delegator, self.delegate)
		)
		if not self.agency:
			frappe.throw(
				_("{0} is not a user of {1}'s agency.").format(
					frappe.bold(self.delegate_name or self.delegate), self.delegator_name or self.delegator
				),
				DelegationOutsideAgency,
			)

	def validate_overlaps(self):
		"""One delegation at a time: the delegator is not already away, and neither the delegator nor the
		delegate acts for someone else, or is away, in the same period."""
		checks = (
			("delegator", self.delegator, _("{0} has already delegated work in that period ({1}: {2}).")),
			("delegate", self.delegator, _("{0} acts for someone else in that period ({1}: {2}).")),
			("delegator", self.delegate, _("{0} is away in that period ({1}: {2}).")),
		)
		for field, user, message in checks:
			for other in delegation.others_in_force(self, field, user, self.from_date, self.to_date):
				period = "{} - {}".format(
					frappe.format(other.from_date, "Date"), frappe.format(other.to_date, "Date")
				)
				frappe.throw(message.format(frappe.bold(user), other.name, period), DelegationOverlaps)

	def clear_grants(self):
		"""Status and what the period gave are written by the submission and the period's start only (a
		delegation is validated only until it is submitted)."""
		self.status = delegation.DRAFT
		self.granted_roles = self.granted_agencies = self.granted_rows = None
