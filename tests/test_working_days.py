"""Working-day arithmetic across weekends and Vietnamese public holidays, without a site."""

from datetime import date

import holidays
import pytest

from chidao_dieuhanh.working_days import WorkCalendar

VIETNAM = WorkCalendar.of(holidays.Vietnam(years=(2026, 2027)))


def test_the_statutory_calendar_knows_the_lunar_holidays():
	# Tết Nguyên Đán 2026: 16 to 20 February (Mon to Fri); Giỗ Tổ Hùng Vương 2027: Friday 16 April.
	assert all(not VIETNAM.is_working_day(date(2026, 2, d)) for d in range(14, 23))
	assert not VIETNAM.is_working_day(date(2027, 4, 16))
	assert VIETNAM.is_working_day(date(2026, 2, 13))


@pytest.mark.parametrize(
	("start", "days", "expected"),
	[
		(date(2026, 2, 12), 1, date(2026, 2, 13)),  # Thu -> Fri
		(date(2026, 2, 12), 2, date(2026, 2, 23)),  # skips the weekend and Tết (16-20) and the weekend
		(date(2026, 2, 13), 5, date(2026, 2, 27)),
		(date(2027, 2, 3), 1, date(2027, 2, 11)),  # Tết 2027: 4-10 February
		(date(2027, 4, 15), 1, date(2027, 4, 19)),  # Giỗ Tổ on Friday 16 April, then the weekend
		(date(2026, 2, 23), -1, date(2026, 2, 13)),
		(date(2026, 2, 14), 0, date(2026, 2, 14)),
	],
)
def test_add_working_days(start, days, expected):
	assert VIETNAM.add_working_days(start, days) == expected


def test_working_days_between():
	assert VIETNAM.working_days_between(date(2026, 2, 12), date(2026, 2, 23)) == 2
	assert VIETNAM.working_days_between(date(2026, 2, 23), date(2026, 2, 12)) == 0
	assert VIETNAM.working_days_between(date(2026, 2, 13), date(2026, 2, 22)) == 0


def test_announced_days_off_and_weekly_days_off_are_settings():
	extra = WorkCalendar.of([*VIETNAM.holidays, date(2026, 2, 23)])
	assert extra.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 24)
	six_day_week = WorkCalendar.of(VIETNAM.holidays, weekly_off=[6])
	assert six_day_week.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_a_week_without_working_days_is_refused():
	with pytest.raises(ValueError):
		WorkCalendar.of(weekly_off=range(7)).add_working_days(date(2026, 1, 1), 1)
