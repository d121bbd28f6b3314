"""Task statistics: the national counts of the tasks given, grouped by agency, directing leader, sector or
period, and the agency ranking built on them.

The national reports count four things, read from the task's deadline status (see `deadlines.py`): done on
time, done late, open within the deadline, open overdue; withdrawn tasks are counted apart. Tasks in Drafting
are not given yet and are left out. Every report is one SQL statement of GROUP BYs; Python only shapes the
few grouped rows.

Agency users see only the rows of their own agencies (with sub-units), as in `permissions.py`.
"""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, add_months, getdate, today
from pypika.terms import ValueWrapper

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.permissions import get_user_agencies, is_office_user
from chidao_dieuhanh.task_states import DRAFT

# Report column -> the deadline statuses it counts: the national four, and the cancelled tasks apart.
COUNTED_STATUSES = {**deadlines.NATIONAL_COUNTS, **deadlines.CANCELLED_COUNT}
COMPLETED_COUNTS = ("completed_on_time", "completed_late")
OPEN_COUNTS = ("open_within_deadline", "open_overdue")

ASSIGNMENT_DATE = "Assignment Date"
DEADLINE = "Deadline"
DATE_FIELDS = {ASSIGNMENT_DATE: "assigned_on", DEADLINE: "deadline"}

LEAD = "Lead"
COORDINATOR = "Coordinator"
LEAD_AND_COORDINATOR = "Lead and Coordinator"


class InvalidPeriod(frappe.ValidationError):
	pass


# --------------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------------


def parse_filters(filters: dict | None) -> frappe._dict:
	"""The report filters with dates as dates; an empty period means since ever / until ever."""
	filters = frappe._dict(filters or {})
	filters.from_date = getdate(filters.from_date) if filters.get("from_date") else None
	filters.to_date = getdate(filters.to_date) if filters.get("to_date") else None
	if filters.from_date and filters.to_date and filters.from_date > filters.to_date:
		frappe.throw(_("The period starts after it ends."), InvalidPeriod)
	filters.date_basis = filters.get("date_basis") or ASSIGNMENT_DATE
	if filters.date_basis not in DATE_FIELDS:
		frappe.throw(_("Count tasks by their assignment date or by their deadline."), InvalidPeriod)
	filters.agency_role = filters.get("agency_role") or LEAD
	return filters


def agency_scope(filters: frappe._dict, user: str | None = None) -> list[str] | None:
	"""Agencies whose rows the report may show: the chosen agency with its sub-units, narrowed to the
	user's own agencies for agency users. None means every agency."""
	scope = None
	if filters.get("agency"):
		scope = agency_with_sub_units(filters.agency)
	if not is_office_user(user):
		own = get_user_agencies(user)
		scope = own if scope is None else [a for a in scope if a in set(own)]
	return scope


def agency_with_sub_units(agency: str) -> list[str]:
	node = frappe.db.get_value("Agency", agency, ["lft", "rgt"], as_dict=True)
	if not node:
		frappe.throw(_("Agency {0} does not exist.").format(frappe.bold(agency)), frappe.DoesNotExistError)
	table = frappe.qb.DocType("Agency")
	return (
		frappe.qb.from_(table)
		.select(table.name)
		.where((table.lft >= node.lft) & (table.rgt <= node.rgt))
		.orderby(table.lft)
	).run(pluck=True)


# The tasks of a report are read through the index of the period's date field or by a table scan, never
# through the index of the grouped field: MariaDB prefers walking that index to skip sorting the groups,
# and then fetches every row by its key, three times slower than a scan at province size.


def task_criteria(task, filters: frappe._dict):
	"""Conditions every counted task meets: given (not a draft), in the period, and the chosen leader,
	sector and source type."""
	criteria = [task.workflow_state != DRAFT]
	criteria += period_criteria(task[DATE_FIELDS[filters.date_basis]], filters.from_date, filters.to_date)
	for field in ("directing_leader", "sector", "source_type"):
		if filters.get(field):
			criteria.append(task[field] == filters[field])
	return criteria


