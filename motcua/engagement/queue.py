"""Queue tickets at a service point: take a number, be called to a counter, followed on a phone
and on the hall's display. Numbers start again each day (per lĩnh vực); calling takes the
longest-waiting ticket of the fields the counter serves, under a row lock, so two counters never
call the same person."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from motcua.core.sequences import advance
from motcua.engagement.models import Duty, QueueService, Ticket, TicketSequence

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.units.models import Agency, Counter


@transaction.atomic
def take_ticket(service: QueueService) -> Ticket:
    if not service.is_active:
        raise ValidationError("Lĩnh vực này hiện không phát số.")
    now = timezone.now()
    day = timezone.localdate(now)
    number = advance(TicketSequence, service=service, day=day)
    return Ticket.objects.create(
        origin=service, service=service, day=day, number=number, public_id=uuid.uuid4(), queued_at=now
    )


def _duty_counter(officer: User) -> Counter:
    duty = Duty.objects.select_related("counter__agency").filter(officer=officer, ended_at__isnull=True).first()
    if duty is None:
        raise ValidationError("Bạn cần nhận trực một quầy trước khi gọi số (Trực quầy).")
    return duty.counter


def _current(counter: Counter) -> QuerySet[Ticket]:
    return Ticket.objects.filter(counter=counter, state=Ticket.State.CALLED)


@transaction.atomic
def call_next(officer: User) -> Ticket | None:
    """Finishes the person at the officer's counter and calls the next one waiting for the
    fields this counter serves (None when nobody waits)."""
    counter = _duty_counter(officer)
    now = timezone.now()
    _current(counter).update(state=Ticket.State.DONE, finished_at=now)
    waiting = (
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(
            service__counters=counter,
            state=Ticket.State.WAITING,
            day=timezone.localdate(now),
        )
        .order_by("queued_at", "pk")
    )
    ticket = waiting.first()
    if ticket is None:
        return None
    ticket.state, ticket.counter, ticket.officer, ticket.called_at, ticket.calls = (
        Ticket.State.CALLED,
        counter,
        officer,
        now,
        1,
    )
    ticket.save()
    return ticket


def _mine(officer: User, ticket: Ticket) -> Ticket:
    counter = _duty_counter(officer)
    ticket = Ticket.objects.select_for_update().select_related("origin", "service").get(pk=ticket.pk)
    if ticket.counter_id != counter.pk or ticket.state != Ticket.State.CALLED:
        raise PermissionDenied("Số này không đang được gọi tại quầy của bạn.")
    return ticket


@transaction.atomic
def recall(officer: User, ticket: Ticket) -> Ticket:
    ticket = _mine(officer, ticket)
    ticket.called_at, ticket.calls = timezone.now(), ticket.calls + 1
    ticket.save(update_fields=["called_at", "calls"])
    return ticket


def skip(officer: User, ticket: Ticket) -> Ticket:
    """The person did not come: their number is released (they may take a new one)."""
    return _close(officer, ticket, Ticket.State.SKIPPED)


def finish(officer: User, ticket: Ticket) -> Ticket:
    return _close(officer, ticket, Ticket.State.DONE)


@transaction.atomic
def _close(officer: User, ticket: Ticket, state: str) -> Ticket:
    ticket = _mine(officer, ticket)
    ticket.state, ticket.finished_at = state, timezone.now()
    ticket.save(update_fields=["state", "finished_at"])
    return ticket


@transaction.atomic
def transfer(officer: User, ticket: Ticket, to: QueueService) -> Ticket:
    """Sends the person to another field's queue with the same number, at its head (they have
    already waited once)."""
    ticket = _mine(officer, ticket)
    if to.agency_id != ticket.service.agency_id or not to.is_active or to.pk == ticket.service_id:
        raise ValidationError({"service": "Chỉ chuyển sang một lĩnh vực khác đang phát số tại cùng nơi."})
    ticket.service, ticket.state, ticket.counter, ticket.called_at = to, Ticket.State.WAITING, None, None
    ticket.queued_at = ticket.taken_at  # keeps their place by the time they first came
    ticket.save()
    return ticket


def current_at(counter: Counter) -> Ticket | None:
    return _current(counter).select_related("origin", "service").order_by("-called_at").first()


def kiosk_token(agency: Agency) -> str:
    from motcua.engagement.services import signed_link

    return signed_link("hall", agency.pk)


def agency_for_token(token: str) -> Agency | None:
    from motcua.engagement.services import from_link
    from motcua.units.models import Agency

    return from_link("hall", token, Agency.objects.filter(is_active=True))


# --- reading -------------------------------------------------------------------------------------


def ahead_of(ticket: Ticket) -> int:
    if ticket.state != Ticket.State.WAITING:
        return 0
    return (
        Ticket.objects.filter(service=ticket.service, day=ticket.day, state=Ticket.State.WAITING)
        .filter(Q(queued_at__lt=ticket.queued_at) | Q(queued_at=ticket.queued_at, pk__lt=ticket.pk))
        .count()
    )


def board(agency: Agency) -> dict:
    """What the hall's display shows: the number called at each counter (latest first) and how
    many wait per field. Two queries."""
    today = timezone.localdate()
    called = list(
        Ticket.objects.filter(service__agency=agency, day=today, state=Ticket.State.CALLED)
        .select_related("origin", "counter")
        .order_by("-called_at")
    )
    waiting = dict(
        Ticket.objects.filter(service__agency=agency, day=today, state=Ticket.State.WAITING)
        .values_list("service")
        .annotate(n=Count("pk"))
    )
    services = list(QueueService.objects.filter(agency=agency, is_active=True))
    return {"called": called, "waiting": [(s, waiting.get(s.pk, 0)) for s in services]}


def stats(agency: Agency, start: date, end: date) -> list[dict]:
    """Waiting (taken → called) and serving (called → finished) times per counter and field."""
    wait = ExpressionWrapper(F("called_at") - F("queued_at"), output_field=DurationField())
    serve = ExpressionWrapper(F("finished_at") - F("called_at"), output_field=DurationField())
    rows = (
        Ticket.objects.filter(service__agency=agency, day__gte=start, day__lte=end, called_at__isnull=False)
        .values("counter__number", "counter__name", "service__letter", "service__name")
        .annotate(
            served=Count("pk", filter=Q(state=Ticket.State.DONE)),
            skipped=Count("pk", filter=Q(state=Ticket.State.SKIPPED)),
            wait=Avg(wait),
            serve=Avg(serve, filter=Q(state=Ticket.State.DONE)),
        )
        .order_by("counter__number", "service__letter")
    )
    return [
        {
            "counter": f"Quầy {r['counter__number']} – {r['counter__name']}" if r["counter__number"] else "—",
            "service": f"{r['service__letter']} – {r['service__name']}",
            "served": r["served"],
            "skipped": r["skipped"],
            "wait_minutes": round(r["wait"].total_seconds() / 60, 1) if r["wait"] else None,
            "serve_minutes": round(r["serve"].total_seconds() / 60, 1) if r["serve"] else None,
        }
        for r in rows
    ]


def ensure_service_per_counter(agency: Agency) -> int:
    """A hall whose counters have no queue yet gets one field per counter (A, B, C …), named
    after what the counter receives; admins refine them later. Returns how many were made."""
    import string

    if QueueService.objects.filter(agency=agency).exists():
        return 0
    made = 0
    # 26 letters and any number of counters: counters past Z get no field of their own here.
    counters = agency.counters.filter(is_active=True).order_by("number")
    for letter, counter in zip(string.ascii_uppercase, counters, strict=False):
        service = QueueService.objects.create(agency=agency, letter=letter, name=counter.description or counter.name)
        service.counters.add(counter)
        made += 1
    return made


@transaction.atomic
def ensure_demo_hall(agency: Agency) -> None:
    """The demo ward's one-stop section: two counters and three fields."""
    from motcua.units.models import Counter

    if QueueService.objects.filter(agency=agency).exists():
        return
    first, _ = Counter.objects.get_or_create(agency=agency, number=1, defaults={"name": "Hộ tịch, chứng thực"})
    second, _ = Counter.objects.get_or_create(
        agency=agency, number=2, defaults={"name": "Đất đai, xây dựng, kinh doanh"}
    )
    for letter, name, counters in [
        ("A", "Hộ tịch", [first]),
        ("B", "Chứng thực", [first, second]),
        ("C", "Đất đai, xây dựng, kinh doanh", [second]),
    ]:
        QueueService.objects.create(agency=agency, letter=letter, name=name).counters.add(*counters)
