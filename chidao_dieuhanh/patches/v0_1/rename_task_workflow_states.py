"""The task workflow's states and action that shared their names with Frappe's words get names of the app's
own (Draft -> Drafting, Assigned -> Assigned to Agency, In Progress -> Under Way, Cancelled -> Withdrawn,
action Assign -> Assign to Agency): Frappe looks states and actions up without context, so the task's form,
list, board and buttons showed Frappe's Vietnamese for them ("Bản nháp", "Trong tiến trình", "Chỉ định").

Runs before the fixtures are synced (they bring the shipped workflow, board and states under the new names):
it moves what a site stores under the old names, so that no task is left in a state the workflow no longer
has, and the board, cards, charts, saved filters, notifications and webhooks still find their tasks. The
Extension Request workflow keeps its Draft."""

import json
import re

import frappe

from chidao_dieuhanh import settings
from chidao_dieuhanh.task_states import RENAMED_ACTIONS, RENAMED_STATES, TASK_DOCTYPE

OLD_NAMES = "|".join(map(re.escape, RENAMED_STATES))
QUOTED_OLD_STATE = re.compile(r"""(["'])(""" + OLD_NAMES + r""")\1""")


def execute():
	add_new_records()
	for old, new in RENAMED_STATES.items():
		rename_value(TASK_DOCTYPE, "workflow_state", old, new)
		rename_value("Workflow Action", "workflow_state", old, new, reference_doctype=TASK_DOCTYPE)
		# Directive Settings: Task States That Need a Reason (the table holds task states only).
		rename_value("Task Workflow State", "workflow_state", old, new)
	rename_workflows()
	rename_board_columns()
	rename_filters()
	rename_conditions()
	settings.clear_cache()
	for workflow in frappe.get_all("Workflow", filters={"document_type": TASK_DOCTYPE}, pluck="name"):
		frappe.clear_document_cache("Workflow", workflow)
	frappe.cache.delete_value(["webhooks", "notifications", "bootinfo"])
	frappe.clear_cache(doctype=TASK_DOCTYPE)


def add_new_records():
	"""The new states and action exist before anything links to them (the fixtures set their style later)."""
	for old, new in RENAMED_STATES.items():
		if not frappe.db.exists("Workflow State", new):
			style = frappe.db.get_value("Workflow State", old, "style") or ""
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": new, "style": style}).insert(
				ignore_permissions=True
			)
	for new in RENAMED_ACTIONS.values():
		if not frappe.db.exists("Workflow Action Master", new):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": new}).insert(
				ignore_permissions=True
			)


def rename_value(doctype: str, field: str, old: str, new: str, **conditions) -> None:
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.update(table).set(table[field], new).where(table[field] == old)
	for column, value in conditions.items():
		query = query.where(table[column] == value)
	query.run()


def rename_workflows() -> None:
	"""Every workflow of tasks (the shipped one and any copy made in the desk)."""
	workflows = frappe.get_all("Workflow", filters={"document_type": TASK_DOCTYPE}, pluck="name")
	if not workflows:
		return
	state, transition = frappe.qb.DocType("Workflow Document State"), frappe.qb.DocType("Workflow Transition")
	for old, new in RENAMED_STATES.items():
		frappe.qb.update(state).set(state.state, new).where(state.parent.isin(workflows)).where(
			state.state == old
		).run()
		for field in ("state", "next_state"):
			frappe.qb.update(transition).set(transition[field], new).where(
				transition.parent.isin(workflows)
			).where(transition[field] == old).run()
	for old, new in RENAMED_ACTIONS.items():
		frappe.qb.update(transition).set(transition.action, new).where(
			transition.parent.isin(workflows)
		).where(transition.action == old).run()
	# The workflow builder's drawing names the old states; it is redrawn from the tables.
	workflow = frappe.qb.DocType("Workflow")
	frappe.qb.update(workflow).set(workflow.workflow_data, None).where(workflow.name.isin(workflows)).run()


def task_boards() -> list[str]:
	return frappe.get_all(
		"Kanban Board",
		filters={"reference_doctype": TASK_DOCTYPE, "field_name": "workflow_state"},
		pluck="name",
	)


