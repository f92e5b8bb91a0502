"""Loading Đà Nẵng's units and agencies from the files shipped in motcua/units/data."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from motcua.units.models import AdministrativeUnit, Agency, Counter

DATA_DIR = Path(__file__).resolve().parent / "data"
REFORM_DAY = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)
CONTACT_FIELDS = ("address", "phone", "email", "website", "opening_hours", "online_service_url")

Level = AdministrativeUnit.Level


def _read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _upsert_unit(code: str, *, legacy: bool, **fields: object) -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=code, valid_to=LAST_DAY_BEFORE_REFORM if legacy else None, defaults=fields
    )
    return unit


@transaction.atomic
def load_units() -> dict[str, int]:
    """The city, its current communes/wards/special zone, and every legacy unit they absorbed
    (with ``merged_into`` and ``successors``). Idempotent."""
    data = _read("danang_units.json")
    city_data = data["city"]
    city = _upsert_unit(city_data["code"], legacy=False, name=city_data["name"], kind="city", level=Level.PROVINCE)
    current = {
        u["code"]: _upsert_unit(
            u["code"],
            legacy=False,
            name=u["name"],
            kind=u["kind"],
            level=Level.COMMUNE,
            parent=city,
            valid_from=REFORM_DAY,
        )
        for u in data["units"]
    }
    provinces = {city.code: city}
    for p in data["legacy_provinces"]:
        if p["code"] != city.code:  # the old Đà Nẵng lives on as the same city
            provinces[p["code"]] = _upsert_unit(
                p["code"], legacy=True, name=p["name"], kind=p["kind"], level=Level.PROVINCE, merged_into=city
            )
    districts = {
        d["code"]: _upsert_unit(
            d["code"],
            legacy=True,
            name=d["name"],
            kind=d["kind"],
            level=Level.DISTRICT,
            parent=provinces[d["province"]],
            merged_into=city,
        )
        for d in data["legacy_districts"]
    }
    for u in data["legacy_units"]:
        successors = [current[code] for code in u["successors"]]
        unit = _upsert_unit(
            u["code"],
            legacy=True,
            name=u["name"],
            kind=u["kind"],
            level=Level.COMMUNE,
            parent=districts[u["district"]],
            merged_into=successors[0] if successors else None,
        )
        unit.successors.set(successors)
    return {"current": len(current), "legacy": len(data["legacy_units"]) + len(districts) + len(provinces) - 1}


def commune_committee_code(position: int) -> str:
    """Codes for the commune/ward People's Committees, assigned by motcua in the Decision
    20/2020 format (000.NN.00.H17, NN = 01–99 in the order of the units' codes), until the city
    publishes the official ones. An admin may change a code; loading again keeps the change."""
    return f"000.{position:02d}.00.H17"


def commune_police_code(position: int, city_police: str = "000.00.14.H17") -> str:
    """Codes for the police of each commune, ward and special zone, assigned by motcua in the
    same format under the city police (000.NN.14.H17, NN as for the People's Committees)."""
    groups = city_police.split(".")
    groups[1] = f"{position:02d}"
    return ".".join(groups)


@transaction.atomic
def load_agencies() -> dict[str, int]:
    """City agencies from agencies.json, the local branches of central bodies, the counters of
    the service centre, and the People's Committee and the police of every current commune/ward.
    Contact details already filled in are kept."""
    data = _read("agencies.json")
    city = AdministrativeUnit.objects.get(code=data["city_unit"], valid_to__isnull=True)
    by_code = {}
    for item in data["agencies"]:
        agency = _upsert_agency(item["code"], item, unit=city)
        by_code[item["code"]] = agency
    for item in data["agencies"]:
        if item.get("parent"):
            Agency.objects.filter(pk=by_code[item["code"]].pk).update(parent=by_code[item["parent"]])

    centre = by_code[data["service_centre"]]
    for number, item in enumerate(data["centre_counters"], start=1):
        Counter.objects.update_or_create(
            agency=centre, number=number, defaults={"name": item["name"], "description": item.get("description", "")}
        )

    for item in data.get("central_branches", []):
        # Found again by the body it belongs to, so a code an admin corrected is kept.
        existing = Agency.objects.filter(kind=Agency.Kind.CENTRAL_BRANCH, central_body=item["central_body"]).first()
        _upsert_agency(existing.code if existing else item["code"], item, unit=city)

    committees = 0
    city_police = by_code.get(data.get("city_police", ""))
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True, parent=city)
    for position, unit in enumerate(sorted(communes, key=lambda u: int(u.code)), start=1):
        if city_police is not None:
            _upsert_commune_police(unit, position, city_police)
        name = f"Ủy ban nhân dân {unit.get_kind_display().lower()} {unit.name}"
        committee = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, unit=unit).first()
        if committee is None:
            Agency.objects.create(
                code=commune_committee_code(position),
                name=name,
                short_name=f"UBND {unit.get_kind_display().lower()} {unit.name}",
                kind=Agency.Kind.PEOPLES_COMMITTEE,
                unit=unit,
                parent=by_code.get(data["city_committee"]),
            )
        elif committee.name != name:
            committee.name = name
            committee.save()
        committees += 1
    located = _load_points()
    return {
        "city_agencies": len(by_code),
        "central_branches": len(data.get("central_branches", [])),
        "commune_committees": committees,
        "commune_police": Agency.objects.filter(
            kind=Agency.Kind.POLICE, unit__level=Level.COMMUNE, unit__valid_to__isnull=True
        ).count(),
        "counters": len(data["centre_counters"]),
        "located": located,
    }


def _upsert_commune_police(unit: AdministrativeUnit, position: int, city_police: Agency) -> Agency:
    """The police of a commune, ward or special zone (Công an xã/phường/đặc khu), under the city
    police. Found again by its unit, so an admin's change of code or contacts is kept."""
    kind = unit.get_kind_display().lower()
    name = f"Công an {kind} {unit.name}"
    police = Agency.objects.filter(kind=Agency.Kind.POLICE, unit=unit).first()
    if police is None:
        return Agency.objects.create(
            code=commune_police_code(position, city_police.code),
            name=name,
            short_name=name,
            kind=Agency.Kind.POLICE,
            unit=unit,
            parent=city_police,
        )
    if police.name != name:
        police.name = name
        police.save()
    return police


def _load_points() -> int:
    """Each current unit's point on the 2025 reference map, and its administrative centre's
    address for its People's Committee when an admin has not entered one (SOURCES.md)."""
    located = 0
    for item in _read("unit_points.json")["units"]:
        unit = AdministrativeUnit.objects.filter(code=item["code"], valid_to__isnull=True).first()
        if unit is None:
            continue
        if item.get("lat") is not None and unit.latitude is None:
            unit.latitude, unit.longitude = item["lat"], item["lon"]
            unit.save(update_fields=["latitude", "longitude"])
        if item.get("address"):
            Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, unit=unit, address="").update(
                address=item["address"]
            )
        located += 1
    return located


def _upsert_agency(code: str, item: dict, *, unit: AdministrativeUnit) -> Agency:
    agency = Agency.objects.filter(code=code).first() or Agency(code=code)
    agency.name = item["name"]
    agency.short_name = item.get("short_name", "")
    agency.kind = item["kind"]
    agency.central_body = item.get("central_body", "")
    agency.unit = unit
    for field in CONTACT_FIELDS:
        if item.get(field) and not getattr(agency, field):
            setattr(agency, field, item[field])
    agency.save()
    return agency