def period_criteria(field, from_date: date | None, to_date: date | None):
	criteria = []
	if from_date:
		criteria.append(field >= from_date)
	if to_date:
		criteria.append(field <= to_date)
	return criteria


def all_of(criteria):
	condition = criteria[0]
	for criterion in criteria[1:]:
		condition &= criterion
	return condition


# --------------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------------


def count_terms(status_field):
	"""COUNT and SUM terms, one per national count, each named after its report column."""
	terms = [Count("*").as_("total")]
	for column, statuses in COUNTED_STATUSES.items():
		terms.append(Sum(Case().when(status_field.isin(statuses), 1).else_(0)).as_(column))
	return terms


def roles_for(agency_role: str) -> tuple[str, ...]:
	if agency_role == LEAD_AND_COORDINATOR:
		return (LEAD, COORDINATOR)
	if agency_role in (LEAD, COORDINATOR):
		return (agency_role,)
	frappe.throw(_("Count agencies as lead, as coordinator, or both."))


def assignments(filters: frappe._dict, scope: list[str] | None, role: str):
	"""The counted tasks of the agencies in `scope` acting in `role`: (query with its conditions, the
	agency term, the task table)."""
	task = frappe.qb.DocType("Directive Task")
	query = frappe.qb.from_(task)
	agency = task.lead_agency
	if role == LEAD:
		query = query.use_index(DATE_FIELDS[filters.date_basis])
	else:
		# Coordinators are grouped on the child table; the task is reached by its key.
		coordinator = frappe.qb.DocType("Task Coordinating Agency")
		query = query.use_index(DATE_FIELDS[filters.date_basis], "PRIMARY")
		query = query.join(coordinator).on(
			(coordinator.parent == task.name) & (coordinator.parenttype == "Directive Task")
		)
		agency = coordinator.agency
	criteria = task_criteria(task, filters)
	if scope is not None:
		criteria.append(agency.isin(scope or [""]))
	return query.where(all_of(criteria)), agency, task


def counts_by_agency(filters: frappe._dict, scope: list[str] | None, extra_groups=()) -> list[frappe._dict]:
	"""The national counts per agency (of `scope`, None for all) and role, in one SQL statement: a GROUP BY
	per role, joined by UNION ALL when both roles are counted. (Grouping a UNION ALL of the assignments
	instead materialises them on disk at province size, twice as slow.) `extra_groups` are more (term of
	the task, name) to group by."""
	grouped = []
	for role in roles_for(filters.agency_role):
		query, agency, task = assignments(filters, scope, role)
		groups = [term(task).as_(name) for term, name in extra_groups]
		grouped.append(
			query.select(
				agency.as_("agency"),
				ValueWrapper(role).as_("agency_role"),
				*groups,
				*count_terms(task.deadline_status),
			).groupby(agency, *groups)
		)
	statement = grouped[0]
	for query in grouped[1:]:
		statement = statement.union_all(query)
	return statement.run(as_dict=True)


def counts_by_term(filters: frappe._dict, term) -> list[frappe._dict]:
	"""The national counts per value of `term(task)` (a task field, a period key), each task counted once,
	under its lead agency."""
	task = frappe.qb.DocType("Directive Task")
	criteria = task_criteria(task, filters)
	scope = agency_scope(filters)
	if scope is not None:
		criteria.append(task.lead_agency.isin(scope or [""]))
	group = term(task)
	return (
		frappe.qb.from_(task)
		.use_index(DATE_FIELDS[filters.date_basis])
		.select(group.as_("group_value"), *count_terms(task.deadline_status))
		.where(all_of(criteria))
		.groupby(group)
	).run(as_dict=True)


def complete_row(row: dict) -> dict:
	"""Adds the completed and open subtotals and the on-time rate to a row of counts."""
	for column in (*COUNTED_STATUSES, "total"):
		row[column] = int(row.get(column) or 0)
	row["completed"] = sum(row[c] for c in COMPLETED_COUNTS)
	row["open"] = sum(row[c] for c in OPEN_COUNTS)
	row["on_time_rate"] = on_time_rate(row)
	return row


