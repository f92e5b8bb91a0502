"""Reading the indicators: figures for a scope (the city, a ward, an agency) over a period (a
month or the year to date), from the monthly tallies, the catalogue and the live backlog."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from motcua.catalogue.models import Channel, Fee, OnlineLevel, Procedure, RequiredDocument, Step
from motcua.dossiers.models import Dossier
from motcua.indicators import formulas
from motcua.indicators.models import COUNTS, AgencyMonth, ProcedureMonth, Target
from motcua.indicators.services import OPEN_STATUSES, bounds, month_of, months_between
from motcua.units.models import Agency

ONLINE = [OnlineLevel.FULL, OnlineLevel.PARTIAL]
STOCKS = ("open_at_end", "open_late_at_end")  # a month-end backlog: taken from the period's last month, not added up
SOON_DAYS = 2


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None  # None: the year to date

    @classmethod
    def parse(cls, text: str | None, today: date | None = None, *, strict: bool = False) -> "Period":
        """"2026-11" (a month), "2026" (January to this month, or the whole of a past year);
        nothing: the year to date. Anything else is the year to date too, or with ``strict``
        a ValueError."""
        today = today or timezone.localdate()
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", (text or "").strip())
        if match:
            year, month = int(match[1]), int(match[2]) if match[2] else None
            if 2000 <= year <= today.year and (month is None or 1 <= month <= 12) and date(year, month or 1, 1) <= today:
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
        return Period(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1) if self.month else Period(self.year - 1)


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

    @classmethod
    def of_unit(cls, unit) -> "Scope":
        return cls(unit.name, tuple(Agency.objects.filter(unit=unit).values_list("pk", flat=True)))

    def filter(self, queryset, field: str = "agency_id"):
        return queryset if self.agencies is None else queryset.filter(**{f"{field}__in": self.agencies})


# Figures -----------------------------------------------------------------------------------

def _sum(queryset) -> dict:
    totals = queryset.aggregate(**{name: Sum(name) for name in COUNTS if name not in STOCKS})
    return {name: totals.get(name) or 0 for name in COUNTS if name not in STOCKS}


def _catalogue_counts(rows, procedure: str = "pk") -> dict:
    """The catalogue figures as aggregates over ``rows`` (procedures, or agency–procedure links)."""
    ref = OuterRef(procedure)
    field = "" if procedure == "pk" else "procedure__"
    with_fee = Exists(Fee.objects.filter(procedure=ref, amount__gt=0))
    online = Q(**{f"{field}online_level__in": ONLINE})
    complete = (Exists(Step.objects.filter(procedure=ref)) & Exists(RequiredDocument.objects.filter(procedure=ref))
                & Exists(Channel.objects.filter(procedure=ref))
                & (Q(**{f"{field}time_value__isnull": False}) | ~Q(**{f"{field}time_text": ""}))
                & ~Q(**{f"{field}applicant_types_text": ""}) & ~Q(**{f"{field}performing_agency_text": ""}))
    return dict(
        procedures=Count(procedure), procedures_online=Count(procedure, filter=online),
        procedures_full=Count(procedure, filter=Q(**{f"{field}online_level": OnlineLevel.FULL})),
        procedures_complete=Count(procedure, filter=complete),
        fee_procedures=Count(procedure, filter=with_fee), fee_procedures_online=Count(procedure, filter=with_fee & online),
    )


CATALOGUE_SECONDS = 600


def catalogue_by_agency() -> dict[int, dict]:
    """Per agency, the procedures it performs as published: how many, online, fully online,
    complete, with a fee, with a fee and online. One query, cached for ten minutes."""
    found = cache.get("indicators:catalogue:agencies")
    if found is None:
        links = Procedure.agencies.through.objects.filter(procedure__status=Procedure.Status.PUBLISHED)
        found = {row.pop("agency_id"): row for row in links.values("agency_id").annotate(**_catalogue_counts(links, "procedure_id"))}
        cache.set("indicators:catalogue:agencies", found, CATALOGUE_SECONDS)
    return found


def catalogue(scope: Scope) -> dict:
    """The catalogue figures of a scope: its agencies' procedures, each counted once."""
    empty = dict.fromkeys(_catalogue_counts(None), 0)
    if scope.agencies is not None and len(scope.agencies) == 1:
        return catalogue_by_agency().get(scope.agencies[0], empty)
    key = f"indicators:catalogue:{'all' if scope.agencies is None else hash(scope.agencies)}"
    found = cache.get(key)
    if found is None:
        performed = Procedure.objects.filter(status=Procedure.Status.PUBLISHED, agencies__isnull=False)
        if scope.agencies is not None:
            performed = performed.filter(agencies__in=scope.agencies)
        found = Procedure.objects.filter(pk__in=performed.values("pk")).aggregate(**_catalogue_counts(None))
        cache.set(key, found, CATALOGUE_SECONDS)
    return found


