"""What the desk scripts need to know of the task rules, sent once with the session boot."""

import frappe

from chidao_dieuhanh import deadlines, task_states
from chidao_dieuhanh.chidao_dieuhanh.report.overdue_tasks.overdue_tasks import ALL_ROWS, ROWS_SHOWN
from chidao_dieuhanh.permissions import is_office_user
from chidao_dieuhanh.settings import states_needing_reason


def boot_session(bootinfo):
	bootinfo.chidao_dieuhanh = frappe._dict(
		is_office_user=is_office_user(),
		agency_states=list(task_states.agency_states()),
		not_extendable_states=list(task_states.NOT_EXTENDABLE_STATES),
		states_needing_reason=list(states_needing_reason()),
		deadline_statuses=list(deadlines.STATUSES),
		deadline_status_colours=deadlines.STATUS_COLOURS,
		overdue_rows_shown={**ROWS_SHOWN, "all": ALL_ROWS},
	)
