# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from datetime import date

import frappe
import holidays
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import (
	DEFAULT_CALENDAR,
	add_public_holidays,
	ensure_public_holidays,
	get_calendar,
)
from chidao_dieuhanh.task_states import ASSIGN, DRAFT
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task


class TestWorkingCalendar(ProvinceTestCase):
	def setUp(self):
		frappe.db.set_single_value("Directive Settings", "working_calendar", DEFAULT_CALENDAR)
		calendar = frappe.get_doc("Working Calendar", DEFAULT_CALENDAR)
		calendar.holidays = [row for row in calendar.holidays if row.source == "Public Holiday"]
		for year in (2026, 2027):
			calendar.add_public_holidays(year)
		calendar.save()
		self.directive = make_directive(issue_date="2026-01-05")

	def test_installed_calendar_knows_the_lunar_holidays(self):
		calendar = get_calendar()
		for day in ("2026-02-16", "2026-02-17", "2026-02-20", "2027-02-10", "2027-04-16"):
			self.assertFalse(calendar.is_working_day(getdate(day)), day)
		row = next(
			r
			for r in frappe.get_doc("Working Calendar", DEFAULT_CALENDAR).holidays
			if str(r.holiday_date) == "2026-02-17"
		)
		self.assertEqual(row.description, "Tết Nguyên Đán")

	def assign_in_working_days(self, on: str, working_days: int):
		with self.freeze_time(f"{on} 09:00"):
			task = make_task(self.directive, self.p.agency_a, deadline=None, working_days=working_days)
			self.assertEqual(task.workflow_state, DRAFT)
			return apply_workflow(task, ASSIGN)

	def test_deadline_in_working_days_skips_tet_2026_and_the_weekends(self):
		task = self.assign_in_working_days("2026-02-12", 2)
		self.assertEqual(str(task.assigned_on), "2026-02-12")
		# Fri 13 February, then Tết (16-20) between two weekends: the second working day is 23 February.
		self.assertEqual(str(task.deadline), "2026-02-23")

	def test_deadline_in_working_days_across_tet_2027(self):
		task = self.assign_in_working_days("2027-02-03", 3)
		self.assertEqual(str(task.deadline), "2027-02-15")  # Tết 4-10 February, then Thu 11, Fri 12, Mon 15

	def test_announced_day_off_moves_the_deadline(self):
		calendar = frappe.get_doc("Working Calendar", DEFAULT_CALENDAR)
		calendar.append("holidays", {"holiday_date": "2026-02-23", "description": "Nghỉ bù theo thông báo"})
		calendar.save()
		task = self.assign_in_working_days("2026-02-12", 2)
		self.assertEqual(str(task.deadline), "2026-02-24")

	def test_draft_deadline_is_recounted_from_the_assignment(self):
		with self.freeze_time("2026-03-02 09:00"):
			task = make_task(self.directive, self.p.agency_a, deadline=None, working_days=5)
			self.assertEqual(str(task.deadline), "2026-03-09")
		with self.freeze_time("2026-03-05 09:00"):
			task = apply_workflow(frappe.get_doc("Directive Task", task.name), ASSIGN)
		self.assertEqual(str(task.deadline), "2026-03-12")

	def test_no_deadline_clears_the_working_days(self):
		task = make_task(self.directive, self.p.agency_a, deadline=None, working_days=5, no_deadline=1)
		self.assertIsNone(task.deadline)
		self.assertEqual(task.working_days, 0)

	def test_public_holidays_are_added_once_per_year(self):
		calendar = frappe.new_doc("Working Calendar")
		calendar.calendar_name = "Test Calendar"
		calendar.insert()
		statutory = holidays.Vietnam(years=2026)
		self.assertEqual(add_public_holidays("Test Calendar", 2026), len(statutory))
		self.assertEqual(add_public_holidays("Test Calendar", 2026), 0)
		ensure_public_holidays(date(2026, 6, 1))
		calendar.reload()
		years = {getdate(r.holiday_date).year for r in calendar.holidays}
		self.assertEqual(years, {2026, 2027})

	def test_without_a_calendar_only_weekends_are_off(self):
		frappe.db.set_single_value("Directive Settings", "working_calendar", None)
		calendar = get_calendar()
		self.assertTrue(calendar.is_working_day(date(2026, 2, 17)))
		self.assertFalse(calendar.is_working_day(date(2026, 2, 21)))

	def test_form_preview_of_a_working_day_deadline(self):
		from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import (
			working_day_deadline,
		)

		self.assertEqual(working_day_deadline(2, "2026-02-12"), "2026-02-23")
