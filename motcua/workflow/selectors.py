from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from motcua.workflow.calendar import WorkingCalendar
from motcua.workflow.models import Apology, DayException, OfficeHours, Transfer

if TYPE_CHECKING:
    from django.core.paginator import Page, Paginator
    from django.db.models import Q, QuerySet
    from django.db.models.expressions import OrderBy

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Agency


def calendar_for(agency: Agency | None = None) -> WorkingCalendar:
    """The agency's working calendar: its office hours (or the city's), the national calendar,
    and the exceptions admins entered — the agency's own over the city's."""
    return calendars_for([agency.pk if agency is not None else None])[agency.pk if agency is not None else None]


def calendars_for(agency_ids: Collection[int | None]) -> dict[int | None, WorkingCalendar]:
    """Calendars of several agencies (``None``: the city's) in two queries."""
    from django.db.models import Q

    ids = {i for i in agency_ids if i is not None}
    hours = {h.agency_id: h for h in OfficeHours.objects.filter(Q(agency__isnull=True) | Q(agency__in=ids))}
    exceptions = list(DayException.objects.filter(Q(agency__isnull=True) | Q(agency__in=ids)).order_by("agency_id"))
    calendars: dict[int | None, WorkingCalendar] = {}
    for agency_id in set(agency_ids):
        own = hours.get(agency_id) or hours.get(None)
        periods = (
            ((own.morning_start, own.morning_end), (own.afternoon_start, own.afternoon_end))
            if own
            else WorkingCalendar.periods
        )
        days = {e.day: e.is_working for e in exceptions if e.agency_id is None}
        days.update({e.day: e.is_working for e in exceptions if agency_id is not None and e.agency_id == agency_id})
        calendars[agency_id] = WorkingCalendar(
            periods=periods,
            working=frozenset(day for day, working in days.items() if working),
            off=frozenset(day for day, working in days.items() if not working),
        )
    return calendars


# --- the officers' queues -------------------------------------------------------------------------
PAGE_SIZE = 50
COUNT_CAP = 10_000


class KnownCountPaginator:
    """Django's Paginator, told the number of rows instead of counting them again."""

    # A Paginator, not an instance of this class: mypy wants __new__ to return one of its own.
    def __new__(cls, object_list: QuerySet[Dossier], per_page: int, count: int) -> Paginator[Dossier]:  # type: ignore[misc]
        from django.core.paginator import Paginator

        paginator = Paginator(object_list, per_page)
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
        return paginator


def queues_for(officer: User, *, state: str = "", due: str = "") -> list[dict]:
    """The work waiting for this officer, queue by queue as their roles give it: each with its
    title, key, number of dossiers and the queryset (filtered by state and due date, earliest
    due first)."""
    from datetime import timedelta

    from django.db.models import F, Q
    from django.utils import timezone

    from motcua.accounts.models import Role
    from motcua.dossiers import lifecycle
    from motcua.dossiers.models import Dossier, Stage, Status

    memberships = list(officer.memberships.all())
    agencies = {m.agency_id for m in memberships if m.agency_id}
    roles = {m.role for m in memberships}
    base = Dossier.objects.exclude(status=Status.DRAFT)
    if not (roles & {Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN}):
        base = base.filter(agency__in=agencies)
    if state.isdigit():
        base = base.filter(status=int(state))
    now = timezone.now()
    if due == "qua-han":
        base = base.filter(due_at__lt=now, returned_at__isnull=True)
    elif due == "tuan-nay":
        base = base.filter(due_at__gte=now, due_at__lt=now + timedelta(days=7))
    order: list[OrderBy | str] = [F("due_at").asc(nulls_last=True), "submitted_at", "pk"]
    queues = []

    def add(title: str, condition: Q, key: str, source: QuerySet[Dossier] | None = None) -> None:
        dossiers = (source if source is not None else base).filter(condition).order_by(*order)
        # Counting stops at COUNT_CAP: a city-wide queue says "10.000+" instead of scanning it all.
        count = dossiers.order_by()[: COUNT_CAP + 1].count()
        queues.append({"title": title, "key": key, "dossiers": dossiers, "count": count, "more": count > COUNT_CAP})

    if Role.RECEPTION in roles:
        add("Chờ tiếp nhận", Q(status=Status.SUBMITTED), "tiep-nhan")
        add("Người dân xin rút hồ sơ", Q(status=Status.WITHDRAW_REQUESTED), "rut")
        add("Chờ người dân bổ sung", Q(status=Status.SUPPLEMENT), "bo-sung")
        add("Chờ người dân nộp phí", Q(status=Status.PAYMENT), "nop-phi")
        add("Chờ trả kết quả", Q(status=Status.FINISHED), "tra-ket-qua")
    if roles & {Role.RECEPTION, Role.LEADER}:
        # Received, or in processing with nobody holding it (a specialist who left, old data).
        add(
            "Chờ phân công xử lý",
            Q(status=Status.RECEIVED) | Q(status=Status.PROCESSING, stage=Stage.PROCESSING, assignee__isnull=True),
            "phan-cong",
        )
    if Role.SPECIALIST in roles:
        add("Hồ sơ tôi đang xử lý", Q(status=Status.PROCESSING, stage=Stage.PROCESSING, assignee=officer), "xu-ly")
    if agencies:
        # Sent here by other agencies for a part of the work: not in the agency filter above.
        add(
            "Liên thông đến cơ quan tôi",
            Q(pk__in=Transfer.objects.filter(to_agency__in=agencies, answered_at__isnull=True).values("dossier")),
            "lien-thong",
            source=Dossier.objects.filter(status__in=lifecycle.OPEN),
        )
    if Role.LEADER in roles:
        add("Chờ phê duyệt, ký", Q(status=Status.PROCESSING, stage=Stage.APPROVAL), "phe-duyet")
        add(
            "Văn bản xin lỗi chờ ký",
            Q(pk__in=Apology.objects.filter(signed_at__isnull=True).values("dossier")),
            "xin-loi",
        )
    if roles & {Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN}:
        add(
            "Đang giải quyết (toàn bộ)",
            Q(status__in=lifecycle.OPEN),
            "tat-ca",
        )
    return queues