def backlog(scope: Scope, at=None) -> dict:
    """Dossiers in progress now, and how many of them are past their due date."""
    at = at or timezone.now()
    counts = scope.filter(Dossier.objects.filter(status__in=OPEN_STATUSES)).aggregate(
        open_at_end=Count("pk"), open_late_at_end=Count("pk", filter=Q(due_at__lt=at)))
    return counts


def _procedure_figures(scope: Scope, period: Period) -> dict:
    rows = scope.filter(ProcedureMonth.objects.filter(month__gte=period.first, month__lte=period.last, procedure__isnull=False))
    counted = rows.aggregate(
        services_receiving=Count("procedure", distinct=True, filter=Q(received_online__gt=0, procedure__online_level__in=ONLINE)),
        procedures_paid_online=Count("procedure", distinct=True, filter=Q(paid_online__gt=0)),
    )
    receiving = rows.values("procedure").annotate(online=Sum("received_online"), total=Sum("received")).filter(online__gt=0)
    shares = receiving.aggregate(receiving_online=Sum("online"), receiving_total=Sum("total"))
    return {**counted, "receiving_online": shares["receiving_online"] or 0, "receiving_total": shares["receiving_total"] or 0}


def figures(scope: Scope, period: Period) -> dict:
    f = _sum(scope.filter(AgencyMonth.objects.filter(month__gte=period.first, month__lte=period.last)))
    if period.running:
        f.update(backlog(scope))
    else:
        last = scope.filter(AgencyMonth.objects.filter(month=period.last)).aggregate(
            **{name: Sum(name) for name in STOCKS})
        f.update({name: last[name] or 0 for name in STOCKS})
    f.update(catalogue(scope))
    f.update(_procedure_figures(scope, period))
    return f


def scorecard(scope: Scope, period: Period) -> formulas.Scorecard:
    return formulas.score(figures(scope, period))


# Targets -----------------------------------------------------------------------------------

