# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, today

from chidao_dieuhanh import agency_charts, deadlines, explanations, task_counts
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar


def execute(filters: dict | None = None):
	"""Every open overdue task, the longest overdue first; above them the four national counts of the tasks
	given (whenever) and the agencies with the most overdue tasks."""
	filters = task_counts.parse_filters(filters)
	rows = [
		task_counts.complete_row(row)
		for row in task_counts.counts_by_agency(filters, task_counts.agency_scope(filters))
	]
	summary = national_summary(task_counts.total_row(rows))
	chart = agency_charts.overdue_chart(rows)
	return (
		columns(),
		explanations.with_explanations(with_days_overdue(overdue_tasks(filters))),
		None,
		chart,
		summary,
	)


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


def overdue_tasks(filters) -> list[dict]:
	task = frappe.qb.DocType("Directive Task")
	user = frappe.qb.DocType("User")
	criteria = [task.deadline_status == deadlines.OVERDUE]
	for field in ("directing_leader", "sector", "source_type"):
		if filters.get(field):
			criteria.append(task[field] == filters[field])
	scope = task_counts.agency_scope(filters)
	if scope is not None:
		criteria.append(task.lead_agency.isin(scope or [""]))
	return (
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
		.where(task_counts.all_of(criteria))
		.orderby(task.deadline)
		.orderby(task.reminder_count, order=frappe.qb.desc)
		.orderby(task.name)
	).run(as_dict=True)


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
