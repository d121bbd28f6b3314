# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _

from chidao_dieuhanh import agency_charts, task_counts
from chidao_dieuhanh.task_counts import COORDINATOR, LEAD, LEAD_AND_COORDINATOR


def execute(filters: dict | None = None):
	filters = task_counts.parse_filters(filters)
	rows = [
		task_counts.complete_row(row)
		for row in task_counts.counts_by_agency(filters, task_counts.agency_scope(filters))
	]
	rows.sort(key=sort_key(rows))
	chart = agency_charts.overdue_chart([r for r in rows if r["agency_role"] == charted_role(filters)])
	base_route = task_counts.list_filters(filters)
	for number, row in enumerate(rows, 1):
		row["stt"] = number
		row["task_filters"] = {**base_route, **agency_route(row["agency"], row["agency_role"])}
		row["agency_role"] = _(row["agency_role"])
	total = task_counts.total_row(rows)
	data = [*rows]
	if rows:
		data.append(total_line(total, filters, base_route))
	return columns(filters), data, None, chart, task_counts.report_summary(total)


def columns(filters) -> list[dict]:
	group = [
		{"fieldname": "stt", "label": _("No."), "fieldtype": "Int", "width": 60},
		{"fieldname": "agency", "label": _("Agency"), "fieldtype": "Link", "options": "Agency", "width": 260},
	]
	if filters.agency_role == LEAD_AND_COORDINATOR:
		group.append({"fieldname": "agency_role", "label": _("Role"), "fieldtype": "Data", "width": 110})
	return group + task_counts.count_columns()


def charted_role(filters) -> str:
	"""The chart counts each agency once: as coordinator when only that is asked, else as lead."""
	return COORDINATOR if filters.agency_role == COORDINATOR else LEAD


def sort_key(rows):
	"""Agencies in the order of the agency tree, the lead role before the coordinating one."""
	order = {
		name: position
		for position, name in enumerate(
			frappe.get_all(
				"Agency", filters={"name": ["in", [r["agency"] for r in rows]]}, order_by="lft", pluck="name"
			)
		)
	}
	return lambda row: (order.get(row["agency"], len(order)), row["agency_role"] != LEAD)


def agency_route(agency: str, role: str) -> dict:
	if role == COORDINATOR:
		return {"Task Coordinating Agency.agency": agency}
	return {"lead_agency": agency}


def total_line(total: dict, filters, base_route: dict) -> dict:
	line = {**total, "agency": _("Total", context="Task Statistics"), "is_total_row": 1}
	if filters.agency_role == LEAD:
		line["task_filters"] = {**base_route, **task_counts.lead_scope_filter(filters)}
	return line
