"""Keeping the monthly tallies true.

A change to a dossier (a status event, a payment, a rating, an answer to feedback, a status the
national portal acknowledged) marks the months it touches as stale for its agency, in the same
transaction; the worker then counts those months again from the dossiers themselves. Counting
one agency's month is a few grouped queries over a few hundred dossiers, so the tallies follow
the dossiers within seconds and the dashboards never count a million rows.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, cast

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.catalogue.models import Channel as CatalogueChannel
from motcua.catalogue.models import Fee, OnlineLevel, Procedure, RequiredDocument, Step
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Channel, Dossier, DossierFile, IssuedDocument, Status
from motcua.engagement.models import Feedback, Rating
from motcua.exchange.models import StatusUpdate
from motcua.indicators.models import COUNTS, PER_PERIOD, AgencyMonth, ProcedureMonth, Stale
from motcua.payments.models import Payment
from motcua.units.models import Agency

ONLINE_CHANNELS = [Channel.ONLINE, Channel.NATIONAL_PORTAL]
# Received and not yet finished (a dossier waiting for reception is nobody's backlog yet).
OPEN_STATUSES = sorted(lifecycle.OPEN - {Status.SUBMITTED})
DONE_STATUSES = sorted(lifecycle.DONE)
REISSUE = Q(procedure__name__icontains="cấp lại")


def month_of(moment: datetime | date) -> date:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return date(local.year, local.month, 1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def bounds(month: date) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next one, in Vietnam's time."""
    tz = timezone.get_current_timezone()
    return (
        datetime(month.year, month.month, 1, tzinfo=tz),
        datetime.combine(next_month(month), datetime.min.time(), tzinfo=tz),
    )


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


# Marking -----------------------------------------------------------------------------------


def mark(agency_id: int | None, *moments: datetime | date | None) -> None:
    """The months of ``moments`` (and every month since the earliest of them: a dossier still
    open counts in each month-end backlog) are stale for the agency. Call inside the change's
    transaction; the worker counts them again after it commits."""
    dates = [m for m in moments if m is not None]
    if agency_id is None or not dates:
        return
    months = months_between(min(month_of(m) for m in dates), month_of(timezone.now()))
    Stale.objects.bulk_create([Stale(agency_id=agency_id, month=m) for m in months])
    transaction.on_commit(_enqueue, robust=True)


def mark_dossier(dossier_id: int) -> None:
    row = Dossier.objects.filter(pk=dossier_id).values("agency_id", "received_at", "finished_at").first()
    if row is not None:
        mark(row["agency_id"], row["received_at"], row["finished_at"], timezone.now())


def _enqueue() -> None:
    from motcua.indicators.tasks import refresh_stale

    refresh_stale.enqueue()


# Counting ----------------------------------------------------------------------------------


def refresh_stale(limit: int = 500) -> int:
    """Counts again the stale months (up to ``limit`` of them); several workers share the work. A
    worker takes its notes off the list first, so a change made while it counts notes the month
    again; if counting fails, the notes go back. Returns how many agency-months were counted."""
    done = 0
    while done < limit:
        with transaction.atomic():
            batch = list(
                Stale.objects.select_for_update(skip_locked=True).order_by("pk").only("month", "agency_id")[:500]
            )
            Stale.objects.filter(pk__in=[s.pk for s in batch]).delete()
        if not batch:
            break
        by_month = defaultdict(set)
        for stale in batch:
            by_month[stale.month].add(stale.agency_id)
        try:
            for month in sorted(by_month):
                recount(month, sorted(by_month[month]))
        except Exception:
            Stale.objects.bulk_create(
                [Stale(agency_id=agency, month=month) for month, agencies in by_month.items() for agency in agencies]
            )
            raise
        done += sum(len(agencies) for agencies in by_month.values())
    return done