def _percent(numerator, denominator) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def measures(f: dict) -> dict:
    """The city's target measures, in percent, from the figures."""
    return {
        Target.Measure.SERVICES_RECEIVING: _percent(f["services_receiving"], f["procedures_online"]),
        Target.Measure.ONLINE_SHARE_OF_RECEIVING: _percent(f["receiving_online"], f["receiving_total"]),
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
    return [{"target": t, "actual": actual[t.measure], "met": actual[t.measure] is not None and Decimal(str(actual[t.measure])) >= t.percent}
            for t in Target.objects.filter(year=chosen).order_by("measure")]


# Breakdowns --------------------------------------------------------------------------------

def trend(scope: Scope, last: date, months: int = 12) -> list[dict]:
    """Month by month up to ``last``: dossiers received, finished, the on-time and online shares
    and the total score (the backlog of the running month is the live one)."""
    first = last
    for _ in range(months - 1):
        first = date(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, 1)
    rows = []
    for month in months_between(first, last):
        period = Period(month.year, month.month)
        f = figures(scope, period)
        card = formulas.score(f)
        rows.append({"month": month, "label": f"{month.month:02d}/{month.year}", "received": f["received"], "finished": f["finished"],
                     "on_time": _percent(f["finished_on_time"], f["finished"]), "online": _percent(f["received_online"], f["received"]),
                     "points": card.points})
    return rows


def by_agency(scope: Scope, period: Period) -> list[dict]:
    """One row per agency in the scope: figures and score, best first."""
    tallies = {}
    for row in scope.filter(AgencyMonth.objects.filter(month__gte=period.first, month__lte=period.last)).values("agency_id").annotate(
            **{name: Sum(name) for name in COUNTS if name not in STOCKS}):
        tallies[row.pop("agency_id")] = row
    if period.running:
        stocks = {r["agency_id"]: r for r in scope.filter(Dossier.objects.filter(status__in=OPEN_STATUSES)).values("agency_id").annotate(
            open_at_end=Count("pk"), open_late_at_end=Count("pk", filter=Q(due_at__lt=timezone.now())))}
    else:
        stocks = {r["agency_id"]: r for r in scope.filter(AgencyMonth.objects.filter(month=period.last)).values("agency_id", *STOCKS)}
    per_procedure = {}
    rows = scope.filter(ProcedureMonth.objects.filter(month__gte=period.first, month__lte=period.last, procedure__isnull=False))
    for row in rows.values("agency_id").annotate(
            services_receiving=Count("procedure", distinct=True, filter=Q(received_online__gt=0, procedure__online_level__in=ONLINE)),
            procedures_paid_online=Count("procedure", distinct=True, filter=Q(paid_online__gt=0))):
        per_procedure[row.pop("agency_id")] = row
    agencies = Agency.objects.filter(is_active=True).select_related("unit").order_by("name")
    if scope.agencies is not None:
        agencies = agencies.filter(pk__in=scope.agencies)
    out = []
    for agency in agencies:
        if agency.pk not in tallies and agency.pk not in stocks:
            continue
        f = dict.fromkeys(COUNTS, 0)
        f.update(tallies.get(agency.pk, {}))
        f.update({k: stocks.get(agency.pk, {}).get(k) or 0 for k in STOCKS})
        f.update(catalogue_by_agency().get(agency.pk, dict.fromkeys(_catalogue_counts(None), 0)))
        f.update({"services_receiving": 0, "procedures_paid_online": 0, **per_procedure.get(agency.pk, {})})
        card = formulas.score(f)
        out.append({"agency": agency, "figures": f, "card": card, "points": card.points,
                    "on_time": _percent(f["finished_on_time"], f["finished"]), "online": _percent(f["received_online"], f["received"])})
    out.sort(key=lambda r: (-r["points"], r["agency"].name))
    return out


def by_procedure(agency: Agency, period: Period) -> list[dict]:
    rows = (ProcedureMonth.objects.filter(agency=agency, month__gte=period.first, month__lte=period.last, procedure__isnull=False)
            .values("procedure__code", "procedure__name", "procedure__online_level")
            .annotate(**{name: Sum(name) for name in ("received", "received_online", "finished", "finished_on_time", "results_electronic", "paid_online")})
            .order_by("-received", "procedure__code"))
    return [{**r, "on_time": _percent(r["finished_on_time"], r["finished"]), "online": _percent(r["received_online"], r["received"])} for r in rows]


def dossiers(agency: Agency, period: Period, procedure: Procedure | None = None, which: str = "received"):
    """The dossiers behind a figure: received in the period, finished late, or in progress late."""
    start, end = _bounds(period)
    queryset = Dossier.objects.filter(agency=agency).select_related("procedure", "applicant")
    if procedure is not None:
        queryset = queryset.filter(procedure=procedure)
    if which == "late":
        queryset = queryset.filter(finished_at__gte=start, finished_at__lt=end, finished_at__gt=F("due_at"))
    elif which == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    else:
        queryset = queryset.filter(received_at__gte=start, received_at__lt=end)
    return queryset.order_by("-received_at", "-pk")


def _bounds(period: Period):
    return bounds(period.first)[0], bounds(period.last)[1]


def due(scope: Scope, now=None) -> dict:
    """Dossiers in progress past their due date, and due within the next two days."""
    now = now or timezone.now()
    open_ = scope.filter(Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)).select_related("agency", "procedure")
    return {
        "overdue": open_.filter(due_at__lt=now).order_by("due_at")[:50],
        "soon": open_.filter(due_at__gte=now, due_at__lt=now + timedelta(days=SOON_DAYS)).order_by("due_at")[:50],
        "overdue_count": open_.filter(due_at__lt=now).count(),
        "soon_count": open_.filter(due_at__gte=now, due_at__lt=now + timedelta(days=SOON_DAYS)).count(),
    }


def public(period: Period) -> dict:
    """What anyone may see (like the national portal's statistics): no personal data."""
    f = figures(Scope.city(), period)
    return {
        "received": f["received"], "received_online": f["received_online"], "finished": f["finished"],
        "finished_on_time": f["finished_on_time"], "on_time": _percent(f["finished_on_time"], f["finished"]),
        "online": _percent(f["received_online"], f["received"]), "open": f["open_at_end"],
        "procedures": f["procedures"], "procedures_online": f["procedures_online"], "procedures_full": f["procedures_full"],
    }