def inbox_page(
    officer: User, *, queue: str = "", state: str = "", due: str = "", page: int | str | None = 1
) -> tuple[list[dict], dict | None, Page[Dossier] | None]:
    """The queues with their counts, and one page of the chosen queue (the first by default),
    each row marked early / due soon / late."""
    from django.utils import timezone

    queues = queues_for(officer, state=state, due=due)
    chosen = next((q for q in queues if q["key"] == queue), queues[0] if queues else None)
    if chosen is None:
        return queues, None, None
    rows = KnownCountPaginator(
        chosen["dossiers"].select_related("procedure", "agency", "assignee"), PAGE_SIZE, min(chosen["count"], COUNT_CAP)
    ).get_page(page)
    now = timezone.now()
    calendars = calendars_for([dossier.agency_id for dossier in rows])
    for dossier in rows:
        # The row's colour, for the page and the API: an attribute of the row, not a field.
        dossier.timeliness = timeliness(dossier, now, calendars[dossier.agency_id])  # type: ignore[attr-defined]
    return queues, chosen, rows


def timeliness(dossier: Dossier, now: datetime | None = None, calendar: WorkingCalendar | None = None) -> str:
    """early / on time / late for the colour of a row: "late" once the due date has passed,
    "soon" within one working day of it, else "ok"."""
    from django.utils import timezone

    now = now or timezone.now()
    if dossier.due_at is None:
        return "none"
    end = dossier.returned_at or dossier.finished_at or now
    if end > dossier.due_at:
        return "late"
    if (calendar or calendar_for(dossier.agency)).working_minutes_between(end, dossier.due_at) <= 480:
        return "soon"
    return "ok"


def holders(dossier: Dossier) -> list[User]:
    """The officers in whose working queue the dossier now waits (queues_for): the specialist
    holding it, else the one-stop officers (and the leaders, to assign it or sign it)."""
    from motcua.accounts.models import Role
    from motcua.accounts.selectors import officers
    from motcua.dossiers.models import Stage, Status

    if dossier.status == Status.PROCESSING and dossier.stage == Stage.PROCESSING and dossier.assignee is not None:
        return [dossier.assignee]
    if dossier.status == Status.PROCESSING and dossier.stage == Stage.APPROVAL:
        return list(officers(dossier.submitted_to, Role.LEADER))
    roles: Sequence[str] = {
        Status.SUBMITTED: [Role.RECEPTION],
        Status.RECEIVED: [Role.RECEPTION, Role.LEADER],
        Status.PROCESSING: [Role.RECEPTION, Role.LEADER],  # processing with nobody assigned
        Status.WITHDRAW_REQUESTED: [Role.RECEPTION],
        Status.FINISHED: [Role.RECEPTION],
    }.get(Status(dossier.status), [])
    return list(officers(dossier.submitted_to, *roles)) if roles else []


def register_entries(agency: Agency, start: date, end: date) -> QuerySet[Dossier]:
    """Slip 07's rows: the agency's dossiers submitted between two dates (inclusive)."""
    from datetime import datetime, time

    from django.utils import timezone

    from motcua.dossiers.models import Dossier, Status

    begin = timezone.make_aware(datetime.combine(start, time.min))
    finish = timezone.make_aware(datetime.combine(end, time.max))
    return (
        Dossier.objects.filter(agency=agency, submitted_at__range=(begin, finish))
        .exclude(status=Status.DRAFT)
        .select_related("procedure", "applicant")
        .order_by("submitted_at")
    )
