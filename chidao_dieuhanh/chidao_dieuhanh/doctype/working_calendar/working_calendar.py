# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from datetime import date

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from chidao_dieuhanh import settings
from chidao_dieuhanh.working_days import SATURDAY, SUNDAY, WorkCalendar

DEFAULT_CALENDAR = "Việt Nam"
PUBLIC_HOLIDAY = "Public Holiday"


class WorkingCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar_holiday.working_calendar_holiday import (
			WorkingCalendarHoliday,
		)

		calendar_name: DF.Data
		holidays: DF.Table[WorkingCalendarHoliday]
		include_public_holidays: DF.Check
		saturday_off: DF.Check
		sunday_off: DF.Check
	# end: auto-generated types

	def validate(self):
		self.validate_name()
		self.remove_duplicate_days()
		self.sort_days()

	def validate_name(self):
		if not self.calendar_name.strip():
			frappe.throw(_("Enter a name for the calendar."))

	def remove_duplicate_days(self):
		seen, rows = set(), []
		for row in self.holidays:
			day = getdate(row.holiday_date)
			if day in seen:
				continue
			seen.add(day)
			rows.append(row)
		self.holidays = rows

	def sort_days(self):
		self.holidays.sort(key=lambda row: getdate(row.holiday_date))
		for idx, row in enumerate(self.holidays, start=1):
			row.idx = idx

	def add_public_holidays(self, year: int) -> int:
		"""Adds Vietnam's statutory holidays of `year` (lunar ones included) that are not listed yet."""
		import holidays

		listed = {getdate(row.holiday_date) for row in self.holidays}
		added = 0
		for day, description in sorted(holidays.Vietnam(years=year, language="vi").items()):
			if day not in listed:
				self.append(
					"holidays", {"holiday_date": day, "description": description, "source": PUBLIC_HOLIDAY}
				)
				added += 1
		return added

	def has_public_holidays(self, year: int) -> bool:
		return any(
			row.source == PUBLIC_HOLIDAY and getdate(row.holiday_date).year == year for row in self.holidays
		)

	def to_work_calendar(self) -> WorkCalendar:
		weekly_off = [day for day, off in ((SATURDAY, self.saturday_off), (SUNDAY, self.sunday_off)) if off]
		return WorkCalendar.of((getdate(row.holiday_date) for row in self.holidays), weekly_off)


@frappe.whitelist()
def add_public_holidays(calendar: str, year: int) -> int:
	"""Desk button: adds a year's statutory holidays to a calendar."""
	doc = frappe.get_doc("Working Calendar", calendar)
	doc.check_permission("write")
	year = int(year)
	if not 1990 <= year <= 2100:
		frappe.throw(_("Enter a year between 1990 and 2100."))
	added = doc.add_public_holidays(year)
	doc.save()
	return added


# Working-day deadlines beyond this are typing errors (about four years).
MAX_WORKING_DAYS = 1000


class InvalidWorkingDays(frappe.ValidationError):
	pass


def validate_working_days(working_days) -> None:
	if not 0 <= cint(working_days) <= MAX_WORKING_DAYS:
		frappe.throw(
			_("Deadline in Working Days must be between 0 and {0}.").format(MAX_WORKING_DAYS),
			InvalidWorkingDays,
		)


@frappe.whitelist()
def working_day_deadline(working_days: int, start: str | None = None) -> str:
	"""The deadline `working_days` working days after `start` (today when empty), for the task form."""
	validate_working_days(working_days)
	return str(get_calendar().add_working_days(getdate(start), cint(working_days)))


def get_calendar() -> WorkCalendar:
	"""The working calendar in Directive Settings; Saturdays and Sundays off when none is set."""
	name = settings.working_calendar()
	if not name or not frappe.db.exists("Working Calendar", name):
		return WorkCalendar.of()
	return frappe.get_cached_doc("Working Calendar", name).to_work_calendar()


def ensure_public_holidays(today: date | None = None) -> None:
	"""Daily job: every calendar that follows the statutory holidays has this year's and next year's."""
	year = getdate(today).year
	for name in frappe.get_all("Working Calendar", filters={"include_public_holidays": 1}, pluck="name"):
		doc = frappe.get_doc("Working Calendar", name)
		missing = [y for y in (year, year + 1) if not doc.has_public_holidays(y)]
		if missing:
			for y in missing:
				doc.add_public_holidays(y)
			doc.save(ignore_permissions=True)


def create_default_calendar() -> None:
	"""After install: the Vietnamese calendar, set in Directive Settings when none is chosen."""
	if not frappe.db.exists("Working Calendar", DEFAULT_CALENDAR):
		doc = frappe.new_doc("Working Calendar")
		doc.calendar_name = DEFAULT_CALENDAR
		year = getdate().year
		for y in (year - 1, year, year + 1):
			doc.add_public_holidays(y)
		doc.insert(ignore_permissions=True)
	if not settings.working_calendar():
		frappe.db.set_single_value(settings.SETTINGS, "working_calendar", DEFAULT_CALENDAR)
