"""Reading the indicators: figures for a scope (the city, a ward, an agency) over a period (a
month or the year to date), from the monthly tallies, the catalogue and the live backlog."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import catalogue_stats
from motcua.dossiers.models import Dossier
from motcua.indicators import formulas
from motcua.indicators.models import FLOWS, PER_PERIOD, STOCKS, AgencyMonth, ProcedureMonth, Target
from motcua.indicators.services import OPEN_STATUSES, bounds, month_of, months_between
from motcua.units.models import Agency

SOON_DAYS = 2

if TYPE_CHECKING:
    # The rows of values(...).annotate(**figures): the stubs know the keys of values(), not those
    # of an annotate(**mapping), and they type a row as a TypedDict, which cannot be popped.
    FigureRows = QuerySet[Any, dict[str, Any]]


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None  # None: the year to date

    @classmethod
    def parse(cls, text: str | None, today: date | None = None, *, strict: bool = False) -> "Period":
        """ "2026-11" (a month), "2026" (January to this month, or the whole of a past year);
        nothing: the year to date. Anything else is the year to date too, or with ``strict``
        a ValueError."""
        today = today or timezone.localdate()
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", (text or "").strip())
        if match:
            year, month = int(match[1]), int(match[2]) if match[2] else None
            if (
                2000 <= year <= today.year
                and (month is None or 1 <= month <= 12)
                and date(year, month or 1, 1) <= today
            ):
                return cls(year, month)
        if strict and text:
            raise ValueError("Kỳ báo cáo phải có dạng NNNN (năm) hoặc NNNN-TT (tháng), không ở tương lai.")
        return cls(today.year)

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def last(self) -> date:
        if self.month:
            return self.first
        today = timezone.localdate()
        return month_of(today) if self.year == today.year else date(self.year, 12, 1)

    @property
    def months(self) -> list[date]:
        return months_between(self.first, self.last)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def label(self) -> str:
        if self.month:
            return f"Tháng {self.month:02d}/{self.year}"
        return f"Năm {self.year}" + (f" (đến tháng {self.last.month:02d})" if self.last.month < 12 else "")

    @property
    def running(self) -> bool:
        return self.last == month_of(timezone.localdate())

    def previous(self) -> "Period":
        return (
            Period(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)
            if self.month
            else Period(self.year - 1)
        )


# Scopes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The agencies whose figures add up: all (the city), those of one ward or commune, or one."""

    name: str
    agencies: tuple[int, ...] | None  # None: every agency
    agency: Agency | None = None

    @classmethod
    def city(cls) -> "Scope":
        return cls("Toàn thành phố", None)

    @classmethod
    def of_agency(cls, agency: Agency) -> "Scope":
        return cls(agency.name, (agency.pk,), agency)

    def filter[M: models.Model](self, queryset: QuerySet[M], field: str = "agency_id") -> QuerySet[M]:
        return queryset if self.agencies is None else queryset.filter(**{f"{field}__in": self.agencies})


# Figures -----------------------------------------------------------------------------------


def _end_of_period(period: Period) -> dict:
    """What to read from the period's last month for the figures that do not add up: the
    backlog and the catalogue as they stood, and the per-procedure counts of the month or, for
    the year to date, of January through it."""
    suffix = "" if period.month else "_ytd"
    return {**{name: Sum(name) for name in STOCKS}, **{name: Sum(f"{name}{suffix}") for name in PER_PERIOD}}


def _live_backlog() -> dict:
    """Aggregates over open dossiers: the backlog as it is now, and how much of it is late."""
    return {"open_at_end": Count("pk"), "open_late_at_end": Count("pk", filter=Q(due_at__lt=timezone.now()))}


def figures(scope: Scope, period: Period) -> dict:
    """Every figure of the scope over the period, from the monthly tallies (and, for the running
    month, the backlog as it is now)."""
    months = scope.filter(AgencyMonth.objects.all())
    f = months.filter(month__gte=period.first, month__lte=period.last).aggregate(**{name: Sum(name) for name in FLOWS})
    f.update(months.filter(month=period.last).aggregate(**_end_of_period(period)))
    if period.running:
        f.update(scope.filter(Dossier.objects.filter(status__in=OPEN_STATUSES)).aggregate(**_live_backlog()))
    return {name: value or 0 for name, value in f.items()}


