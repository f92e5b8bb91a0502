from motcua.workflow.calendar import WorkingCalendar
from motcua.workflow.models import DayException, OfficeHours


def calendar_for(agency=None) -> WorkingCalendar:
    """The agency's working calendar: its office hours (or the city's), the national calendar,
    and the exceptions admins entered — the agency's own over the city's."""
    hours = None
    if agency is not None:
        hours = OfficeHours.objects.filter(agency=agency).first()
    hours = hours or OfficeHours.objects.filter(agency__isnull=True).first()
    periods = (
        ((hours.morning_start, hours.morning_end), (hours.afternoon_start, hours.afternoon_end))
        if hours
        else WorkingCalendar.periods
    )
    days = {}
    for exception in DayException.objects.filter(agency__isnull=True):
        days[exception.day] = exception.is_working
    if agency is not None:
        for exception in DayException.objects.filter(agency=agency):
            days[exception.day] = exception.is_working
    return WorkingCalendar(
        periods=periods,
        working=frozenset(day for day, working in days.items() if working),
        off=frozenset(day for day, working in days.items() if not working),
    )
