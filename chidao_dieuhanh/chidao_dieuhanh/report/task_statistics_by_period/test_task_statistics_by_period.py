# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from datetime import date

import frappe
from frappe.utils import add_months, get_first_day, get_last_day, getdate, today

from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_period.task_statistics_by_period import (
	execute,
	period_bounds,
	period_keys,
)
from chidao_dieuhanh.task_states import DRAFT
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase, counts


class TestTaskStatisticsByPeriod(StatisticsTestCase):
	def test_by_month_with_empty_months(self):
		"""t1 and t2 assigned two months ago: that month, an empty month, then this month."""
		two_months_ago = get_first_day(add_months(today(), -2))
		for task in ("t1", "t2"):
			frappe.db.set_value("Directive Task", self.tasks[task], "assigned_on", two_months_ago)
			self.addCleanup(frappe.db.set_value, "Directive Task", self.tasks[task], "assigned_on", today())
		columns, data, _message, chart, _summary = execute(
			{
				"agency": self.s.group,
				"period_type": "Month",
				"from_date": two_months_ago,
				"to_date": get_last_day(today()),
			}
		)
		rows, total = data[:-1], data[-1]
		self.assertEqual(len(rows), 3)
		self.assertEqual(
			[self.counts(row) for row in rows],
			[
				counts(2, 0, 0, 2, 0, 0, None),
				counts(0, 0, 0, 0, 0, 0, None),
				counts(8, 2, 2, 1, 2, 1, 33.3),
			],
		)
		self.assertEqual(rows[0]["from_date"], getdate(two_months_ago))
		self.assertEqual(rows[2]["to_date"], getdate(get_last_day(today())))
		self.assertEqual(self.counts(total), counts(10, 2, 2, 3, 2, 1, 33.3))
		self.assertEqual(chart["type"], "line")
		self.assertEqual(chart["data"]["datasets"][2]["values"], [2, 0, 1])
		self.assertTaskLinks(columns, data)

	def test_by_year_and_deadline(self):
		year_start = date(getdate(today()).year, 1, 1)
		_columns, data, _message, _chart, _summary = execute(
			{
				"agency": self.s.group,
				"period_type": "Year",
				"date_basis": "Deadline",
				"from_date": year_start,
				"to_date": date(year_start.year, 12, 31),
			}
		)
		self.assertEqual(len(data), 2)
		deadlines_this_year = frappe.get_all(
			"Directive Task",
			filters={
				"lead_agency": ["in", self.s.agencies()],
				"workflow_state": ["!=", DRAFT],
				"deadline": ["between", [year_start, date(year_start.year, 12, 31)]],
			},
			pluck="name",
		)
		self.assertEqual(data[0]["total"], len(deadlines_this_year))

	def test_agency_user_counts_only_its_own_tasks(self):
		frappe.set_user(self.s.focal_b)
		_columns, data, _message, _chart, _summary = execute(
			{"period_type": "Quarter", "from_date": today(), "to_date": today()}
		)
		self.assertEqual(self.counts(data[0]), counts(3, 0, 1, 1, 1, 0, 0.0))

	def test_periods(self):
		self.assertEqual(
			period_keys("Quarter", date(2026, 2, 10), date(2026, 11, 1)), [20261, 20262, 20263, 20264]
		)
		self.assertEqual(period_keys("Half-Year", date(2025, 12, 1), date(2026, 7, 1)), [20252, 20261, 20262])
		self.assertEqual(period_keys("Week", date(2026, 1, 1), date(2026, 1, 12)), [202601, 202602, 202603])
		self.assertEqual(period_bounds("Week", 202601), (date(2025, 12, 29), date(2026, 1, 4)))
		self.assertEqual(period_bounds("Quarter", 20264), (date(2026, 10, 1), date(2026, 12, 31)))
		self.assertEqual(period_bounds("Half-Year", 20261), (date(2026, 1, 1), date(2026, 6, 30)))
		self.assertEqual(period_bounds("Month", 202602), (date(2026, 2, 1), date(2026, 2, 28)))
