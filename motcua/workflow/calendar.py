"""Working time: what a due date means in Vietnam's one-stop offices.

A working day is the office's hours (8 by default: 07:30–11:30, 13:30–17:30). Saturdays,
Sundays and public holidays are off: the `holidays` package knows Vietnam's, lunar ones (Tết,
the Hùng Kings) and the government's swaps included (a Saturday worked in exchange for a bridge
day). Admins add the rest as DayException rows, city-wide or for one agency. Time limits in
working days are counted in working hours, so a dossier received after closing starts counting
at the next opening; limits in calendar days end at the closing of the last day, moved to the
next working day when that is a day off; a pause (supplement, payment) moves the due date by the
working time it lasted.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays
from django.utils import timezone

MINUTES_PER_DAY_DEFAULT = 8 * 60
SEARCH_DAYS = 400  # no office is closed longer than this; a safety stop for loops


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.Vietnam(years=year)


@dataclass(frozen=True)
class WorkingCalendar:
    periods: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
    working: frozenset[date] = frozenset()  # extra working days (admin exceptions)
    off: frozenset[date] = frozenset()  # extra days off

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(end) - _minutes(start) for start, end in self.periods)

    def is_working_day(self, day: date) -> bool:
        if day in self.working:
            return True
        if day in self.off:
            return False
        return _national(day.year).is_working_day(day)

    def day_off_reason(self, day: date) -> str:
        if self.is_working_day(day):
            return ""
        return _national(day.year).get(day) or ("Ngày nghỉ theo điều chỉnh" if day in self.off else "Nghỉ cuối tuần")

    # --- moments ------------------------------------------------------------------------------
    def _windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (local, naive) from ``start`` on, clipped to start."""
        day = start.date()
        for _ in range(SEARCH_DAYS):
            if self.is_working_day(day):
                for begin, end in self.periods:
                    a, b = datetime.combine(day, begin), datetime.combine(day, end)
                    if b > start:
                        yield max(a, start), b
            day += timedelta(days=1)
        raise ValueError("Không tìm thấy ngày làm việc trong hơn một năm: kiểm tra lịch làm việc.")

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """The moment ``minutes`` of working time after ``start`` (aware in, aware out)."""
        local = _local(start)
        remaining = int(minutes)
        for a, b in self._windows(local):
            span = int((b - a).total_seconds() // 60)
            if remaining <= span:
                return _aware(a + timedelta(minutes=remaining))
            remaining -= span
        raise AssertionError("unreachable")

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        local_start, local_end = _local(start), _local(end)
        if local_end <= local_start:
            return 0
        total = 0
        for a, b in self._windows(local_start):
            if a >= local_end:
                break
            total += int((min(b, local_end) - a).total_seconds() // 60)
        return total

    def closing_of(self, day: date) -> datetime:
        return _aware(datetime.combine(day, self.periods[-1][1]))

    def next_working_day(self, day: date) -> date:
        for _ in range(SEARCH_DAYS):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("Không tìm thấy ngày làm việc trong hơn một năm: kiểm tra lịch làm việc.")

    # --- due dates ------------------------------------------------------------------------------
    def due(self, received_at: datetime, value: Decimal | float | None, unit: str) -> datetime | None:
        """The due date of a statutory time limit (``value`` in ``unit``: working_days, hours,
        days, months or same_day) for a dossier received at ``received_at``. None when there is
        no limit. ``same_day``: the closing of the day received, or of the next working day when
        it is received from ``value`` o'clock on (the cut-off; 24 = none), after closing or on
        a day off ("tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo")."""
        if value is None or unit == "":
            return None
        value = Decimal(str(value))
        if unit == "same_day":
            return self._same_day(received_at, value)
        if unit == "working_days":
            return self.add_working_minutes(received_at, int(value * self.minutes_per_day))
        if unit == "hours":
            return self.add_working_minutes(received_at, int(value * 60))
        local_day = _local(received_at).date()
        if unit == "days":
            last = local_day + timedelta(days=int(value))
        elif unit == "months":
            months = local_day.month - 1 + int(value)
            year, month = local_day.year + months // 12, months % 12 + 1
            last = _clamp_day(year, month, local_day.day)
        else:
            raise ValueError(f"Đơn vị thời hạn không hỗ trợ: {unit}")
        return self.closing_of(self.next_working_day(last))

    def _same_day(self, received_at: datetime, cutoff: Decimal) -> datetime:
        local = _local(received_at)
        day = local.date()
        closing = self.periods[-1][1]
        if cutoff < 24:
            minutes = int(cutoff * 60)
            limit = min(time(minutes // 60, minutes % 60), closing)
        else:
            limit = closing
        if not self.is_working_day(day):
            return self.closing_of(self.next_working_day(day))
        if local.time() >= limit:
            return self.closing_of(self.next_working_day(day + timedelta(days=1)))
        return self.closing_of(day)

    def shifted(self, due: datetime, paused_from: datetime, paused_to: datetime) -> datetime:
        """The due date moved by the working time of a pause (the applicant preparing a
        supplement, or paying)."""
        paused = self.working_minutes_between(paused_from, paused_to)
        if paused == 0:
            return due
        return self.add_working_minutes(due, paused)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _local(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        return moment
    return timezone.localtime(moment).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment)


def _clamp_day(year: int, month: int, day: int) -> date:
    for candidate in range(day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day, 28))
