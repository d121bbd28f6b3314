# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.permissions import AUTOMATIC_ROLES

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
		explanation_penalty: DF.Float
		explanation_response_days: DF.Int
		head_title: DF.Data | None
		issuing_authority: DF.Data | None
		lgsp_enabled: DF.Check
		lgsp_max_attempts: DF.Int
		lgsp_organ_id: DF.Data | None
		lgsp_organ_name: DF.Data | None
		lgsp_password: DF.Password | None
		lgsp_status_url: DF.Data | None
		lgsp_timeout: DF.Int
		lgsp_username: DF.Data | None
		max_extensions: DF.Int
		office_address: DF.SmallText | None
		office_email: DF.Data | None
		office_name: DF.Data | None
		office_phone: DF.Data | None
		overdue_reminder_interval: DF.Int
		place_name: DF.Data | None
		province_name: DF.Data | None
		remind_days_before: DF.Int
		remind_on_deadline_day: DF.Check
		score_late: DF.Float
		score_not_done: DF.Float
		score_on_time: DF.Float
		send_weekly_digest: DF.Check
		signer_name: DF.Data | None
		signer_title: DF.Data | None
		signing_certificate: DF.Attach | None
		signing_certificate_password: DF.Password | None
		signing_certificate_subject: DF.SmallText | None
		signing_location: DF.Data | None
		signing_reason: DF.Data | None
		signs_for_head: DF.Check
		states_needing_reason: DF.TableMultiSelect[TaskWorkflowState]
		weight_coordinator: DF.Float
		weight_lead: DF.Float
		working_calendar: DF.Link | None
	# end: auto-generated types

	def validate(self):
		if self.due_soon_days < 0 or self.max_extensions < 0:
			frappe.throw(_("The due-soon window and the maximum extensions cannot be negative."))
		self.validate_all_agency_roles()
		self.validate_signing_certificate()

	def validate_all_agency_roles(self):
		automatic = sorted({row.role for row in self.all_agency_roles} & set(AUTOMATIC_ROLES))
		if automatic:
			frappe.throw(
				_("{0} cannot see every agency: every user holds it.").format(", ".join(map(_, automatic))),
				title=_("Roles That See Every Agency"),
			)

	def validate_signing_certificate(self):
		"""The PKCS#12 certificate must open with its password; its holder is shown beside it."""
		if not self.signing_certificate:
			self.signing_certificate_subject = None
			return
		from chidao_dieuhanh import signatures

		password = self.signing_certificate_password or ""
		if password and self.is_dummy_password(password):  # unchanged: the form sends asterisks
			password = self.get_password("signing_certificate_password", raise_exception=False)
		signer = signatures.load_signer(self.signing_certificate, password or "")
		self.signing_certificate_subject = signatures.certificate_holder(signer)

	def on_update(self):
		# Who sees every agency is read on every request (cached) and sent to the desk with the boot: both
		# forgotten now and once the change is committed (a request in between would cache the old list).
		settings.clear_cache()
		frappe.db.after_commit.add(settings.clear_cache)
