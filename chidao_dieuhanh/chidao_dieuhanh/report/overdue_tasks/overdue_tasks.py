# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import getdate, today

from chidao_dieuhanh import agency_charts, deadlines, explanations, task_counts
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar

# Rows the report shows at most, the longest overdue first (the desk's "Rows Shown" filter); a province has
# tens of thousands of overdue tasks, more than a page can show or a reader go through.
ROWS_SHOWN = {"options": [100, 500, 2000, 10000], "default": 500}
ALL_ROWS = "All"


class InvalidRowsShown(frappe.ValidationError):
	http_status_code = 417


def execute(filters: dict | None = None):
	"""The open overdue tasks, the longest overdue first, at most `rows_shown` of them (with the total they
	are taken from); above them the four national counts of the tasks given (whenever) and the agencies
	with the most overdue tasks."""
	filters = task_counts.parse_filters(filters)
	limit = rows_shown(filters)
	rows = [
		task_counts.complete_row(row)
		for row in task_counts.counts_by_agency(filters, task_counts.agency_scope(filters))
	]
	summary = national_summary(task_counts.total_row(rows))
	chart = agency_charts.overdue_chart(rows)
	data = explanations.with_explanations(with_days_overdue(overdue_tasks(filters, limit)))
	total = len(data) if limit is None or len(data) < limit else count_overdue_tasks(filters)
	return columns(), data, shown_message(len(data), total), chart, summary


def rows_shown(filters) -> int | None:
	"""How many rows to show: the filter's number, the default without one, None for all."""
	value = filters.get("rows_shown")
	if not value:
		return ROWS_SHOWN["default"]
	if value == ALL_ROWS:
		return None
	if not str(value).isdigit() or int(value) < 1:
		frappe.throw(
			_("Rows Shown must be a positive whole number or {0}.").format(_(ALL_ROWS, context="Rows Shown")),
			InvalidRowsShown,
		)
	return int(value)


def shown_message(shown: int, total: int) -> str | None:
	"""Above the table when it holds part of the overdue tasks: how many of how many, and how to see the
	rest (the export holds the rows shown, as Frappe exports what the table holds)."""
	if shown >= total:
		return None
	text = _(
		"Showing the {0} longest overdue of {1} overdue tasks. Narrow the filters, or choose {2} in Rows"
		" Shown to show and export them all: the export holds only the rows shown."
	).format(
		frappe.format_value(shown, "Int"),
		frappe.format_value(total, "Int"),
		_(ALL_ROWS, context="Rows Shown"),
	)
	return f'<div class="indicator orange"><span>{frappe.utils.escape_html(text)}</span></div>'


def national_summary(total: dict) -> list[dict]:
	return [
		{
			"value": total[count],
			"label": label,
			"datatype": "Int",
			"indicator": task_counts.count_colour(count).title(),
		}
		for count, label in task_counts.count_labels().items()
		if count in deadlines.NATIONAL_COUNTS
	]


def with_days_overdue(rows: list[dict]) -> list[dict]:
	"""Days overdue in working days, as in reminders and the digest (one count per deadline)."""
	calendar, current_date, by_deadline = get_calendar(), getdate(today()), {}
	for row in rows:
		deadline = getdate(row["deadline"])
		if deadline not in by_deadline:
			by_deadline[deadline] = deadlines.working_days_overdue(calendar, deadline, current_date)
		row["days_overdue"] = by_deadline[deadline]
	return rows


def overdue_criteria(task, filters):
	criteria = [task.deadline_status == deadlines.OVERDUE]
	for field in ("directing_leader", "sector", "source_type"):
		if filters.get(field):
			criteria.append(task[field] == filters[field])
	scope = task_counts.agency_scope(filters)
	if scope is not None:
		criteria.append(task.lead_agency.isin(scope or [""]))
	return task_counts.all_of(criteria)


def count_overdue_tasks(filters) -> int:
	task = frappe.qb.DocType("Directive Task")
	return frappe.qb.from_(task).select(Count("*")).where(overdue_criteria(task, filters)).run()[0][0]


def overdue_tasks(filters, limit: int | None) -> list[dict]:
	"""The earliest deadlines first: the most working days overdue (then the most reminded). With a limit,
	only the tasks due no later than the limit-th earliest deadline are read (through the index of
	deadline status and deadline, `on_doctype_update` of Directive Task), not every overdue task."""
	task = frappe.qb.DocType("Directive Task")
	user = frappe.qb.DocType("User")
	criteria = overdue_criteria(task, filters)
	if limit is not None:
		cutoff = (
			frappe.qb.from_(task)
			.select(task.deadline)
			.where(criteria)
			.orderby(task.deadline)
			.limit(1)
			.offset(limit - 1)
		).run()
		if cutoff:
			criteria &= task.deadline <= cutoff[0][0]
	query = (
		frappe.qb.from_(task)
		.left_join(user)
		.on(user.name == task.directing_leader)
		.select(
			task.name.as_("task"),
			task.content,
			task.directive,
			task.lead_agency,
			task.directing_leader,
			user.full_name.as_("leader_name"),
			task.deadline,
			task.extension_count,
			task.reminder_count,
			task.last_reminder_date,
			task.last_report_date,
			task.progress,
			task.workflow_state,
		)
		.where(criteria)
		.orderby(task.deadline)
		.orderby(task.reminder_count, order=frappe.qb.desc)
		.orderby(task.name)
	)
	if limit is not None:
		query = query.limit(limit)
	return query.run(as_dict=True)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "task",
			"label": _("Task", context="Directive Task"),
			"fieldtype": "Link",
			"options": "Directive Task",
			"width": 150,
		},
		{
			"fieldname": "content",
			"label": _("Content", context="Directive Task"),
			"fieldtype": "Data",
			"width": 300,
		},
		{
			"fieldname": "lead_agency",
			"label": _("Lead Agency"),
			"fieldtype": "Link",
			"options": "Agency",
			"width": 200,
		},
		{"fieldname": "deadline", "label": _("Deadline"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "days_overdue",
			"label": _("Working Days Overdue"),
			"fieldtype": "Int",
			"width": 110,
		},
		{"fieldname": "reminder_count", "label": _("Reminders Sent"), "fieldtype": "Int", "width": 100},
		{"fieldname": "last_reminder_date", "label": _("Last Reminder"), "fieldtype": "Date", "width": 110},
		{"fieldname": "last_report_date", "label": _("Last Report Date"), "fieldtype": "Date", "width": 110},
		{
			"fieldname": "progress",
			"label": _("Progress", context="Directive Task"),
			"fieldtype": "Percent",
			"width": 90,
		},
		{"fieldname": "extension_count", "label": _("Extensions Granted"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "explanation",
			"label": _("Explanation", context="Overdue Tasks"),
			"fieldtype": "Data",
			"width": 170,
		},
		{"fieldname": "leader_name", "label": _("Directing Leader"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "workflow_state",
			"label": _("Workflow State", context="Directive Task"),
			"fieldtype": "Data",
			"width": 120,
		},
		{
			"fieldname": "directive",
			"label": _("Directive"),
			"fieldtype": "Link",
			"options": "Directive",
			"width": 140,
		},
	]
