# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
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


def on_doctype_update():
	"""The daily reminder job (reminders.py) reads a task's reminders by (task, day) and counts its overdue
	ones, and finds the day's reminded tasks by day, from these indexes alone: at a million tasks and three
	million reminders, reading the rows instead took minutes."""
	frappe.db.add_index("Task Reminder", ["task", "reminder_date", "days_overdue"], "task_reminder_date")
	frappe.db.add_index("Task Reminder", ["reminder_date", "task"], "reminder_date_task")
