# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate, today

from chidao_dieuhanh import data_import, deadlines, periodic_tasks, task_agencies, task_states
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import (
	get_calendar,
	validate_working_days,
)
from chidao_dieuhanh.notifications import agency_user_emails, join_emails
from chidao_dieuhanh.permissions import get_user_agencies
from chidao_dieuhanh.settings import due_soon_days, states_needing_reason
from chidao_dieuhanh.task_states import CANCELLED, CLOSED_STATES, COMPLETED, DRAFT


class DeadlineBeforeIssueDate(frappe.ValidationError):
	pass


class LeadAgencyAlsoCoordinator(frappe.ValidationError):
	pass


class StateReasonMissing(frappe.ValidationError):
	pass


class InvalidProgress(frappe.ValidationError):
	pass


class DirectiveTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from chidao_dieuhanh.chidao_dieuhanh.doctype.task_coordinating_agency.task_coordinating_agency import (
			TaskCoordinatingAgency,
		)
		from chidao_dieuhanh.chidao_dieuhanh.doctype.task_deadline_change.task_deadline_change import (
			TaskDeadlineChange,
		)
		from chidao_dieuhanh.chidao_dieuhanh.doctype.task_progress_entry.task_progress_entry import (
			TaskProgressEntry,
		)

		agency_recipients: DF.SmallText | None
		assigned_on: DF.Date | None
		auto_repeat: DF.Link | None
		completion_date: DF.Date | None
		content: DF.Text
		coordinating_agencies: DF.TableMultiSelect[TaskCoordinatingAgency]
		coordinator_recipients: DF.SmallText | None
		deadline: DF.Date | None
		deadline_history: DF.Table[TaskDeadlineChange]
		deadline_status: DF.Literal[
			"",
			"Not Assigned",
			"On Track",
			"Due Soon",
			"Overdue",
			"No Deadline",
			"Completed On Time",
			"Completed Late",
			"Cancelled",
		]
		directing_leader: DF.Link | None
		directive: DF.Link
		directive_document_type: DF.Literal[
			"",
			"Official Letter",
			"Decision",
			"Instruction",
			"Conclusion Notice",
			"Plan",
			"Report",
			"Other",
		]
		directive_issue_date: DF.Date | None
		directive_number: DF.Data | None
		directive_summary: DF.SmallText | None
		extension_count: DF.Int
		last_reminder_date: DF.Date | None
		last_report_date: DF.Date | None
		lead_agency: DF.Link
		naming_series: DF.Literal["NV-.YYYY.-"]
		no_deadline: DF.Check
		priority: DF.Literal["Normal", "High", "Urgent"]
		progress: DF.Percent
		progress_history: DF.Table[TaskProgressEntry]
		reminder_count: DF.Int
		repeat_deadline_day: DF.Int
		repeat_deadline_days: DF.Int
		repeat_deadline_rule: DF.Literal["", "Working Days After Creation", "Day of the Month"]
		result_summary: DF.Text | None
		sector: DF.Link | None
		source_type: DF.Data | None
		state_reason: DF.SmallText | None
		tracking_officer: DF.Link | None
		workflow_state: DF.Link | None
		working_days: DF.Int
	# end: auto-generated types

	def before_insert(self):
		data_import.prepare_imported_task(self)

	def before_validate(self):
		data_import.complete_imported_history(self)

	def validate(self):
		self.validate_coordinators()
		self.validate_progress()
		self.validate_working_days()
		periodic_tasks.validate_repeat_rule(self)
		self.validate_state_reason()
		self.set_assignment_date()
		self.set_working_day_deadline()
		self.validate_deadline()
		self.set_completion_date()
		self.set_deadline_status()
		self.set_recipients()

	def after_insert(self):
		task_agencies.sync(self)  # before Frappe's notifications of the new task
		if self.flags.assign_occurrence:
			periodic_tasks.assign_occurrence(self)

	def on_recurring(self, reference_doc, auto_repeat_doc):
		"""Auto Repeat makes this copy of a periodic task (periodic_tasks.py)."""
		periodic_tasks.prepare_occurrence(self, reference_doc)

	def on_update(self):
		task_agencies.sync(self)
		update_directive_status(self.directive)
		previous_directive = self.get_doc_before_save() and self.get_doc_before_save().directive
		if previous_directive and previous_directive != self.directive:
			update_directive_status(previous_directive)

	def on_trash(self):
		task_agencies.delete_task(self)
		self.flags.directive_to_update = self.directive

	def after_delete(self):
		update_directive_status(self.flags.directive_to_update)

	@property
	def previous_state(self) -> str | None:
		before = self.get_doc_before_save()
		return before.workflow_state if before else None

	def validate_workflow(self):
		"""An imported task keeps the state it had in the old system."""
		if data_import.is_imported(self):
			data_import.validate_imported_state(self)
			return
		super().validate_workflow()

	def state_changed(self) -> bool:
		return not self.is_new() and self.previous_state != self.workflow_state

	def validate_working_days(self):
		validate_working_days(self.working_days)

	def set_working_day_deadline(self):
		"""A deadline given in working days runs from the assignment date (from today while in draft),
		until an extension replaces it."""
		if self.no_deadline or not cint(self.working_days) or cint(self.extension_count):
			return
		if self.workflow_state in CLOSED_STATES and not data_import.is_imported(self):
			return
		start = getdate(self.assigned_on) if self.assigned_on else getdate(today())
		self.deadline = working_calendar().add_working_days(start, cint(self.working_days))

	def validate_deadline(self):
		if self.no_deadline:
			self.deadline = None
			self.working_days = 0
			return
		if not self.deadline:
			frappe.throw(_("Enter a deadline or tick No Deadline."), frappe.MandatoryError)
		issue_date = frappe.db.get_value("Directive", self.directive, "issue_date")
		if issue_date and getdate(self.deadline) < getdate(issue_date):
			frappe.throw(
				_("The deadline {0} is before the directive's issue date {1}.").format(
					frappe.format(self.deadline, "Date"), frappe.format(issue_date, "Date")
				),
				DeadlineBeforeIssueDate,
			)

	def validate_coordinators(self):
		seen = set()
		for row in self.coordinating_agencies:
			if row.agency == self.lead_agency:
				frappe.throw(
					_("{0} is the lead agency and cannot also be a coordinating agency.").format(
						frappe.bold(self.lead_agency)
					),
					LeadAgencyAlsoCoordinator,
				)
			if row.agency in seen:
				frappe.throw(
					_("{0} is listed twice as a coordinating agency.").format(frappe.bold(row.agency))
				)
			seen.add(row.agency)

	def validate_progress(self):
		if not 0 <= flt(self.progress) <= 100:
			frappe.throw(_("Progress must be between 0 and 100%."), InvalidProgress)

	def validate_state_reason(self):
		if not self.state_changed():
			return
		if self.workflow_state in states_needing_reason():
			if not (self.state_reason or "").strip():
				frappe.throw(
					_("Enter the reason before moving the task to {0}.").format(
						_(self.workflow_state, context="Workflow State")
					),
					StateReasonMissing,
					title=_("Reason Required"),
				)
		else:
			self.state_reason = None

	def set_assignment_date(self):
		if self.workflow_state not in (DRAFT, CANCELLED, None) and not self.assigned_on:
			self.assigned_on = today()

	def set_completion_date(self):
		"""The final report's date is kept while the office reviews the task (whatever its review states
		are called); back with the agency, or not yet given, the task has none."""
		if self.workflow_state == COMPLETED and not self.completion_date:
			self.completion_date = today()
		elif self.workflow_state in (DRAFT, CANCELLED, *task_states.agency_states()):
			self.completion_date = None

	def set_deadline_status(self):
		if (
			self.workflow_state == COMPLETED
			and not self.state_changed()
			and self.deadline_status in (deadlines.CLOSED_STATUSES)
		):
			return  # fixed when the task was completed
		current_date = getdate(today())
		self.deadline_status = deadlines.deadline_status(
			self.workflow_state,
			getdate(self.deadline) if self.deadline else None,
			getdate(self.completion_date) if self.completion_date else None,
			current_date,
			deadlines.due_soon_limit(
				working_calendar(),
				current_date,
				data_import.read_once_per_import(("due_soon_days",), due_soon_days),
			),
		)

	def set_recipients(self):
		"""The agencies' users' addresses, read by the standard Notifications (never sent by role)."""
		self.agency_recipients = join_emails(agency_emails([self.lead_agency]))
		self.coordinator_recipients = join_emails(
			agency_emails([row.agency for row in self.coordinating_agencies])
		)

	def is_led_by_user_agency(self, user: str | None = None) -> bool:
		return self.lead_agency in get_user_agencies(user)