@transaction.atomic
def recount(month: date, agency_ids: Sequence[int] | None = None) -> int:
    """Writes the month's tallies of these agencies (all when None) from the dossiers, ratings and
    feedback themselves. Returns the number of procedure rows written. Two workers counting the
    same agency take turns (a lock on the agency's row that does not stop dossiers referring to it)."""
    locked = Agency.objects.select_for_update(no_key=True).order_by("pk")
    list((locked if agency_ids is None else locked.filter(pk__in=agency_ids)).values_list("pk", flat=True))
    start, end = bounds(month)
    scope = {} if agency_ids is None else {"agency_id__in": list(agency_ids)}
    rows: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))

    def add(queryset: QuerySet[Any, Any], key: tuple[str, str] = ("agency_id", "procedure_id")) -> None:
        for row in queryset:
            counts = rows[(row.pop(key[0]), row.pop(key[1]))]
            for name, value in row.items():
                counts[name] += value or 0

    dossiers = Dossier.objects.filter(**scope)
    files = DossierFile.objects.filter(dossier=OuterRef("pk"), removed_at__isnull=True)
    electronic_result = Exists(
        IssuedDocument.objects.filter(dossier=OuterRef("pk"), kind=IssuedDocument.Kind.RESULT, signed=True)
    )
    add(
        dossiers.filter(received_at__gte=start, received_at__lt=end)
        .values("agency_id", "procedure_id")
        .annotate(
            received=Count("pk"),
            received_online=Count("pk", filter=Q(channel__in=ONLINE_CHANNELS)),
            digitized=Count("pk", filter=Exists(files)),
            reused=Count("pk", filter=Exists(files.filter(reused=True))),
            to_store=Count("pk", filter=Exists(files.filter(store_item__isnull=False)) | electronic_result),
            synced=Count(
                "pk",
                filter=Exists(
                    StatusUpdate.objects.filter(portal__dossier=OuterRef("pk"), state=StatusUpdate.State.SENT)
                ),
            ),
            charged=Count("pk", filter=Exists(Payment.objects.filter(dossier=OuterRef("pk")))),
            paid_online=Count(
                "pk", filter=Exists(Payment.objects.filter(dossier=OuterRef("pk"), state=Payment.State.PAID))
            ),
        )
    )
    tz = timezone.get_current_timezone()
    add(
        dossiers.filter(status__in=DONE_STATUSES, finished_at__gte=start, finished_at__lt=end)
        .annotate(finished_day=TruncDate("finished_at", tzinfo=tz), received_day=TruncDate("received_at", tzinfo=tz))
        .values("agency_id", "procedure_id")
        .annotate(
            finished=Count("pk"),
            finished_on_time=Count("pk", filter=Q(due_at__isnull=True) | Q(finished_at__lte=F("due_at"))),
            results_electronic=Count("pk", filter=electronic_result),
            reissue_finished=Count("pk", filter=REISSUE),
            reissue_same_day=Count("pk", filter=REISSUE & Q(finished_day=F("received_day"))),
        )
    )
    # The backlog when the month ended (for the running month: now), and how much of it was late.
    cut = min(end, timezone.now())
    add(
        dossiers.filter(received_at__lt=cut)
        .filter(
            Q(status__in=OPEN_STATUSES, finished_at__isnull=True) | Q(status__in=DONE_STATUSES, finished_at__gte=cut)
        )
        .values("agency_id", "procedure_id")
        .annotate(
            open_at_end=Count("pk"),
            open_late_at_end=Count("pk", filter=Q(due_at__lt=cut)),
        )
    )
    add(
        Rating.objects.filter(**scope, created_at__gte=start, created_at__lt=end)
        .values("agency_id", "dossier__procedure_id")
        .annotate(
            ratings=Count("pk"),
            ratings_satisfied=Count("pk", filter=Q(overall__gte=4)),
            ratings_unhappy=Count("pk", filter=Q(overall__lte=2)),
        ),
        key=("agency_id", "dossier__procedure_id"),
    )
    add(
        Feedback.objects.filter(**scope, created_at__gte=start, created_at__lt=end)
        .values("agency_id", "procedure_id")
        .annotate(
            feedback=Count("pk"),
            feedback_on_time=Count(
                "pk", filter=Q(answered_at__lte=F("due_at")) | Q(answered_at__isnull=True, due_at__gte=cut)
            ),
        )
    )

    agencies = (
        list(agency_ids)
        if agency_ids is not None
        else list(Agency.objects.filter(is_active=True).values_list("pk", flat=True))
    )
    totals = {agency: dict.fromkeys(COUNTS, 0) for agency in agencies}
    for (agency, _), counts in rows.items():
        for name, value in counts.items():
            totals.setdefault(agency, dict.fromkeys(COUNTS, 0))[name] += value
    catalogue = catalogue_counts(agencies)
    per_period = _per_period(month, rows, agencies)
    ProcedureMonth.objects.filter(month=month, **scope).delete()
    AgencyMonth.objects.filter(month=month, **scope).delete()
    ProcedureMonth.objects.bulk_create(
        [
            ProcedureMonth(month=month, agency_id=agency, procedure_id=procedure, **counts)
            for (agency, procedure), counts in rows.items()
        ],
        batch_size=2000,
    )
    AgencyMonth.objects.bulk_create(
        [
            AgencyMonth(
                month=month, agency_id=agency, **counts, **catalogue.get(agency, {}), **per_period.get(agency, {})
            )
            for agency, counts in totals.items()
        ],
        batch_size=2000,
    )
    return len(rows)


