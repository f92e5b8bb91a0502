"""Due dates in working time, across Tết 2026 and 2027, a swapped Saturday, admins' exceptions
and pauses. Times are Đà Nẵng's (Asia/Ho_Chi_Minh)."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.units.tests.factories import AgencyFactory
from motcua.workflow.calendar import WorkingCalendar
from motcua.workflow.models import DayException, OfficeHours
from motcua.workflow.selectors import calendar_for

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar()


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def test_tet_2026_is_skipped():
    # Friday 13 Feb 2026 10:00, 3 working days: Tết runs Mon 16 – Fri 20, then the weekend.
    assert CAL.due(at(2026, 2, 13, 10), 3, "working_days") == at(2026, 2, 25, 10)
    assert [CAL.is_working_day(date(2026, 2, d)) for d in range(13, 24)] == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert CAL.day_off_reason(date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_tet_2027_is_skipped():
    # Wednesday 3 Feb 2027 16:00, 1 working day: off from Thu 4 to Wed 10 February.
    assert CAL.due(at(2027, 2, 3, 16), 1, "working_days") == at(2027, 2, 11, 16)


def test_a_swapped_saturday_is_a_working_day_and_its_monday_is_not():
    # The government moved 31 Aug 2026 (a bridge to National Day) onto Saturday 22 Aug.
    assert CAL.is_working_day(date(2026, 8, 22))
    assert not CAL.is_working_day(date(2026, 8, 31))
    assert CAL.due(at(2026, 8, 21, 17), 1, "working_days") == at(2026, 8, 22, 17)
    assert CAL.due(at(2026, 8, 28, 17), 1, "working_days") == at(2026, 9, 3, 17)


def test_received_after_closing_counts_from_the_next_opening():
    assert CAL.due(at(2026, 11, 2, 18), 1, "working_days") == at(2026, 11, 3, 17, 30)
    assert CAL.due(at(2026, 11, 2, 12), 4, "hours") == at(2026, 11, 2, 17, 30)  # the lunch break does not count
    assert CAL.due(at(2026, 11, 6, 16), Decimal("0.5"), "working_days") == at(2026, 11, 9, 10)  # half a day


def test_calendar_days_end_at_closing_moved_off_days_off():
    assert CAL.due(at(2026, 2, 2, 9), 15, "days") == at(2026, 2, 23, 17, 30)  # 17 Feb is Tết
    assert CAL.due(at(2026, 11, 2, 9), 5, "days") == at(2026, 11, 9, 17, 30)  # Sat 7 → Mon 9
    assert CAL.due(at(2026, 1, 31, 9), 1, "months") == at(2026, 3, 2, 17, 30)  # 28 Feb is a Saturday
    assert CAL.due(at(2026, 1, 31, 9), None, "") is None


def test_a_pause_moves_the_due_date_by_the_working_time_it_lasted():
    due = at(2026, 2, 25, 10)
    # Paused Mon 23 Feb 09:00 to Tue 24 Feb 09:00 = 480 working minutes (one working day).
    assert CAL.working_minutes_between(at(2026, 2, 23, 9), at(2026, 2, 24, 9)) == 480
    assert CAL.shifted(due, at(2026, 2, 23, 9), at(2026, 2, 24, 9)) == at(2026, 2, 26, 10)
    # A pause over a weekend costs nothing.
    assert CAL.shifted(due, at(2026, 2, 28, 9), at(2026, 3, 1, 20)) == due


@pytest.mark.django_db
def test_admins_exceptions_and_an_agencys_own_hours():
    agency = AgencyFactory()
    DayException.objects.create(
        day=date(2026, 11, 20), is_working=False, reason="Nghỉ theo quyết định của UBND thành phố"
    )
    DayException.objects.create(
        agency=agency, day=date(2026, 11, 21), is_working=True, reason="Làm việc thứ Bảy để giải quyết hồ sơ tồn"
    )
    OfficeHours.objects.create(
        agency=agency, morning_start=time(8), morning_end=time(12), afternoon_start=time(13), afternoon_end=time(17)
    )

    city = calendar_for()
    assert not city.is_working_day(date(2026, 11, 20)) and not city.is_working_day(date(2026, 11, 21))
    assert city.due(at(2026, 11, 19, 17), 1, "working_days") == at(2026, 11, 23, 17)

    own = calendar_for(agency)
    assert own.minutes_per_day == 480
    assert own.is_working_day(date(2026, 11, 21))
    assert own.due(at(2026, 11, 19, 16), 1, "working_days") == at(2026, 11, 21, 16)
    assert own.closing_of(date(2026, 11, 21)) == at(2026, 11, 21, 17)
