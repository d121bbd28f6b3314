# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import json
from io import BytesIO

import frappe
from frappe.desk.query_report import export_query, run
from frappe.utils import add_days, today
from openpyxl import load_workbook

from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_agency.task_statistics_by_agency import execute
from chidao_dieuhanh.task_counts import InvalidPeriod
from chidao_dieuhanh.tests.statistics_data import StatisticsTestCase, counts


class TestTaskStatisticsByAgency(StatisticsTestCase):
	def run_report(self, **filters):
		columns, data, _message, chart, summary = execute({"agency": self.s.group, **filters})
		rows = {(row["agency"], row.get("agency_role")): row for row in data if not row.get("is_total_row")}
		total = next((row for row in data if row.get("is_total_row")), None)
		return columns, rows, total, chart, summary

	def test_every_number_as_lead(self):
		columns, rows, total, chart, summary = self.run_report()
		self.assertEqual(
			{agency: self.counts(row) for (agency, _role), row in rows.items()},
			{
				self.s.agency_a: counts(6, 2, 1, 2, 1, 0, 50.0),
				self.s.agency_a_unit: counts(1, 0, 0, 0, 0, 1, None),
				self.s.agency_b: counts(3, 0, 1, 1, 1, 0, 0.0),
			},
		)
		self.assertEqual(self.counts(total), counts(10, 2, 2, 3, 2, 1, 33.3))
		self.assertEqual(
			[row["stt"] for row in rows.values()], [1, 2, 3], "numbered in the agency tree order"
		)
		self.assertEqual([s["value"] for s in summary], [10, 2, 2, 3, 2, 1, 33.3])
		# The chart: the agencies with open overdue tasks, the most first (then the most completed late).
		self.assertEqual(chart["type"], "percentage")
		self.assertEqual(chart["data"]["labels"], [self.s.agency_a, self.s.agency_b])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1, 1])
		self.assertTaskLinks(columns, [*rows.values(), total])

	def test_coordinators_counted_apart(self):
		columns, rows, _total, _chart, _summary = self.run_report(agency_role="Coordinator")
		self.assertEqual(
			{agency: self.counts(row) for (agency, _role), row in rows.items()},
			{
				self.s.agency_a: counts(1, 0, 1, 0, 0, 0, 0.0),
				self.s.agency_a_unit: counts(1, 0, 0, 0, 1, 0, 0.0),
				self.s.agency_b: counts(1, 0, 0, 1, 0, 0, None),
			},
		)
		self.assertTaskLinks(columns, rows.values())

	def test_lead_and_coordinator_rows(self):
		columns, rows, total, _chart, _summary = self.run_report(agency_role="Lead and Coordinator")
		self.assertEqual(
			[(agency, role, row["total"]) for (agency, role), row in rows.items()],
			[
				(self.s.agency_a, "Lead", 6),
				(self.s.agency_a, "Coordinator", 1),
				(self.s.agency_a_unit, "Lead", 1),
				(self.s.agency_a_unit, "Coordinator", 1),
				(self.s.agency_b, "Lead", 3),
				(self.s.agency_b, "Coordinator", 1),
			],
		)
		self.assertEqual(
			self.counts(rows[(self.s.agency_a_unit, "Coordinator")]), counts(1, 0, 0, 0, 1, 0, 0.0)
		)
		self.assertEqual(total["total"], 13)
		self.assertIn("agency_role", [c["fieldname"] for c in columns])
		self.assertTaskLinks(columns, rows.values())

	def test_period_by_deadline(self):
		"""Deadlines from T-10 to T+5: the extension moved t6 out of it, t8 has no deadline."""
		columns, rows, total, _chart, _summary = self.run_report(
			date_basis="Deadline", from_date=add_days(today(), -10), to_date=add_days(today(), 5)
		)
		self.assertEqual(
			{agency: self.counts(row) for (agency, _role), row in rows.items()},
			{
				self.s.agency_a: counts(4, 1, 1, 1, 1, 0, 33.3),
				self.s.agency_b: counts(1, 0, 0, 0, 1, 0, 0.0),
			},
		)
		self.assertTaskLinks(columns, [*rows.values(), total])

	def test_period_by_assignment_date(self):
		frappe.db.set_value("Directive Task", self.tasks["t1"], "assigned_on", add_days(today(), -40))
		self.addCleanup(frappe.db.set_value, "Directive Task", self.tasks["t1"], "assigned_on", today())
		_columns, rows, total, _chart, _summary = self.run_report(
			from_date=add_days(today(), -7), to_date=today()
		)
		self.assertEqual(rows[(self.s.agency_a, "Lead")]["total"], 5)
		self.assertEqual(rows[(self.s.agency_a, "Lead")]["open_within_deadline"], 1)
		self.assertEqual(total["total"], 9)

	def test_filters(self):
		by_leader = self.run_report(directing_leader=self.s.leader_1)[1]
		self.assertEqual(
			{agency: row["total"] for (agency, _role), row in by_leader.items()},
			{self.s.agency_a: 4, self.s.agency_b: 2},
		)
		by_sector = self.run_report(sector=self.s.sector_2)[1]
		self.assertEqual(
			{agency: row["total"] for (agency, _role), row in by_sector.items()},
			{self.s.agency_a: 2, self.s.agency_a_unit: 1, self.s.agency_b: 1},
		)
		by_source = self.run_report(source_type="Meeting Conclusion")[1]
		self.assertEqual(
			{agency: row["total"] for (agency, _role), row in by_source.items()},
			{self.s.agency_a: 2, self.s.agency_a_unit: 1, self.s.agency_b: 1},
		)
		with_sub_units = self.run_report(agency=self.s.agency_a)[1]
		self.assertEqual(
			[agency for agency, _role in with_sub_units], [self.s.agency_a, self.s.agency_a_unit]
		)

	def test_agency_user_sees_only_its_own_agencies(self):
		frappe.set_user(self.s.focal_a)
		_columns, data, _message, _chart, summary = execute({})
		rows = [row for row in data if not row.get("is_total_row")]
		self.assertEqual([row["agency"] for row in rows], [self.s.agency_a, self.s.agency_a_unit])
		self.assertEqual(summary[0]["value"], 7)
		frappe.set_user(self.s.focal_b)
		_columns, data, _message, _chart, _summary = execute({"agency": self.s.agency_a})
		self.assertEqual(data, [], "another agency's rows stay hidden even when asked for")
		_columns, data, _message, _chart, _summary = execute({"agency_role": "Lead and Coordinator"})
		self.assertEqual(
			[(row["agency"], row["agency_role"]) for row in data if not row.get("is_total_row")],
			[(self.s.agency_b, "Lead"), (self.s.agency_b, "Coordinator")],
		)

	def test_period_must_not_end_before_it_starts(self):
		with self.assertRaises(InvalidPeriod):
			execute({"from_date": today(), "to_date": add_days(today(), -1)})

	def test_desk_run_and_excel_export_as_an_agency_user(self):
		"""Through the desk's own endpoints: the report runs for a focal point and exports to Excel with
		only its agencies' rows."""
		filters = {"from_date": add_days(today(), -30), "to_date": today(), "agency_role": "Lead"}
		frappe.set_user(self.s.focal_a)
		result = run("Task Statistics by Agency", filters)
		self.assertEqual(
			[row["agency"] for row in result["result"] if not row.get("is_total_row")],
			[self.s.agency_a, self.s.agency_a_unit],
		)
		frappe.local.form_dict = frappe._dict(
			report_name="Task Statistics by Agency",
			file_format_type="Excel",
			filters=json.dumps(filters),
			visible_idx="[]",
		)
		self.addCleanup(setattr, frappe.local, "form_dict", frappe._dict())
		export_query()
		sheet = load_workbook(BytesIO(frappe.response["filecontent"])).active
		rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
		header = rows[0]
		self.assertEqual(header[:4], ["No.", "Agency", "Total", "Completed"])
		by_agency = {row[1]: row for row in rows[1:]}
		self.assertEqual(set(by_agency), {self.s.agency_a, self.s.agency_a_unit, "Total"})
		self.assertEqual(by_agency[self.s.agency_a][header.index("Completed On Time")], 2)
		self.assertEqual(by_agency["Total"][header.index("Total")], 7)