def rename_board_columns() -> None:
	boards = task_boards()
	if not boards:
		return
	column = frappe.qb.DocType("Kanban Board Column")
	for old, new in RENAMED_STATES.items():
		frappe.qb.update(column).set(column.column_name, new).where(column.parent.isin(boards)).where(
			column.column_name == old
		).run()


def renamed_filters(value: str | None) -> str | None:
	"""The filters (JSON, as lists, cards, charts and boards keep them) with the task states renamed, or None
	when they name none."""
	if not value:
		return None
	try:
		filters = json.loads(value)
	except ValueError:
		return None

	def rename(filter_value):
		if isinstance(filter_value, str):
			return RENAMED_STATES.get(filter_value, filter_value)
		if isinstance(filter_value, list):
			return [rename(item) for item in filter_value]
		return filter_value

	if isinstance(filters, dict):
		if "workflow_state" in filters:
			filters["workflow_state"] = rename(filters["workflow_state"])
	elif isinstance(filters, list):
		for row in filters:
			if not isinstance(row, list):
				continue
			if len(row) >= 4 and row[1] == "workflow_state" and row[0] in (TASK_DOCTYPE, None):
				row[3] = rename(row[3])
			elif len(row) == 3 and row[0] == "workflow_state":
				row[2] = rename(row[2])
	else:
		return None
	renamed = json.dumps(filters, separators=(", ", ": ") if ", " in value else (",", ":"))
	return renamed if json.loads(renamed) != json.loads(value) else None


def rename_filters() -> None:
	for doctype, doctype_field, fields in (
		("Number Card", "document_type", ("filters_json", "dynamic_filters_json")),
		("Dashboard Chart", "document_type", ("filters_json", "dynamic_filters_json")),
		("Kanban Board", "reference_doctype", ("filters",)),
		("List Filter", "reference_doctype", ("filters",)),
	):
		for row in frappe.get_all(doctype, filters={doctype_field: TASK_DOCTYPE}, fields=["name", *fields]):
			changed = {field: renamed_filters(row[field]) for field in fields}
			changed = {field: value for field, value in changed.items() if value is not None}
			if changed:
				frappe.db.set_value(doctype, row.name, changed, update_modified=False)
	rename_user_settings()


def rename_user_settings() -> None:
	"""The filters each user last left on the task list, report view and board."""
	user_settings = frappe.qb.Table("__UserSettings")
	rows = (
		frappe.qb.from_(user_settings)
		.select(user_settings.user, user_settings.data)
		.where(user_settings.doctype == TASK_DOCTYPE)
		.run(as_dict=True)
	)
	for row in rows:
		try:
			data = json.loads(row.data or "{}")
		except ValueError:
			continue
		changed = False
		for view in data.values() if isinstance(data, dict) else ():
			if isinstance(view, dict) and view.get("filters"):
				renamed = renamed_filters(json.dumps(view["filters"]))
				if renamed is not None:
					view["filters"], changed = json.loads(renamed), True
		if changed:
			frappe.qb.update(user_settings).set(user_settings.data, json.dumps(data)).where(
				user_settings.user == row.user
			).where(user_settings.doctype == TASK_DOCTYPE).run()
	frappe.cache.delete_keys("_user_settings")


def renamed_condition(condition: str | None) -> str | None:
	"""A Python condition on the task's state with the old state names (quoted) renamed, or None."""
	if not condition or "workflow_state" not in condition:
		return None
	renamed = QUOTED_OLD_STATE.sub(lambda m: m.group(1) + RENAMED_STATES[m.group(2)] + m.group(1), condition)
	return renamed if renamed != condition else None


def rename_conditions() -> None:
	for doctype, doctype_field, fields in (
		("Notification", "document_type", ("condition",)),
		("Webhook", "webhook_doctype", ("condition",)),
		("Assignment Rule", "document_type", ("assign_condition", "unassign_condition", "close_condition")),
	):
		for row in frappe.get_all(doctype, filters={doctype_field: TASK_DOCTYPE}, fields=["name", *fields]):
			changed = {field: renamed_condition(row[field]) for field in fields}
			changed = {field: value for field, value in changed.items() if value is not None}
			if changed:
				frappe.db.set_value(doctype, row.name, changed, update_modified=False)