def working_calendar():
	"""The working calendar (Directive Settings'), read once for a whole import."""
	return data_import.read_once_per_import(("working_calendar",), get_calendar)


def agency_emails(agencies: list[str]) -> list[str]:
	"""The agencies' users' addresses, read once per set of agencies for a whole import."""
	return data_import.read_once_per_import(
		("agency_user_emails", frozenset(agencies)), lambda: agency_user_emails(agencies)
	)


def update_directive_status(directive: str | None) -> None:
	"""A directive follows its tasks: no task yet, in progress, all done (cancelled ones left out)."""
	if not directive:
		return
	# A directive deleted with its tasks needs no check: the update below finds no row then.
	task = frappe.qb.DocType("Directive Task")
	total, completed = (
		frappe.qb.from_(task)
		.select(
			frappe.query_builder.functions.Count("*"),
			frappe.query_builder.functions.Sum(
				frappe.query_builder.Case().when(task.workflow_state == COMPLETED, 1).else_(0)
			),
		)
		.where((task.directive == directive) & (task.workflow_state != CANCELLED))
	).run()[0]
	total, completed = int(total or 0), int(completed or 0)
	if not total:
		status = "No Task"
	elif completed == total:
		status = "Completed"
	else:
		status = "In Progress"
	frappe.db.set_value(
		"Directive",
		directive,
		{"directive_status": status, "task_count": total, "completed_task_count": completed},
		update_modified=False,
	)


def on_doctype_update():
	"""The Overdue Tasks report reads the longest overdue tasks in the order of the status and deadline
	index. The task lists (newest first) read the `creation` index, which Frappe v15 adds only when it
	alters a table, not when it creates one on a new site."""
	frappe.db.add_index("Directive Task", ["deadline_status", "deadline"])
	frappe.db.add_index("Directive Task", ["creation"], index_name="creation")
