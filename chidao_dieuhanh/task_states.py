"""The states of a task: the three the app knows by name, and what every other state is, read from the
Directive Task workflow as the IT officer keeps it in the desk.

- Drafting (DRAFT): written, not yet given to the agency (not counted in any statistic).
- Completed and Withdrawn (COMPLETED, CANCELLED): closed.
- Every other state, shipped or added in the desk, is open: its deadline status is On Track, Due Soon,
  Overdue or No Deadline, and it counts as open in the statistics, the digest and the ranking.
- An open state is **the agency's turn** when a role that does not see every agency may edit the task in
  it (the workflow's "Only Allow Edit For"): the agency reports progress and gets reminders then. In the
  other open states (waiting for review, for a leader's opinion, suspended, refused) the office acts.
- A progress report moves the task along the agency's own transitions (those whose role does not see
  every agency): a report on a task the agency has not accepted yet takes the transition to another of
  the agency's states (Accept); a final report then takes the one to a state where the office acts
  (Submit for Review).
"""

import frappe
from frappe.model.workflow import get_workflow_name

TASK_DOCTYPE = "Directive Task"
# The shipped workflow's states (fixtures/workflow.json). The app's code knows only DRAFT, COMPLETED and
# CANCELLED by name; the others are named here for the demo, the tests and the benchmarks. The names are
# the app's own (not Frappe's "Draft", "Cancelled"...): Frappe looks workflow states and actions up in the
# translations without context, so a name shared with Frappe would show Frappe's Vietnamese word.
DRAFT = "Drafting"
ASSIGNED = "Assigned to Agency"
IN_PROGRESS = "Under Way"
PENDING_REVIEW = "Pending Review"
RETURNED = "Returned"
REFUSED = "Refused"
SUSPENDED = "Suspended"
COMPLETED = "Completed"
CANCELLED = "Withdrawn"
CLOSED_STATES = (COMPLETED, CANCELLED)
NOT_EXTENDABLE_STATES = (DRAFT, *CLOSED_STATES)
KANBAN_BOARD = "Tasks by Workflow State"
# The shipped workflow's actions that tests and the demo take by name (the others keep Frappe-free names).
ASSIGN = "Assign to Agency"
ACCEPT = "Accept"
SUBMIT_FOR_REVIEW = "Submit for Review"
CONFIRM_COMPLETION = "Confirm Completion"
# The states and action as the workflow named them before 0.1 (patches.v0_1.rename_task_workflow_states).
RENAMED_STATES = {"Draft": DRAFT, "Assigned": ASSIGNED, "In Progress": IN_PROGRESS, "Cancelled": CANCELLED}
RENAMED_ACTIONS = {"Assign": ASSIGN}


def is_open(state: str | None) -> bool:
	return bool(state) and state not in NOT_EXTENDABLE_STATES


def task_workflow():
	name = get_workflow_name(TASK_DOCTYPE)
	return frappe.get_cached_doc("Workflow", name) if name else None


def _office_roles() -> frozenset[str]:
	from chidao_dieuhanh.settings import all_agency_roles

	return all_agency_roles()


def agency_states() -> tuple[str, ...]:
	"""Open states in which the agency acts: it reports progress and is reminded."""
	workflow = task_workflow()
	if not workflow:
		return ()
	office = _office_roles()
	return tuple(
		dict.fromkeys(
			row.state for row in workflow.states if is_open(row.state) and row.allow_edit not in office
		)
	)


def agency_transition(state: str, to_agency_state: bool) -> str | None:
	"""The state the agency's first transition out of `state` leads to: to another of the agency's states
	(accepting the task) or to an open state where the office acts (sending it for review)."""
	workflow = task_workflow()
	if not workflow:
		return None
	office, agency = _office_roles(), set(agency_states())
	for row in workflow.transitions:
		if row.state != state or row.allowed in office or row.next_state == state:
			continue
		if is_open(row.next_state) and (row.next_state in agency) == to_agency_state:
			return row.next_state
	return None


def on_workflow_update(doc, method=None) -> None:
	"""The task workflow changed in the desk: the desk's rules (boot) are recomputed, and the board gets
	its new states."""
	if doc.document_type != TASK_DOCTYPE:
		return
	frappe.cache.delete_key("bootinfo")
	sync_kanban_columns(doc)


def sync_kanban_columns(workflow) -> None:
	"""The task board (of tasks not yet closed) shows a column for Drafting and every open state of the task
	workflow, in the workflow's order."""
	if not frappe.db.exists("Kanban Board", KANBAN_BOARD):
		return
	board = frappe.get_doc("Kanban Board", KANBAN_BOARD)
	order = list(dict.fromkeys(row.state for row in workflow.states))
	existing = {column.column_name for column in board.columns}
	missing = [state for state in order if state not in existing and state not in CLOSED_STATES]
	if not missing:
		return
	for state in missing:
		board.append("columns", {"column_name": state, "status": "Active", "indicator": "Gray"})
	position = {state: index for index, state in enumerate(order)}
	board.columns.sort(key=lambda column: position.get(column.column_name, len(order)))
	for index, column in enumerate(board.columns, start=1):
		column.idx = index
	board.flags.ignore_permissions = True
	board.save()
