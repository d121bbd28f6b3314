# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from datetime import date

import frappe
from frappe.utils import add_days, today

from chidao_dieuhanh.chidao_dieuhanh.report.agency_ranking.agency_ranking import PeriodRequired, execute
from chidao_dieuhanh.task_counts import previous_period
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase, set_ranking_settings


class TestAgencyRanking(StatisticsTestCase):
	"""Deadlines from T-10 to T+5, against the previous 16 days (T-26 to T-11, where t11 falls)."""

	def setUp(self):
		set_ranking_settings()

	def ranking(self):
		_columns, data, _message, _chart = execute(
			{
				"agency": self.s.group,
				"from_date": add_days(today(), -10),
				"to_date": add_days(today(), 5),
				"date_basis": "Deadline",
			}
		)
		return [
			(
				row["rank"],
				row["agency"],
				row["score"],
				row["lead_tasks"],
				row["coordinator_tasks"],
				row["completed_on_time"],
				row["completed_late"],
				row["open_overdue"],
				row["previous_rank"],
				row["rank_change"],
			)
			for row in data
		]

	def test_scores_ranks_and_change(self):
		"""A: t4 on time, t5 late, t3 overdue as lead = (100 + 50 + 0) / 3. A Unit: t10 overdue as
		coordinator = 0. B: t10 overdue as lead = 0 (equal to A Unit: same rank). Before: t11 late, B as lead
		and A as coordinator, both 50, both first."""
		self.assertEqual(
			self.ranking(),
			[
				(1, self.s.agency_a, 50.0, 3, 0, 1, 1, 1, 1, 0),
				(2, self.s.agency_a_unit, 0.0, 0, 1, 0, 0, 1, None, None),
				(2, self.s.agency_b, 0.0, 1, 0, 0, 0, 1, 1, -1),
			],
		)

	def test_weights_are_settings(self):
		set_ranking_settings(score_late=60, score_not_done=10, weight_coordinator=0.5)
		scores = {agency: score for _rank, agency, score, *_rest in self.ranking()}
		self.assertEqual(
			scores,
			{
				self.s.agency_a: round((100 + 60 + 10) / 3, 2),
				self.s.agency_a_unit: 10.0,
				self.s.agency_b: 10.0,
			},
		)

	def test_agency_user_sees_only_its_own_rows_with_the_province_rank(self):
		frappe.set_user(self.s.focal_b)
		self.assertEqual([(rank, agency) for rank, agency, *_rest in self.ranking()], [(2, self.s.agency_b)])

	def test_period_required(self):
		with self.assertRaises(PeriodRequired):
			execute({"from_date": today()})

	def test_previous_period(self):
		self.assertEqual(
			previous_period(date(2026, 4, 1), date(2026, 6, 30)), (date(2026, 1, 1), date(2026, 3, 31))
		)
		self.assertEqual(
			previous_period(date(2026, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))
		)
		self.assertEqual(
			previous_period(date(2026, 1, 1), date(2026, 9, 30)), (date(2025, 4, 1), date(2025, 12, 31))
		)
		self.assertEqual(
			previous_period(date(2026, 3, 11), date(2026, 3, 20)), (date(2026, 3, 1), date(2026, 3, 10))
		)