def _per_period(month: date, rows: dict, agencies: list[int]) -> dict[int, dict]:
    """Per agency: procedures with online dossiers (among those offered online), with online
    payments, and the dossiers of the procedures that had online ones; in the month and from
    January through it (distinct procedures do not add up over months, so both are kept)."""
    this_month = {
        key: (c["received_online"], c["received"], c["paid_online"]) for key, c in rows.items() if key[1] is not None
    }
    year = dict(this_month)
    for row in (
        ProcedureMonth.objects.filter(
            agency_id__in=agencies, month__gte=month.replace(month=1), month__lt=month, procedure__isnull=False
        )
        .values("agency_id", "procedure_id")
        .annotate(online=Sum("received_online"), received=Sum("received"), paid=Sum("paid_online"))
    ):
        key = (row["agency_id"], row["procedure_id"])
        online, received, paid = year.get(key, (0, 0, 0))
        year[key] = (online + row["online"], received + row["received"], paid + row["paid"])
    offered = set(
        Procedure.objects.filter(
            pk__in={procedure for _, procedure in year}, online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]
        ).values_list("pk", flat=True)
    )
    names = [*PER_PERIOD, *(f"{name}_ytd" for name in PER_PERIOD)]
    out = {agency: dict.fromkeys(names, 0) for agency in agencies}
    for suffix, figures in (("", this_month), ("_ytd", year)):
        for (agency, procedure), (online, received, paid) in figures.items():
            counts = out.setdefault(agency, dict.fromkeys(names, 0))
            if online:
                counts[f"services_receiving{suffix}"] += procedure in offered
                counts[f"receiving_received{suffix}"] += received
                counts[f"receiving_online{suffix}"] += online
            if paid:
                counts[f"services_paid{suffix}"] += 1
    return out


def catalogue_counts(agency_ids: list[int]) -> dict[int, dict]:
    """Per agency, the published procedures it performs: how many, online, fully online,
    complete (steps, channels, documents, time limit, applicants, performing agency), with a
    fee, with a fee and online."""
    ref = OuterRef("procedure_id")
    with_fee = Exists(Fee.objects.filter(procedure=ref, amount__gt=0))
    online = Q(procedure__online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL])
    complete = (
        Exists(Step.objects.filter(procedure=ref))
        & Exists(RequiredDocument.objects.filter(procedure=ref))
        & Exists(CatalogueChannel.objects.filter(procedure=ref))
        & (Q(procedure__time_value__isnull=False) | ~Q(procedure__time_text=""))
        & ~Q(procedure__applicant_types_text="")
        & ~Q(procedure__performing_agency_text="")
    )
    links = Procedure.agencies.through.objects.filter(
        agency_id__in=agency_ids, procedure__status=Procedure.Status.PUBLISHED
    )
    # A TypedDict row cannot be popped: the rows as the plain dicts they are.
    rows = cast(
        "QuerySet[Any, dict[str, Any]]",
        links.values("agency_id").annotate(
            procedures=Count("pk"),
            procedures_online=Count("pk", filter=online),
            procedures_full=Count("pk", filter=Q(procedure__online_level=OnlineLevel.FULL)),
            procedures_complete=Count("pk", filter=complete),
            fee_procedures=Count("pk", filter=with_fee),
            fee_procedures_online=Count("pk", filter=with_fee & online),
        ),
    )
    return {row.pop("agency_id"): row for row in rows}


def rebuild(
    first: date | None = None, last: date | None = None, *, report: Callable[[date, int], object] | None = None
) -> int:
    """Counts every agency's months from ``first`` (the first dossier) to ``last`` (this month)."""
    if first is None:
        earliest = (
            Dossier.objects.filter(received_at__isnull=False)
            .order_by("received_at")
            .values_list("received_at", flat=True)
            .first()
        )
        first = month_of(earliest) if earliest else month_of(timezone.now())
    last = last or month_of(timezone.now())
    started, written = timezone.now(), 0
    for month in months_between(first, last):
        written += recount(month)
        if report:
            report(month, written)
    Stale.objects.filter(month__gte=first, month__lte=last, marked_at__lte=started).delete()
    return written