def on_time_rate(row: dict) -> float | None:
	"""Share (%) of the tasks already judged — completed, or open past their deadline — that were completed
	on time. Tasks still within their deadline and cancelled ones are not judged yet."""
	judged = row["completed_on_time"] + row["completed_late"] + row["open_overdue"]
	if not judged:
		return None
	return round(100.0 * row["completed_on_time"] / judged, 1)


def total_row(rows: list[dict]) -> dict:
	total = {column: sum(r[column] for r in rows) for column in (*COUNTED_STATUSES, "total")}
	return complete_row(total)


# --------------------------------------------------------------------------------------------------
# Shared report pieces: columns, summary, chart, drill-down filters
# --------------------------------------------------------------------------------------------------


def count_columns() -> list[dict]:
	"""The standard columns after the group: total, completed (on time, late), open (within the deadline,
	overdue), cancelled, on-time rate. `statuses` tells the desk which tasks a number counts."""

	def column(fieldname, label, statuses, width=110):
		return {
			"fieldname": fieldname,
			"label": label,
			"fieldtype": "Int",
			"width": width,
			"statuses": list(statuses),
		}

	every = [s for statuses in COUNTED_STATUSES.values() for s in statuses]
	labels = count_labels()
	return [
		column("total", _("Total", context="Task Statistics"), every, 90),
		column(
			"completed",
			_("Completed", context="Directive Task"),
			COUNTED_STATUSES["completed_on_time"] + COUNTED_STATUSES["completed_late"],
		),
		column("completed_on_time", labels["completed_on_time"], COUNTED_STATUSES["completed_on_time"]),
		column("completed_late", labels["completed_late"], COUNTED_STATUSES["completed_late"]),
		column(
			"open",
			_("Not Completed"),
			COUNTED_STATUSES["open_within_deadline"] + COUNTED_STATUSES["open_overdue"],
		),
		column(
			"open_within_deadline",
			labels["open_within_deadline"],
			COUNTED_STATUSES["open_within_deadline"],
			130,
		),
		column("open_overdue", labels["open_overdue"], COUNTED_STATUSES["open_overdue"]),
		column("cancelled", labels["cancelled"], COUNTED_STATUSES["cancelled"], 100),
		{"fieldname": "on_time_rate", "label": _("On-Time Rate (%)"), "fieldtype": "Percent", "width": 120},
	]


def report_summary(total: dict) -> list[dict]:
	return [
		{"value": total["total"], "label": _("Tasks Given"), "datatype": "Int", "indicator": "Blue"},
		*(
			{
				"value": total[count],
				"label": label,
				"datatype": "Int",
				"indicator": count_colour(count).title(),
			}
			for count, label in count_labels().items()
		),
		{
			"value": total["on_time_rate"] or 0,
			"label": _("On-Time Rate (%)"),
			"datatype": "Percent",
			"indicator": "Green",
		},
	]


def chart_colour(indicator_colour: str) -> str:
	"""Frappe Charts' name for an indicator colour of deadlines.STATUS_COLOURS."""
	return {"gray": "light-grey", "darkgrey": "dark-grey"}.get(indicator_colour, indicator_colour)


def count_labels() -> dict[str, str]:
	return {
		"completed_on_time": _("Completed On Time"),
		"completed_late": _("Completed Late"),
		"open_within_deadline": _("Open Within Deadline"),
		"open_overdue": _("Open Overdue"),
		"cancelled": _("Cancelled", context="Directive Task"),
	}


def count_colour(count: str) -> str:
	"""A count has the colour of the statuses it counts (the first of them)."""
	return deadlines.STATUS_COLOURS[COUNTED_STATUSES[count][0]]


