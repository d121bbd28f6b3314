# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TaskReminder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		channel: DF.Literal["Email and In-App"]
		days_overdue: DF.Int
		deadline: DF.Date | None
		dedupe_key: DF.Data | None
		directive: DF.Link | None
		lead_agency: DF.Link | None
		level: DF.Literal["1", "2", "3"]
		message: DF.SmallText | None
		recipients: DF.SmallText | None
		reminder_date: DF.Date | None
		reminder_type: DF.Literal["Manual", "Automatic"]
		sent_by: DF.Link | None
		sent_on: DF.Datetime | None
		stage: DF.Literal["Manual", "Before Deadline", "Deadline Day", "Overdue"]
		status: DF.Literal["Queued", "Sent", "No Recipients", "Failed"]
		task: DF.Link
	# end: auto-generated types
	pass
