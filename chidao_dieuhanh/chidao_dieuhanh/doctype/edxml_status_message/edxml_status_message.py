# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from chidao_dieuhanh import edxml_status
from chidao_dieuhanh.permissions import is_office_user


class StatusAlreadySent(frappe.ValidationError):
	pass


class edXMLStatusMessage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempts: DF.Int
		description: DF.SmallText | None
		directive: DF.Link
		event_key: DF.Data | None
		last_attempt_on: DF.Datetime | None
		last_error: DF.SmallText | None
		last_response: DF.SmallText | None
		next_attempt_on: DF.Datetime | None
		recipient_organ_id: DF.Data | None
		sent_on: DF.Datetime | None
		state: DF.Literal["Queued", "Sent", "Failed"]
		status_code: DF.Literal["", "03", "04", "05", "06", "02"]
		status_xml: DF.Code | None
		task: DF.Link | None
	# end: auto-generated types

	@frappe.whitelist()
	def retry(self):
		"""The office's "Retry Now": a message not yet delivered is queued again with its attempts counted
		from zero, and delivered at once."""
		if not is_office_user():
			frappe.throw(_("Only the office can retry a status message."), frappe.PermissionError)
		if self.state == edxml_status.SENT:
			frappe.throw(_("This status message has already been sent."), StatusAlreadySent)
		self.db_set(
			{"state": edxml_status.QUEUED, "attempts": 0, "next_attempt_on": now_datetime()},
			update_modified=False,
		)
		frappe.db.after_commit.add(edxml_status.enqueue_delivery)
