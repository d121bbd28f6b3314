# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe

from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_sector.task_statistics_by_sector import execute
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase, counts


class TestTaskStatisticsBySector(StatisticsTestCase):
	def test_every_number(self):
		columns, data, _message, chart, summary = execute({"agency": self.s.group})
		rows = {row["sector"]: row for row in data if not row.get("is_total_row")}
		self.assertEqual(
			{sector: self.counts(row) for sector, row in rows.items()},
			{
				self.s.sector_1: counts(6, 1, 1, 2, 2, 0, 25.0),
				self.s.sector_2: counts(4, 1, 1, 1, 0, 1, 50.0),
			},
		)
		self.assertEqual(chart["data"]["labels"], [self.s.sector_1, self.s.sector_2])
		self.assertEqual([s["value"] for s in summary], [10, 2, 2, 3, 2, 1, 33.3])
		self.assertTaskLinks(columns, data)

	def test_agency_user_counts_only_its_own_tasks(self):
		frappe.set_user(self.s.focal_a)
		_columns, data, _message, _chart, _summary = execute({})
		self.assertEqual(
			[(row["sector"], row["total"]) for row in data],
			[(self.s.sector_1, 4), (self.s.sector_2, 3), ("Total", 7)],
		)
