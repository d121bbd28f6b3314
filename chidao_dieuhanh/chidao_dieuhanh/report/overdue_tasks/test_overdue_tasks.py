# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh import deadlines
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.chidao_dieuhanh.report.overdue_tasks.overdue_tasks import execute
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase


class TestOverdueTasks(StatisticsTestCase):
	def test_open_overdue_tasks_worst_first(self):
		frappe.db.set_value(
			"Directive Task",
			self.tasks["t10"],
			{"reminder_count": 2, "last_reminder_date": today(), "last_report_date": add_days(today(), -4)},
		)
		_columns, data, _message, chart, summary = execute({"agency": self.s.group})

		def working_days_overdue(task):
			deadline = getdate(frappe.db.get_value("Directive Task", self.tasks[task], "deadline"))
			return deadlines.working_days_overdue(get_calendar(), deadline, getdate(today()))

		self.assertEqual(
			[
				(
					row["task"],
					row["lead_agency"],
					row["days_overdue"],
					row["reminder_count"],
					row["last_report_date"],
					row["directing_leader"],
				)
				for row in data
			],
			[
				(self.tasks["t3"], self.s.agency_a, working_days_overdue("t3"), 0, None, self.s.leader_1),
				(
					self.tasks["t10"],
					self.s.agency_b,
					working_days_overdue("t10"),
					2,
					getdate(add_days(today(), -4)),
					self.s.leader_1,
				),
			],
		)
		self.assertEqual(data[1]["leader_name"], "leader1")

		# Above the list: the four national counts, and the agencies with the most overdue tasks.
		self.assertEqual(
			[item["label"] for item in summary],
			[_("Completed On Time"), _("Completed Late"), _("Open Within Deadline"), _("Open Overdue")],
		)
		self.assertEqual(summary[3]["value"], len(data))
		self.assertEqual(chart["type"], "percentage")
		self.assertEqual(chart["data"]["labels"], [self.s.agency_a, self.s.agency_b])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1, 1])

	def test_filters_and_agency_user(self):
		self.assertEqual(execute({"agency": self.s.group, "sector": self.s.sector_2})[1], [])
		frappe.set_user(self.s.focal_b)
		self.assertEqual([row["task"] for row in execute({})[1]], [self.tasks["t10"]])
		frappe.set_user(self.s.focal_a)
		self.assertEqual([row["task"] for row in execute({})[1]], [self.tasks["t3"]])
