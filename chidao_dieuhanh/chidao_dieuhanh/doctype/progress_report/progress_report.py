# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, strip_html, today

from chidao_dieuhanh import forwarding, task_states
from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_task.directive_task import InvalidProgress
from chidao_dieuhanh.permissions import is_agency_officer, validate_amended_from
from chidao_dieuhanh.validation import MAX_TEXT_LENGTH


class ProgressGoingBackwards(frappe.ValidationError):
	pass


class TaskNotReportable(frappe.ValidationError):
	pass


class ReportInUse(frappe.ValidationError):
	pass


class ReportNeedsApproval(frappe.PermissionError):
	pass


class ProgressReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		attachment: DF.Attach | None
		content: DF.TextEditor
		difficulties: DF.SmallText | None
		drafted_by: DF.Link | None
		is_final: DF.Check
		lead_agency: DF.Link | None
		naming_series: DF.Literal["BC-.YYYY.-"]
		progress: DF.Percent
		progress_change_reason: DF.SmallText | None
		proposals: DF.SmallText | None
		report_date: DF.Date
		task: DF.Link
		task_content: DF.SmallText | None
	# end: auto-generated types

	def validate(self):
		self.load_task()
		validate_amended_from(self)
		self.validate_task_state()
		self.validate_report_date()
		self.validate_progress()
		self.set_drafted_by()

	def after_insert(self):
		self.ask_for_approval()

	def before_submit(self):
		self.approve()

	def on_submit(self):
		self.update_task()
		self.tell_officer()

	def before_cancel(self):
		self.load_task()
		self.validate_cancel()

	def on_cancel(self):
		self.revert_task()

	def load_task(self):
		# Loaded afresh on every save: the task may have changed since this document was opened.
		self.task_doc = frappe.get_doc("Directive Task", self.task)

	def set_drafted_by(self):
		"""An officer's draft waits for the agency's approval (set after Frappe reset the system's fields)."""
		if self.is_new():
			self.drafted_by = frappe.session.user if is_agency_officer() else None

	def ask_for_approval(self):
		if self.drafted_by:
			forwarding.notify(
				forwarding.report_approvers(self.task_doc.lead_agency),
				self,
				_("A progress report on task {0} waits for your approval").format(self.task),
			)

	def approve(self):
		"""Submitting an officer's draft is the agency's approval: only its head (or its focal point, as the
		Agency's Reports Approved By says) gives it."""
		if not self.drafted_by:
			return
		agency = self.task_doc.lead_agency
		if frappe.session.user != "Administrator" and frappe.session.user not in forwarding.report_approvers(
			agency
		):
			approved_by = frappe.db.get_value("Agency", agency, "reports_approved_by")
			frappe.throw(
				_(
					"A report drafted by an officer is sent to the office only when {0} of {1} approves it."
				).format(_(approved_by or forwarding.APPROVED_BY_HEAD), frappe.bold(agency)),
				ReportNeedsApproval,
				title=_("Approval Needed"),
			)
		self.approved_by = frappe.session.user

	def tell_officer(self):
		if not self.drafted_by:
			return
		forwarding.notify(
			[self.drafted_by],
			self,
			_("Your progress report on task {0} was approved and sent").format(self.task),
		)
		if self.is_final:
			forwarding.close_officer_assignments(self.task, self.drafted_by)

	def validate_task_state(self):
		state = self.task_doc.workflow_state
		if state not in task_states.agency_states():
			frappe.throw(
				_("Progress cannot be reported on a task that is {0}.").format(_(state)),
				TaskNotReportable,
			)

	def validate_report_date(self):
		if getdate(self.report_date) > getdate(today()):
			frappe.throw(_("The report date cannot be in the future."))

	def validate_progress(self):
		if not 0 <= flt(self.progress) <= 100:
			frappe.throw(_("Progress must be between 0 and 100%."), InvalidProgress)
		if self.is_final and flt(self.progress) != 100:
			frappe.throw(_("A final report must report 100% progress."), InvalidProgress)
		if (
			flt(self.progress) < flt(self.task_doc.progress)
			and not (self.progress_change_reason or "").strip()
		):
			frappe.throw(
				_(
					"Progress {0}% is lower than the last reported {1}%. Explain why in Reason for Lower Progress."
				).format(flt(self.progress), flt(self.task_doc.progress)),
				ProgressGoingBackwards,
			)

	def update_task(self):
		task = self.task_doc
		task.progress = self.progress
		task.last_report_date = self.report_date
		task.append(
			"progress_history",
			{
				"report_date": self.report_date,
				"progress": self.progress,
				"progress_report": self.name,
				"reported_by": frappe.session.user,
				"note": self.progress_change_reason,
			},
		)
		accepted = task_states.agency_transition(task.workflow_state, to_agency_state=True)
		if accepted:
			# Reporting on a task not yet accepted accepts it.
			task.workflow_state = accepted
			if self.is_final:
				self.save_task(task)  # the workflow moves one step per save
		if self.is_final:
			review_state = task_states.agency_transition(task.workflow_state, to_agency_state=False)
			if not review_state:
				frappe.throw(
					_(
						"The task workflow has no transition for the agency from {0} to the office's review."
					).format(_(task.workflow_state, context="Workflow State"))
				)
			task.workflow_state = review_state
			task.completion_date = self.report_date
			task.result_summary = strip_html(self.content or "").strip()[: MAX_TEXT_LENGTH["Text"]]
		self.save_task(task)

	def validate_cancel(self):
		state = self.task_doc.workflow_state
		if self.is_final and task_states.is_open(state) and state not in task_states.agency_states():
			frappe.throw(
				_("This final report sent task {0} for review: return the task before cancelling it.").format(
					self.task
				),
				ReportInUse,
			)
		if state == task_states.COMPLETED:
			frappe.throw(
				_("Task {0} is completed: its reports can no longer be cancelled.").format(self.task)
			)

	def revert_task(self):
		"""The task's progress goes back to the last report still standing; its history loses this one."""
		task = self.task_doc
		task.progress_history = [row for row in task.progress_history if row.progress_report != self.name]
		last = task.progress_history[-1] if task.progress_history else None
		task.progress = last.progress if last else 0
		task.last_report_date = last.report_date if last else None
		self.save_task(task)

	def save_task(self, task):
		# The agency may not edit the office's fields itself; the report is what changes them.
		# Workflow transitions are still checked against the user's roles.
		task.flags.updated_by_system = True
		task.flags.ignore_permissions = True
		task.save()
