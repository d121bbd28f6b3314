# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _

from chidao_dieuhanh import task_counts


def execute(filters: dict | None = None):
	filters = task_counts.parse_filters(filters)
	return task_counts.field_report(
		filters,
		field="directing_leader",
		column={
			"fieldname": "directing_leader",
			"label": _("Directing Leader"),
			"fieldtype": "Link",
			"options": "User",
			"width": 200,
		},
		labels=leader_names,
	)


def leader_names(users: list[str]) -> dict[str, str]:
	return dict(
		frappe.get_all("User", filters={"name": ["in", users]}, fields=["name", "full_name"], as_list=True)
	)
