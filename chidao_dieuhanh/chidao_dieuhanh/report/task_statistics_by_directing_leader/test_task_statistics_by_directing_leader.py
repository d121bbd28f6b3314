# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe

from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_directing_leader.task_statistics_by_directing_leader import (
	execute,
)
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase, counts


class TestTaskStatisticsByDirectingLeader(StatisticsTestCase):
	def rows(self, **filters):
		columns, data, _message, _chart, _summary = execute({"agency": self.s.group, **filters})
		return (
			columns,
			{row["directing_leader"]: row for row in data if not row.get("is_total_row")},
			data[-1],
		)

	def test_every_number(self):
		columns, rows, total = self.rows()
		self.assertEqual(
			{leader: self.counts(row) for leader, row in rows.items()},
			{
				self.s.leader_1: counts(6, 1, 1, 2, 2, 0, 25.0),
				self.s.leader_2: counts(4, 1, 1, 1, 0, 1, 50.0),
			},
		)
		self.assertEqual(self.counts(total), counts(10, 2, 2, 3, 2, 1, 33.3))
		self.assertEqual(rows[self.s.leader_1]["directing_leader_title"], "leader1")
		self.assertTaskLinks(columns, [*rows.values(), total])

	def test_agency_user_counts_only_its_own_tasks(self):
		frappe.set_user(self.s.focal_b)
		_columns, rows, total = self.rows()
		self.assertEqual(
			{leader: self.counts(row) for leader, row in rows.items()},
			{
				self.s.leader_1: counts(2, 0, 1, 0, 1, 0, 0.0),
				self.s.leader_2: counts(1, 0, 0, 1, 0, 0, None),
			},
		)
		self.assertEqual(total["total"], 3)
