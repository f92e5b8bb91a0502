"""What the directory costs in queries: the API's lists of units and agencies and the directory
page (searched by a name from before the 2025 merger), the same with 2 rows as with 6 (an N+1
shows as a difference)."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from motcua.core.tests.queries import MOMENT, assert_queries, measure
from motcua.units.models import AdministrativeUnit
from motcua.units.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db

MERGER_EVE = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MOMENT, tick=False)


@pytest.fixture
def city():
    return UnitFactory(code="48", name="Đà Nẵng", kind="city", level=AdministrativeUnit.Level.PROVINCE)


def wards(city, rows: int, start: int) -> list[str]:
    """``rows`` wards, each with its People's Committee and the old commune merged into it."""
    shown = []
    for n in range(start, start + rows):
        ward = UnitFactory(name=f"Mới Thử {n}", kind="ward", parent=city)
        old = UnitFactory(name=f"Hòa Cũ {n}", parent=city, valid_to=MERGER_EVE, merged_into=ward)
        old.successors.add(ward)
        agency = AgencyFactory(unit=ward, name=f"Ủy ban nhân dân phường Mới Thử {n}")
        shown += [agency.code, ward.code, old.code]
    return shown


@pytest.mark.parametrize(
    "path, params, expected",
    [
        ("/api/v1/units", {}, 2),
        ("/api/v1/units", {"include_legacy": "true"}, 2),
        ("/api/v1/units", {"q": "hoa cu", "include_legacy": "true"}, 2),
        ("/api/v1/agencies", {}, 3),
        ("/api/v1/agencies", {"q": "hoa cu"}, 3),
    ],
    ids=["units", "units-and-legacy", "units-by-old-name", "agencies", "agencies-by-old-name"],
)
def test_the_api_lists(city, path, params, expected):
    api = APIClient()
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        made = wards(city, more, start=rows - more)
        shown += made[0::3] if "agencies" in path else made[1::3]
        measured[rows] = measure(lambda: api.get(path, params), shows=shown)
    assert_queries(measured, expected)


def test_the_directory_searched_by_an_old_name(client, city):
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        wards(city, more, start=rows - more)
        shown += [f"Hòa Cũ {n}" for n in range(rows - more, rows)] + [f"Mới Thử {n}" for n in range(rows - more, rows)]
        measured[rows] = measure(lambda: client.get("/co-quan/", {"q": "Hòa Cũ"}), shows=shown)
    assert_queries(measured, 5)
