import pytest
from rest_framework.test import APIClient

from motcua.units import selectors
from motcua.units.models import AdministrativeUnit
from motcua.units.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ba_na():
    """A small world: xã Bà Nà absorbed xã Hòa Ninh and xã Hòa Nhơn (the real codes)."""
    city = UnitFactory(code="48", name="Đà Nẵng", kind="city", level="province")
    ba_na = UnitFactory(code="20308", name="Bà Nà", parent=city)
    for code, name in [("20299", "Hòa Ninh"), ("20308", "Hòa Nhơn")]:
        old = UnitFactory(code=code, name=name, valid_to="2025-06-30", merged_into=ba_na)
        old.successors.add(ba_na)
    hai_chau = UnitFactory(code="20194", name="Hải Châu", kind="ward", parent=city)
    AgencyFactory(code="000.27.00.H17", unit=ba_na, name="Ủy ban nhân dân xã Bà Nà")
    AgencyFactory(code="000.05.00.H17", unit=hai_chau, name="Ủy ban nhân dân phường Hải Châu")
    AgencyFactory(code="000.00.03.H17", unit=city, name="Sở Tư pháp", kind="department")
    return ba_na


def test_searching_an_old_name_finds_the_new_unit(ba_na):
    assert [u.name for u in selectors.search_units("Hoa Ninh")] == ["Bà Nà"]
    assert [u.name for u in selectors.search_units("hòa ninh", include_legacy=True)] == ["Bà Nà", "Hòa Ninh"]
    assert [a.name for a in selectors.directory("hoa nhon")] == ["Ủy ban nhân dân xã Bà Nà"]


def test_directory_filters_by_kind(ba_na):
    assert [a.name for a in selectors.directory(kind="department")] == ["Sở Tư pháp"]
    assert len(selectors.directory()) == 3


def test_directory_page_shows_the_successor_and_the_old_names(client, ba_na):
    html = client.get("/co-quan/", {"q": "Hòa Ninh"}).content.decode()
    assert "Ủy ban nhân dân xã Bà Nà" in html
    assert "Gồm xã Hòa Nhơn, xã Hòa Ninh (cũ)" in html
    assert "đã sáp nhập vào" in html
    assert "Chưa cập nhật" in html  # no phone known: said so, not invented
    assert "Hải Châu" not in html


def test_directory_rejects_an_unknown_kind(client, ba_na):
    response = client.get("/co-quan/", {"kind": "quan"})
    assert response.status_code == 400
    assert "Loại cơ quan “quan” không hợp lệ." in response.content.decode()


def test_legacy_unit_page_points_to_its_successor(client, ba_na):
    html = client.get("/co-quan/don-vi/20299/", {"cu": "1"}).content.decode()
    assert "Xã Hòa Ninh" in html and "đã sáp nhập từ ngày 01/7/2025 vào" in html
    assert 'href="/co-quan/don-vi/20308/"' in html
    current = client.get("/co-quan/don-vi/20308/").content.decode()
    assert "<h1>Xã Bà Nà" in current and "Hình thành từ" in current
    assert client.get("/co-quan/don-vi/99999/").status_code == 404


def test_agency_page(client, ba_na):
    html = client.get("/co-quan/000.27.00.H17/").content.decode()
    assert "<h1>Ủy ban nhân dân xã Bà Nà</h1>" in html
    assert "Gồm địa bàn cũ" in html
    assert client.get("/co-quan/000.99.99.H17/").status_code == 404


def test_units_api(ba_na):
    api = APIClient()
    body = api.get("/api/v1/units", {"q": "hoa ninh", "include_legacy": "true"}).json()
    assert [(u["name"], u["is_current"]) for u in body["results"]] == [("Bà Nà", True), ("Hòa Ninh", False)]
    assert body["results"][1]["merged_into"]["code"] == "20308"
    detail = api.get("/api/v1/units/20308").json()
    assert detail["name"] == "Bà Nà"
    assert sorted(p["name"] for p in detail["predecessors"]) == ["Hòa Nhơn", "Hòa Ninh"]
    assert api.get("/api/v1/units/1").status_code == 404


def test_agencies_api(ba_na):
    api = APIClient()
    body = api.get("/api/v1/agencies", {"q": "hoa ninh"}).json()
    assert [a["code"] for a in body["results"]] == ["000.27.00.H17"]
    assert api.get("/api/v1/agencies", {"unit": "20194"}).json()["count"] == 1
    assert api.get("/api/v1/agencies/000.00.03.H17").json()["kind"] == "department"


@pytest.mark.parametrize(
    "path, params, field",
    [
        ("/api/v1/units", {"include_legacy": "maybe"}, "include_legacy"),
        ("/api/v1/units", {"kind": "quan"}, "kind"),
        ("/api/v1/units", {"level": "huyen"}, "level"),
        ("/api/v1/agencies", {"kind": "so"}, "kind"),
        ("/api/v1/agencies", {"unit": "00000"}, "unit"),
    ],
)
def test_bad_parameters_are_400_with_the_parameter_named(ba_na, path, params, field):
    response = APIClient().get(path, params)
    assert response.status_code == 400
    assert field in response.json()
    assert (
        "không hợp lệ" in response.json()[field][0]
        or "Không có" in response.json()[field][0]
        or "phải là" in response.json()[field][0]
    )


def test_unit_codes_may_repeat_only_between_a_legacy_and_a_current_unit(ba_na):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(code="20308", name="Trùng mã", kind="commune", level="commune")
