"""Reads of units and agencies: directory search by old or new names, resolving old units."""

from django.db.models import F, Prefetch, Q, QuerySet

from motcua.core.text import fold
from motcua.units.models import AdministrativeUnit, Agency

# Current units (valid_to NULL) before legacy ones, the same on SQLite and PostgreSQL.
CURRENT_FIRST = F("valid_to").desc(nulls_first=True)


def current_units() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(valid_to__isnull=True)


def _name_matches(q: str) -> Q:
    """Every folded word of ``q`` in the unit's folded name ("Hòa Ninh", "hoa ninh", "xa hoa ninh")."""
    condition = Q()
    for word in fold(q).split():
        condition &= Q(search_name__contains=word)
    return condition


def search_units(
    q: str = "", *, level: str = "", kind: str = "", include_legacy: bool = False
) -> QuerySet[AdministrativeUnit]:
    """Units by name. A legacy name also brings the unit that took it over, so searching
    "Hòa Ninh" finds xã Bà Nà."""
    units = AdministrativeUnit.objects.all() if include_legacy else current_units()
    if level:
        units = units.filter(level=level)
    if kind:
        units = units.filter(kind=kind)
    if q.strip():
        matching = AdministrativeUnit.objects.filter(_name_matches(q))
        units = units.filter(
            Q(pk__in=matching.values("pk")) | Q(predecessors__in=matching) | Q(absorbed__in=matching)
        ).distinct()
    return units.select_related("merged_into", "parent").order_by(CURRENT_FIRST, "level", "search_name")


def legacy_units(q: str, limit: int = 10) -> QuerySet[AdministrativeUnit]:
    """Units from before the 1 July 2025 merger named like ``q``, each with the units that took it
    over (for "đã sáp nhập vào …": fetched with the list, not one query per unit)."""
    return search_units(q, include_legacy=True).filter(valid_to__isnull=False).prefetch_related("successors")[:limit]


def resolve_unit(code_or_name: str) -> AdministrativeUnit | None:
    """The current unit for a code or a name, old or new: follows ``merged_into``."""
    value = code_or_name.strip()
    unit = (
        AdministrativeUnit.objects.filter(code=value).order_by(CURRENT_FIRST).first()
        if value.isdigit()
        else AdministrativeUnit.objects.filter(_name_matches(value)).order_by(CURRENT_FIRST, "search_name").first()
    )
    return successor(unit)


def successor(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """The unit as it is today: itself if current, else the unit that absorbed it."""
    seen = set()
    while unit is not None and unit.valid_to is not None and unit.merged_into_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = unit.merged_into
    return unit


def directory(q: str = "", *, kind: str = "") -> QuerySet[Agency]:
    """Active agencies for the public directory. A search looks at the agency's name and at the
    names, old and new, of the unit it serves."""
    agencies = Agency.objects.filter(is_active=True)
    if kind:
        agencies = agencies.filter(kind=kind)
    if q.strip():
        names = Q()
        for word in fold(q).split():
            names &= Q(search_name__contains=word)
        units = AdministrativeUnit.objects.filter(_name_matches(q))
        agencies = agencies.filter(names | Q(unit__in=units) | Q(unit__predecessors__in=units)).distinct()
    return (
        agencies.select_related("unit")
        .prefetch_related(Prefetch("unit__predecessors", queryset=AdministrativeUnit.objects.order_by("search_name")))
        .order_by("kind", "search_name")
    )


def agency_detail(code: str) -> Agency | None:
    return (
        Agency.objects.select_related("unit", "parent")
        .prefetch_related(
            "counters", Prefetch("unit__predecessors", queryset=AdministrativeUnit.objects.order_by("search_name"))
        )
        .filter(code=code)
        .first()
    )


def service_point(unit: AdministrativeUnit) -> Agency | None:
    """Where a resident of ``unit`` (current or old) hands in a commune-level dossier."""
    current = resolve_unit(unit.code) if unit.valid_to else unit
    return Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, unit=current, is_active=True).first()


def unit_choices() -> list[tuple[str, str]]:
    """(code, "Phường Hải Châu") for every current commune-level unit, for forms."""
    units = current_units().filter(level=AdministrativeUnit.Level.COMMUNE).order_by("search_name")
    return [(u.code, f"{u.get_kind_display()} {u.name}") for u in units]


def map_points() -> list[dict]:
    """Every service point for the map and its list: the People's Committees of the current
    communes and wards (at their unit's point) and the city's service centre, with what is known
    of their address, phone and hours, and how many procedures each handles."""
    from django.db.models import Count

    agencies = (
        Agency.objects.filter(is_active=True, kind__in=[Agency.Kind.PEOPLES_COMMITTEE, Agency.Kind.SERVICE_CENTRE])
        .filter(Q(unit__valid_to__isnull=True) | Q(unit__isnull=True))
        .select_related("unit")
        .annotate(procedure_count=Count("procedures", distinct=True))
        .order_by("kind", "name")
    )
    points = []
    for agency in agencies:
        unit = agency.unit
        # A point needs both coordinates: the admin can save a unit with one and not the other.
        lat = lon = None
        if (
            unit is not None
            and unit.level == AdministrativeUnit.Level.COMMUNE
            and unit.latitude is not None
            and unit.longitude is not None
        ):
            lat, lon = float(unit.latitude), float(unit.longitude)
        points.append(
            {
                "code": agency.code,
                "name": agency.name,
                "address": agency.address,
                "phone": agency.phone,
                "hours": agency.opening_hours,
                "procedures": agency.procedure_count,
                "lat": lat,
                "lon": lon,
            }
        )
    return points