def bar_chart(labels: list[str], rows: list[dict], chart_type: str = "bar") -> dict:
	"""The four national counts per group, stacked."""
	national = [
		(count, label) for count, label in count_labels().items() if count in deadlines.NATIONAL_COUNTS
	]
	datasets = [{"name": label, "values": [r[count] for r in rows]} for count, label in national]
	chart = {
		"data": {"labels": labels, "datasets": datasets},
		"type": chart_type,
		"colors": [chart_colour(count_colour(count)) for count, _label in national],
	}
	if chart_type == "bar":
		chart["barOptions"] = {"stacked": 1}
	return chart


def list_filters(filters: frappe._dict, with_period: bool = True) -> dict:
	"""The task list filters that show the tasks a report row counts (the row adds its own group)."""
	route = {"workflow_state": ["!=", DRAFT]}
	if with_period and (filters.from_date or filters.to_date):
		field = DATE_FIELDS[filters.date_basis]
		if filters.from_date and filters.to_date:
			route[field] = ["between", [str(filters.from_date), str(filters.to_date)]]
		elif filters.from_date:
			route[field] = [">=", str(filters.from_date)]
		else:
			route[field] = ["<=", str(filters.to_date)]
	for field in ("directing_leader", "sector", "source_type"):
		if filters.get(field):
			route[field] = filters[field]
	return route


def lead_scope_filter(filters: frappe._dict) -> dict:
	scope = agency_scope(filters)
	return {} if scope is None else {"lead_agency": ["in", scope]}


# --------------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------------


def previous_period(from_date: date, to_date: date) -> tuple[date, date]:
	"""The period of the same length just before: whole months shift by months (a quarter by a quarter,
	a year by a year), other periods by days."""
	if from_date.day == 1 and add_days(to_date, 1).day == 1:
		months = (to_date.year - from_date.year) * 12 + to_date.month - from_date.month + 1
		return getdate(add_months(from_date, -months)), getdate(add_days(from_date, -1))
	days = (to_date - from_date).days + 1
	return getdate(add_days(from_date, -days)), getdate(add_days(from_date, -1))


def default_period() -> tuple[date, date]:
	"""This year up to today."""
	now = getdate(today())
	return date(now.year, 1, 1), now


# --------------------------------------------------------------------------------------------------
# Reports grouped by a task field
# --------------------------------------------------------------------------------------------------


def field_report(
	filters: frappe._dict, field: str, column: dict, label_column: dict | None = None, labels=None
):
	"""The standard table grouped by a task field (directing leader, sector): columns, data, chart and
	summary, ready for a Script Report's `execute`."""
	rows = [complete_row(row) for row in counts_by_term(filters, lambda task: task[field])]
	rows.sort(key=lambda row: (row["group_value"] is None, -row["total"], row["group_value"] or ""))
	names = labels([r["group_value"] for r in rows if r["group_value"]]) if labels else {}
	base_route = {**list_filters(filters), **lead_scope_filter(filters)}
	chart_labels = []
	for number, row in enumerate(rows, 1):
		value = row.pop("group_value")
		row["stt"] = number
		row[field] = value
		label = names.get(value, value) if value else _("Not Specified")
		if label_column:
			row[label_column["fieldname"]] = label
		elif value in names:
			# The desk shows the link by this title (task_statistics.js), e.g. a user by full name.
			row[f"{field}_title"] = names[value]
		chart_labels.append(label)
		row["task_filters"] = {**base_route, field: value or ["is", "not set"]}
	total = total_row(rows)
	data = [*rows]
	if rows:
		data.append(
			{
				**total,
				(label_column or column)["fieldname"]: _("Total", context="Task Statistics"),
				"is_total_row": 1,
				"task_filters": base_route,
			}
		)
	columns = [{"fieldname": "stt", "label": _("No."), "fieldtype": "Int", "width": 60}, column]
	if label_column:
		columns.append(label_column)
	chart = bar_chart(chart_labels, rows) if rows else None
	return columns + count_columns(), data, None, chart, report_summary(total)
