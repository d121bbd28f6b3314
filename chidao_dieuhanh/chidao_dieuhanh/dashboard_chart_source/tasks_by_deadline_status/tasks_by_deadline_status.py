"""Tasks counted by deadline status, with the statuses in their usual order and in the user's language
(a Group By chart would show the raw English values)."""

import frappe
from frappe import _

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.api.frappe_overrides import chart_filters


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
	rows = frappe.get_list(
		"Directive Task",
		filters=frappe.parse_json(chart_filters("Directive Task", filters)) or [],
		fields=["deadline_status", "count(*) as count"],
		group_by="deadline_status",
		order_by=None,
	)
	counts = {row.deadline_status: row.count for row in rows}
	statuses = [status for status in deadlines.STATUSES if counts.get(status)]
	return {
		"labels": [_(status) for status in statuses],
		"datasets": [{"name": _("Tasks"), "values": [counts[status] for status in statuses]}],
	}
