# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from chidao_dieuhanh import forwarding
from chidao_dieuhanh.permissions import get_user_agencies


class NotACoordinator(frappe.ValidationError):
	http_status_code = 422


class CoordinationContribution(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		attachment: DF.Attach | None
		content: DF.TextEditor
		contribution_date: DF.Date
		lead_agency: DF.Link | None
		submitted_by: DF.Link | None
		task: DF.Link
		task_content: DF.SmallText | None
	# end: auto-generated types

	def before_validate(self):
		self.set_agency()

	def validate(self):
		self.validate_coordinator()
		self.set_submitted_by()

	def after_insert(self):
		self.notify_lead_agency()

	def coordinators(self) -> list[str]:
		return frappe.get_all(
			"Task Coordinating Agency",
			filters={"parent": self.task, "parenttype": "Directive Task"},
			pluck="agency",
		)

	def set_agency(self):
		"""The user's agency when it coordinates the task through one agency only."""
		if self.agency or not self.task:
			return
		own = set(get_user_agencies())
		mine = [agency for agency in self.coordinators() if agency in own]
		if len(mine) == 1:
			self.agency = mine[0]

	def validate_coordinator(self):
		self.lead_agency = frappe.db.get_value("Directive Task", self.task, "lead_agency")
		if not self.agency or self.agency not in self.coordinators():
			frappe.throw(
				_("{0} is not a coordinating agency of task {1}.").format(
					frappe.bold(self.agency or _("Your agency")), self.task
				),
				NotACoordinator,
			)

	def set_submitted_by(self):
		if self.is_new():
			self.submitted_by = frappe.session.user

	def notify_lead_agency(self):
		agency_name = frappe.db.get_value("Agency", self.agency, "agency_name") or self.agency
		forwarding.notify(
			forwarding.agency_answerers(self.lead_agency) + forwarding.handover_officers(self.task),
			self,
			_("{0} sent its contribution on task {1}").format(agency_name, self.task),
		)
