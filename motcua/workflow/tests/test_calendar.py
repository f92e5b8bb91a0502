"""Due dates in working time, across Tết 2026 and 2027, a swapped Saturday, admins' exceptions
and pauses. Times are Đà Nẵng's (Asia/Ho_Chi_Minh)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_the_same_day_with_a_cut_off():
    # "tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo" (khai sinh)
    assert CAL.due(at(2026, 11, 2, 9), 15, "same_day") == at(2026, 11, 2, 17, 30)
    assert CAL.due(at(2026, 11, 2, 6, 45), 15, "same_day") == at(2026, 11, 2, 17, 30)  # before opening
    assert CAL.due(at(2026, 11, 2, 14, 59), 15, "same_day") == at(2026, 11, 2, 17, 30)
    assert CAL.due(at(2026, 11, 2, 15), 15, "same_day") == at(2026, 11, 3, 17, 30)
    assert CAL.due(at(2026, 11, 6, 16), 15, "same_day") == at(2026, 11, 9, 17, 30)  # Friday → Monday
    assert CAL.due(at(2026, 2, 13, 15, 30), Decimal("15.5"), "same_day") == at(2026, 2, 23, 17, 30)  # 15:30, then Tết
    assert CAL.due(at(2026, 11, 7, 10), 15, "same_day") == at(2026, 11, 9, 17, 30)  # received on a Saturday


def test_the_same_day_without_a_cut_off_ends_at_closing():
    # "Ngay trong ngày làm việc": 24 stands for no cut-off stated
    assert CAL.due(at(2026, 11, 2, 17), 24, "same_day") == at(2026, 11, 2, 17, 30)
    assert CAL.due(at(2026, 11, 2, 17, 30), 24, "same_day") == at(2026, 11, 3, 17, 30)  # received at closing
    assert CAL.due(at(2026, 11, 2, 20), 24, "same_day") == at(2026, 11, 3, 17, 30)


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
    st.sampled_from([Decimal(15), Decimal("15.5"), Decimal(16), Decimal(24)]),
)
def test_a_same_day_limit_ends_at_a_closing_no_later_than_the_next_working_day(day, hour, minute, cutoff):
    received = at(day.year, day.month, day.day, hour, minute)
    due = CAL.due(received, cutoff, "same_day")
    assert due > received and due.timetz().replace(tzinfo=None) == time(17, 30) and CAL.is_working_day(due.date())
    day = received.date()
    first = day if CAL.is_working_day(day) else CAL.next_working_day(day)
    following = CAL.next_working_day(first + timedelta(days=1))
    assert due.date() in (first, following)


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="không hỗ trợ"):
        CAL.due(at(2026, 11, 2, 9), 1, "weeks")


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
    assert own.due(at(2026, 11, 19, 14), 15, "same_day") == at(2026, 11, 19, 17)  # its own closing
    assert own.is_working_day(date(2026, 11, 21))
    assert own.due(at(2026, 11, 19, 16), 1, "working_days") == at(2026, 11, 21, 16)
    assert own.closing_of(date(2026, 11, 21)) == at(2026, 11, 21, 17)
