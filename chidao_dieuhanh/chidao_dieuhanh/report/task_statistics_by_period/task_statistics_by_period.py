# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.query_builder import CustomFunction
from frappe.query_builder.functions import Extract, Floor
from frappe.utils import add_months, getdate
from pypika.enums import DatePart

from chidao_dieuhanh import task_counts

YEARWEEK = CustomFunction("YEARWEEK", ["date", "mode"])
ISO_WEEK = 3  # YEARWEEK mode: weeks start on Monday, week 1 has the year's first Thursday


def year(d):
	return Extract(DatePart.year, d)


# Period type -> (SQL key of a date, months in the period or None for a week)
PERIOD_TYPES = {
	"Week": (lambda d: YEARWEEK(d, ISO_WEEK), None),
	"Month": (lambda d: year(d) * 100 + Extract(DatePart.month, d), 1),
	"Quarter": (lambda d: year(d) * 10 + Extract(DatePart.quarter, d), 3),
	"Half-Year": (lambda d: year(d) * 10 + Floor((Extract(DatePart.month, d) + 5) / 6), 6),
	"Year": (lambda d: year(d), 12),
}


def execute(filters: dict | None = None):
	filters = task_counts.parse_filters(filters)
	period_type = filters.get("period_type") or "Month"
	if period_type not in PERIOD_TYPES:
		frappe.throw(_("Choose a period type: week, month, quarter, half-year or year."))
	sql_key, _months = PERIOD_TYPES[period_type]
	date_field = task_counts.DATE_FIELDS[filters.date_basis]
	counted = {}
	for row in task_counts.counts_by_term(filters, lambda task: sql_key(task[date_field])):
		key = row.pop("group_value")
		counted[None if key is None else int(key)] = task_counts.complete_row(row)
	keys = period_keys(period_type, filters.from_date, filters.to_date) or sorted(k for k in counted if k)
	base_route = {**task_counts.list_filters(filters), **task_counts.lead_scope_filter(filters)}
	rows = []
	for number, key in enumerate(keys, 1):
		start, end = period_bounds(period_type, int(key))
		start, end = max(start, filters.from_date or start), min(end, filters.to_date or end)
		row = counted.get(key) or task_counts.complete_row({})
		row.update(
			stt=number,
			period=period_label(period_type, int(key)),
			from_date=start,
			to_date=end,
			task_filters={**base_route, date_field: ["between", [str(start), str(end)]]},
		)
		rows.append(row)
	if None in counted:
		rows.append(
			{
				**counted[None],
				"stt": len(rows) + 1,
				"period": _("Not Specified"),
				"task_filters": {**base_route, date_field: ["is", "not set"]},
			}
		)
	total = task_counts.total_row(rows)
	data = [*rows]
	if rows:
		data.append(
			{
				**total,
				"period": _("Total", context="Task Statistics"),
				"is_total_row": 1,
				"task_filters": base_route,
			}
		)
	chart = task_counts.bar_chart([r["period"] for r in rows], rows, chart_type="line") if rows else None
	return columns(), data, None, chart, task_counts.report_summary(total)


def columns() -> list[dict]:
	return [
		{"fieldname": "stt", "label": _("No."), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "period",
			"label": _("Period", context="Task Statistics"),
			"fieldtype": "Data",
			"width": 140,
		},
		{"fieldname": "from_date", "label": _("From Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "to_date", "label": _("To Date"), "fieldtype": "Date", "width": 100},
		*task_counts.count_columns(),
	]


def period_bounds(period_type: str, key: int) -> tuple[date, date]:
	if period_type == "Week":
		start = date.fromisocalendar(key // 100, key % 100, 1)
		return start, start + timedelta(days=6)
	if period_type == "Year":
		return date(key, 1, 1), date(key, 12, 31)
	months = PERIOD_TYPES[period_type][1]
	first_month = key % 100 if period_type == "Month" else (key % 10 - 1) * months + 1
	start = date(key // 100 if period_type == "Month" else key // 10, first_month, 1)
	return start, getdate(add_months(start, months)) - timedelta(days=1)


def period_key(period_type: str, day: date) -> int:
	if period_type == "Week":
		iso = day.isocalendar()
		return iso[0] * 100 + iso[1]
	if period_type == "Month":
		return day.year * 100 + day.month
	if period_type == "Year":
		return day.year
	months = PERIOD_TYPES[period_type][1]
	return day.year * 10 + (day.month - 1) // months + 1


def period_keys(period_type: str, from_date: date | None, to_date: date | None) -> list[int]:
	"""Every period from the one holding `from_date` to the one holding `to_date`, empty ones too."""
	if not (from_date and to_date):
		return []
	keys = []
	day = from_date
	while day <= to_date:
		keys.append(period_key(period_type, day))
		day = period_bounds(period_type, keys[-1])[1] + timedelta(days=1)
	return keys


def period_label(period_type: str, key: int) -> str:
	if period_type == "Week":
		return _("Week {0}/{1}").format(key % 100, key // 100)
	if period_type == "Month":
		return _("Month {0}/{1}").format(key % 100, key // 100)
	if period_type == "Quarter":
		return _("Quarter {0}/{1}").format(ROMAN_QUARTERS[key % 10 - 1], key // 10)
	if period_type == "Half-Year":
		half = _("First Half {0}") if key % 10 == 1 else _("Second Half {0}")
		return half.format(key // 10)
	return _("Year {0}").format(key)


# Vietnamese documents number quarters in Roman numerals: Quý I/2026.
ROMAN_QUARTERS = ("I", "II", "III", "IV")
