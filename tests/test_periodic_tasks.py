"""The deadline rules of periodic tasks (Auto Repeat occurrences), without a site."""

from datetime import date

import holidays
import pytest

from chidao_dieuhanh.periodic_tasks import (
	DAY_OF_MONTH_RULE,
	WORKING_DAYS_RULE,
	day_of_month_deadline,
	occurrence_deadline,
)
from chidao_dieuhanh.working_days import WorkCalendar

VIETNAM = WorkCalendar.of(holidays.Vietnam(years=(2026, 2027)))


@pytest.mark.parametrize(
	("created", "day", "expected"),
	[
		(date(2026, 3, 2), 20, date(2026, 3, 20)),  # a Friday: kept
		(date(2026, 6, 1), 20, date(2026, 6, 22)),  # Saturday 20 June: Monday
		(date(2026, 3, 25), 20, date(2026, 4, 20)),  # the 20th has passed: next month's
		(date(2026, 2, 3), 16, date(2026, 2, 23)),  # Tết Nguyên Đán 2026 (16-20 February) and its weekend
		(date(2026, 4, 10), 30, date(2026, 5, 4)),  # 30 April and 1 May are holidays, then a weekend
		(date(2026, 2, 23), 31, date(2026, 3, 2)),  # February has no 31st: its last day, a Saturday
		(date(2026, 12, 20), 10, date(2027, 1, 11)),  # into the next year (10 January 2027 is a Sunday)
		(date(2026, 3, 20), 20, date(2026, 3, 20)),  # made on the day itself: due that day
	],
)
def test_day_of_the_month_is_moved_off_days_off(created, day, expected):
	assert day_of_month_deadline(VIETNAM, created, day) == expected


def test_working_days_after_creation_skip_weekends_and_holidays():
	# Made on Friday 13 February 2026, just before Tết (16 to 20 February): two working days on.
	assert occurrence_deadline(VIETNAM, date(2026, 2, 13), WORKING_DAYS_RULE, 2) == date(2026, 2, 24)


def test_without_a_rule_the_template_offset_is_kept_and_moved_off_days_off():
	assert occurrence_deadline(VIETNAM, date(2026, 6, 1), None, template_offset_days=5) == date(2026, 6, 8)
	assert occurrence_deadline(VIETNAM, date(2026, 6, 1), None, template_offset_days=3) == date(2026, 6, 4)
	assert occurrence_deadline(VIETNAM, date(2026, 6, 1), None) is None
	assert occurrence_deadline(VIETNAM, date(2026, 6, 1), DAY_OF_MONTH_RULE, rule_day_of_month=5) == date(
		2026, 6, 5
	)
