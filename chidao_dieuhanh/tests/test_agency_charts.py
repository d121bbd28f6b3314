"""The leaders' first screen: the workspace's four national count cards agree with the statistics report,
and the chart of the agencies with the most overdue tasks shows each user only its own agencies."""

import json

import frappe
from frappe.desk.doctype.number_card.number_card import get_result

from chidao_dieuhanh import agency_charts, deadlines
from chidao_dieuhanh.chidao_dieuhanh.dashboard_chart_source.agencies_with_the_most_overdue_tasks import (
	agencies_with_the_most_overdue_tasks as worst_agencies_source,
)
from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_agency.task_statistics_by_agency import execute
from chidao_dieuhanh.task_counts import default_period
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase

# Number card -> the national count it shows (the workspace "Chỉ đạo điều hành").
CARDS = {
	"Completed On Time": "completed_on_time",
	"Completed Late": "completed_late",
	"Open Within Deadline": "open_within_deadline",
	"Open Overdue": "open_overdue",
}


def card_number(card: str) -> int:
	doc = frappe.get_doc("Number Card", card)
	return get_result(doc.as_json(), doc.filters_json)


class TestAgencyCharts(StatisticsTestCase):
	def this_year(self, user: str) -> dict:
		frappe.set_user(user)
		first_day, last_day = default_period()
		_columns, data, *_rest = execute({"from_date": first_day, "to_date": last_day})
		return next(row for row in data if row.get("is_total_row"))

	def test_the_cards_count_the_national_counts_of_the_statistics_first_period(self):
		# The leaders' workspace is the office's: the province's tasks, each under its lead agency once.
		total = self.this_year("Administrator")
		for card, count in CARDS.items():
			self.assertEqual(card_number(card), total[count], card)

	def test_the_cards_count_the_statuses_of_their_national_count(self):
		for card, count in CARDS.items():
			filters = json.loads(frappe.db.get_value("Number Card", card, "filters_json"))
			statuses = next(f[3] for f in filters if f[1] == "deadline_status")
			statuses = [statuses] if isinstance(statuses, str) else statuses
			self.assertEqual(tuple(statuses), deadlines.NATIONAL_COUNTS[count], card)

	def test_worst_agencies_chart_shows_an_agency_user_its_own_agencies(self):
		frappe.set_user(self.s.focal_a)
		self.assertEqual(
			worst_agencies_source.get(),
			{"labels": [self.s.agency_a], "datasets": [{"name": frappe._("Open Overdue"), "values": [1]}]},
		)
		frappe.set_user(self.s.focal_b)
		self.assertEqual(worst_agencies_source.get()["labels"], [self.s.agency_b])
		frappe.set_user("Administrator")

	def test_worst_agencies_chart_for_the_office(self):
		chart = worst_agencies_source.get()
		values = chart["datasets"][0]["values"]
		self.assertLessEqual(len(chart["labels"]), agency_charts.WORST_AGENCIES)
		self.assertEqual(values, sorted(values, reverse=True))
		self.assertTrue(all(values))

	def test_short_names_from_the_agency(self):
		frappe.db.set_value("Agency", self.s.agency_b, "short_names", "Đơn vị B\nStats B")
		self.assertEqual(agency_charts.short_names([self.s.agency_b])[self.s.agency_b], "Stats B")
		frappe.db.set_value("Agency", self.s.agency_b, "short_names", None)
