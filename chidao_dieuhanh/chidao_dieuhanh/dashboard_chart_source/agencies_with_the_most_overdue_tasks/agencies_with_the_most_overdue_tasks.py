"""The lead agencies with the most open overdue tasks among the tasks given this year (the statistics
report's first period), by their short names; agency users see their own agencies only."""

import frappe

from chidao_dieuhanh import agency_charts, task_counts


@frappe.whitelist()
@frappe.read_only()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
) -> dict:
	first_day, last_day = task_counts.default_period()
	period = task_counts.parse_filters({"from_date": first_day, "to_date": last_day})
	rows = task_counts.counts_by_agency(period, task_counts.agency_scope(period))
	return agency_charts.overdue_chart_data([task_counts.complete_row(row) for row in rows]) or {
		"labels": [],
		"datasets": [],
	}
