"""Working-day arithmetic: weekly days off and public holidays skipped.

Pure (no database) so that the rules are tested without a site; the site's calendar is read by
`chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar.get_calendar`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY, SUNDAY = 5, 6
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
	holidays: frozenset[date] = field(default_factory=frozenset)
	weekly_off: frozenset[int] = frozenset({SATURDAY, SUNDAY})  # date.weekday() numbers

	@classmethod
	def of(cls, holidays: Iterable[date] = (), weekly_off: Iterable[int] = (SATURDAY, SUNDAY)):
		return cls(frozenset(holidays), frozenset(weekly_off))

	def is_working_day(self, day: date) -> bool:
		return day.weekday() not in self.weekly_off and day not in self.holidays

	def add_working_days(self, start: date, days: int) -> date:
		"""The day `days` working days after `start` (before it when negative); 0 gives `start`."""
		step = ONE_DAY if days >= 0 else -ONE_DAY
		remaining, day = abs(days), start
		if len(self.weekly_off) >= 7:
			raise ValueError("A calendar needs at least one working day a week")
		while remaining:
			day += step
			if self.is_working_day(day):
				remaining -= 1
		return day

	def working_days_between(self, start: date, end: date) -> int:
		"""Working days in (start, end]: 0 when end <= start."""
		count, day = 0, start
		while day < end:
			day += ONE_DAY
			if self.is_working_day(day):
				count += 1
		return count
