# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from chidao_dieuhanh import settings


class DirectiveSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.core.doctype.has_role.has_role import HasRole
		from frappe.types import DF

		from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_digest_recipient.directive_digest_recipient import (
			DirectiveDigestRecipient,
		)
		from chidao_dieuhanh.chidao_dieuhanh.doctype.task_workflow_state.task_workflow_state import (
			TaskWorkflowState,
		)

		all_agency_roles: DF.TableMultiSelect[HasRole]
		digest_overdue_task_count: DF.Int
		digest_recipients: DF.TableMultiSelect[DirectiveDigestRecipient]
		digest_weekday: DF.Literal[
			"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
		]
		due_soon_days: DF.Int
		enable_auto_reminders: DF.Check
		escalate_to_head_after: DF.Int
		escalate_to_office_after: DF.Int
		max_extensions: DF.Int
		overdue_reminder_interval: DF.Int
		remind_days_before: DF.Int
		remind_on_deadline_day: DF.Check
		score_late: DF.Float
		score_not_done: DF.Float
		score_on_time: DF.Float
		send_weekly_digest: DF.Check
		states_needing_reason: DF.TableMultiSelect[TaskWorkflowState]
		weight_coordinator: DF.Float
		weight_lead: DF.Float
		working_calendar: DF.Link | None
	# end: auto-generated types

	def validate(self):
		if self.due_soon_days < 0 or self.max_extensions < 0:
			frappe.throw(_("The due-soon window and the maximum extensions cannot be negative."))

	def on_update(self):
		# Who sees every agency is read on every request, and sent to the desk with the boot.
		settings.clear_cache()
		frappe.cache.delete_key("bootinfo")