def scorecard(scope: Scope, period: Period) -> formulas.Scorecard:
    return formulas.score(figures(scope, period))


# Targets -----------------------------------------------------------------------------------


def _percent(numerator: float, denominator: float) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def measures(f: dict) -> dict:
    """The city's target measures, in percent, from the figures."""
    return {
        Target.Measure.SERVICES_RECEIVING: _percent(f["services_receiving"], f["procedures_online"]),
        Target.Measure.ONLINE_SHARE_OF_RECEIVING: _percent(f["receiving_online"], f["receiving_received"]),
        Target.Measure.ONLINE_SHARE: _percent(f["received_online"], f["received"]),
        Target.Measure.FULL_ONLINE: _percent(f["procedures_full"], f["procedures_online"]),
        Target.Measure.REISSUE_SAME_DAY: _percent(f["reissue_same_day"], f["reissue_finished"]),
        Target.Measure.RESULTS_DIGITIZED: _percent(f["results_electronic"], f["finished"]),
        Target.Measure.ON_TIME: _percent(f["finished_on_time"], f["finished"]),
        Target.Measure.PAID_ONLINE: _percent(f["paid_online"], f["charged"]),
        Target.Measure.SATISFIED: _percent(f["ratings_satisfied"], f["ratings"]),
    }


def targets(f: dict, year: int) -> list[dict]:
    """The targets in force for the year (the latest year's set not after it), each with the actual."""
    chosen = Target.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    if chosen is None:
        return []
    actual = measures(f)
    return [
        {
            "target": t,
            "actual": actual[t.measure],
            "met": actual[t.measure] is not None and Decimal(str(actual[t.measure])) >= t.percent,
        }
        for t in Target.objects.filter(year=chosen).order_by("measure")
    ]


# Breakdowns --------------------------------------------------------------------------------


def trend(scope: Scope, last: date, months: int = 12) -> list[dict]:
    """Month by month up to ``last``: dossiers received, finished, the on-time and online shares
    and the total score. One query: every month's own row holds its month-end figures."""
    first = last
    for _ in range(months - 1):
        first = date(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, 1)
    rows = {
        row.pop("month"): row
        for row in cast(
            "FigureRows",
            scope.filter(AgencyMonth.objects.filter(month__gte=first, month__lte=last))
            .values("month")
            .annotate(**{name: Sum(name) for name in [*FLOWS, *STOCKS, *PER_PERIOD]}),
        )
    }
    out = []
    for month in months_between(first, last):
        f = {
            name: value or 0
            for name, value in rows.get(month, dict.fromkeys([*FLOWS, *STOCKS, *PER_PERIOD], 0)).items()
        }
        out.append(
            {
                "month": month,
                "label": f"{month.month:02d}/{month.year}",
                "received": f["received"],
                "finished": f["finished"],
                "on_time": _percent(f["finished_on_time"], f["finished"]),
                "online": _percent(f["received_online"], f["received"]),
                "points": formulas.score(f).points,
            }
        )
    return out


def by_agency(scope: Scope, period: Period) -> list[dict]:
    """One row per agency in the scope with dossiers or a backlog: figures and score, best first."""
    months = scope.filter(AgencyMonth.objects.all())
    figures_of: defaultdict[int, dict[str, Any]] = defaultdict(lambda: dict.fromkeys([*FLOWS, *STOCKS, *PER_PERIOD], 0))
    for row in cast(
        "FigureRows",
        months.filter(month__gte=period.first, month__lte=period.last)
        .values("agency_id")
        .annotate(**{name: Sum(name) for name in FLOWS}),
    ):
        figures_of[row.pop("agency_id")].update(row)
    for row in cast(
        "FigureRows", months.filter(month=period.last).values("agency_id").annotate(**_end_of_period(period))
    ):
        figures_of[row.pop("agency_id")].update(row)
    if period.running:
        for row in cast(
            "FigureRows",
            scope.filter(Dossier.objects.filter(status__in=OPEN_STATUSES))
            .values("agency_id")
            .annotate(**_live_backlog()),
        ):
            figures_of[row.pop("agency_id")].update(row)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=list(figures_of)).select_related("unit")}
    out: list[dict[str, Any]] = []
    for pk, f in figures_of.items():
        if pk not in agencies or not (f["received"] or f["finished"] or f["open_at_end"]):
            continue
        card = formulas.score(f)
        out.append(
            {
                "agency": agencies[pk],
                "figures": f,
                "card": card,
                "points": card.points,
                "on_time": _percent(f["finished_on_time"], f["finished"]),
                "online": _percent(f["received_online"], f["received"]),
            }
        )
    out.sort(key=lambda r: (-r["points"], r["agency"].name))
    return out


