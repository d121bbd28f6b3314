# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from frappe import _

from chidao_dieuhanh import task_counts


def execute(filters: dict | None = None):
	filters = task_counts.parse_filters(filters)
	return task_counts.field_report(
		filters,
		field="sector",
		column={
			"fieldname": "sector",
			"label": _("Sector"),
			"fieldtype": "Link",
			"options": "Sector",
			"width": 240,
		},
	)
