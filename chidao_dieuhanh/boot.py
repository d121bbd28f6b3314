"""What the desk scripts need to know of the task rules, sent once with the session boot."""

import frappe

from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_task.directive_task import (
	NOT_EXTENDABLE_STATES,
	REPORTABLE_STATES,
	STATES_NEEDING_REASON,
)
from chidao_dieuhanh.permissions import is_office_user
from chidao_dieuhanh.reminders import REMINDABLE_STATES


def boot_session(bootinfo):
	bootinfo.chidao_dieuhanh = frappe._dict(
		is_office_user=is_office_user(),
		reportable_states=list(REPORTABLE_STATES),
		not_extendable_states=list(NOT_EXTENDABLE_STATES),
		states_needing_reason=list(STATES_NEEDING_REASON),
		remindable_states=list(REMINDABLE_STATES),
	)