def by_procedure(agency: Agency, period: Period, procedure: Procedure | None = None) -> list[dict]:
    """The agency's figures per procedure over the period (one procedure's when given), busiest first."""
    rows = ProcedureMonth.objects.filter(
        agency=agency, month__gte=period.first, month__lte=period.last, procedure__isnull=False
    )
    if procedure is not None:
        rows = rows.filter(procedure=procedure)
    grouped = cast(
        "FigureRows",
        rows.values("procedure__code", "procedure__name", "procedure__online_level")
        .annotate(
            **{
                name: Sum(name)
                for name in (
                    "received",
                    "received_online",
                    "finished",
                    "finished_on_time",
                    "results_electronic",
                    "paid_online",
                )
            }
        )
        .order_by("-received", "procedure__code"),
    )
    return [
        {
            **r,
            "on_time": _percent(r["finished_on_time"], r["finished"]),
            "online": _percent(r["received_online"], r["received"]),
        }
        for r in grouped
    ]


def dossiers(
    agency: Agency, period: Period, procedure: Procedure | None = None, which: str = "received"
) -> QuerySet[Dossier]:
    """The dossiers behind a figure: received in the period, finished late, or in progress late.
    Codes, states and dates only: who applied is for the officers handling each dossier."""
    start, end = _bounds(period)
    queryset = Dossier.objects.filter(agency=agency).only("code", "status", "received_at", "due_at", "finished_at")
    if procedure is not None:
        queryset = queryset.filter(procedure=procedure)
    if which == "late":
        queryset = queryset.filter(finished_at__gte=start, finished_at__lt=end, finished_at__gt=F("due_at"))
    elif which == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    else:
        queryset = queryset.filter(received_at__gte=start, received_at__lt=end)
    return queryset.order_by("-received_at", "-pk")


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return bounds(period.first)[0], bounds(period.last)[1]


def due(scope: Scope, now: datetime | None = None) -> dict:
    """Dossiers in progress past their due date, and due within the next two days."""
    now = now or timezone.now()
    open_ = scope.filter(Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)).select_related(
        "agency", "procedure"
    )
    overdue, soon = Q(due_at__lt=now), Q(due_at__gte=now, due_at__lt=now + timedelta(days=SOON_DAYS))
    counts = open_.aggregate(overdue_count=Count("pk", filter=overdue), soon_count=Count("pk", filter=soon))
    return {
        "overdue": open_.filter(overdue).order_by("due_at")[:50],
        "soon": open_.filter(soon).order_by("due_at")[:50],
        **counts,
    }


def public(period: Period) -> dict:
    """What anyone may see (like the national portal's statistics): no personal data. The
    procedures are the city's catalogue, each counted once."""
    f = figures(Scope.city(), period)
    catalogue = catalogue_stats()
    return {
        "received": f["received"],
        "received_online": f["received_online"],
        "finished": f["finished"],
        "finished_on_time": f["finished_on_time"],
        "on_time": _percent(f["finished_on_time"], f["finished"]),
        "online": _percent(f["received_online"], f["received"]),
        "open": f["open_at_end"],
        "procedures": catalogue["procedures"],
        "procedures_online": catalogue["online_full"] + catalogue["online_partial"],
        "procedures_full": catalogue["online_full"],
    }
