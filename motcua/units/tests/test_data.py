"""The shipped Đà Nẵng data: loaded once per test that needs it (well under a second)."""

import pytest
from django.core.management import call_command

from motcua.units import selectors, services
from motcua.units.models import AdministrativeUnit, Agency, Counter
from motcua.units.validators import AGENCY_CODE

pytestmark = pytest.mark.django_db


@pytest.fixture
def danang():
    services.load_units()
    services.load_agencies()


def test_the_city_has_its_94_communes_wards_and_special_zone(danang):
    city = AdministrativeUnit.objects.get(code="48", valid_to__isnull=True)
    current = city.children.filter(valid_to__isnull=True)
    assert current.count() == 94
    kinds = set(current.values_list("kind", flat=True))
    assert kinds == {"ward", "commune", "special_zone"}
    assert current.get(kind="special_zone").name == "Hoàng Sa"


def test_ba_na_absorbed_hoa_ninh_and_hoa_nhon(danang):
    ba_na = AdministrativeUnit.objects.get(name="Bà Nà", valid_to__isnull=True)
    assert sorted(ba_na.predecessors.values_list("name", flat=True)) == ["Hòa Nhơn", "Hòa Ninh"]
    hoa_ninh = AdministrativeUnit.objects.get(name="Hòa Ninh")
    assert hoa_ninh.merged_into == ba_na
    assert str(hoa_ninh.valid_to) == "2025-06-30"
    assert hoa_ninh.parent.name == "Hòa Vang" and hoa_ninh.parent.valid_to is not None


def test_quang_nam_merged_into_da_nang_with_its_communes(danang):
    quang_nam = AdministrativeUnit.objects.get(code="49")
    assert quang_nam.merged_into.code == "48"
    assert AdministrativeUnit.objects.filter(parent__parent=quang_nam, valid_to__isnull=False).count() > 200


def test_every_current_commune_has_a_peoples_committee_with_a_valid_code(danang):
    committees = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, unit__level="commune")
    assert committees.count() == 94
    assert committees.values("unit").distinct().count() == 94
    assert all(AGENCY_CODE.match(code) for code in Agency.objects.values_list("code", flat=True))
    assert Agency.objects.get(code="000.00.00.H17").name == "Ủy ban nhân dân thành phố Đà Nẵng"
    for name in ["Sở Tư pháp", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Y tế", "Công an thành phố Đà Nẵng"]:
        assert Agency.objects.filter(name=name).exists(), name
    centre = Agency.objects.get(kind=Agency.Kind.SERVICE_CENTRE)
    assert Counter.objects.filter(agency=centre).count() >= 13


def test_no_contact_detail_is_made_up(danang):
    """Phones are not published anywhere we could read; addresses and points come from the
    sourced file (SOURCES.md) and nowhere else."""
    import json

    from motcua.units.services import DATA_DIR

    sourced = {u["code"]: u for u in json.loads((DATA_DIR / "unit_points.json").read_text(encoding="utf-8"))["units"]}
    assert not Agency.objects.exclude(phone="").exists()
    with_address = Agency.objects.exclude(address="").select_related("unit")
    assert with_address.count() == sum(1 for u in sourced.values() if u["address"]) == 93
    assert all(a.address == sourced[a.unit.code]["address"] for a in with_address)
    hai_chau = AdministrativeUnit.objects.get(name="Hải Châu", valid_to__isnull=True)
    assert (float(hai_chau.latitude), float(hai_chau.longitude)) == (
        sourced[hai_chau.code]["lat"],
        sourced[hai_chau.code]["lon"],
    )


def test_the_map_lists_every_service_point_and_works_without_tiles(client, danang, settings):
    page = client.get("/co-quan/ban-do/").content.decode()
    assert 'id="map-points"' in page and "leaflet.js" in page and "UBND 94 xã, phường" in page
    settings.MOTCUA_MAP_TILES = ""
    plain = client.get("/co-quan/ban-do/").content.decode()
    assert "leaflet.js" not in plain and "Ủy ban nhân dân phường Hải Châu" in plain and "Chưa cập nhật" in plain


def test_loading_again_changes_nothing_and_keeps_what_admins_typed(danang):
    before = (AdministrativeUnit.objects.count(), Agency.objects.count(), Counter.objects.count())
    committee = Agency.objects.get(unit__name="Bà Nà", kind=Agency.Kind.PEOPLES_COMMITTEE)
    committee.phone = "0236 3791 234"
    committee.code = "000.20.27.H17"
    committee.save()
    call_command("load_units", stdout=None)
    assert (AdministrativeUnit.objects.count(), Agency.objects.count(), Counter.objects.count()) == before
    committee.refresh_from_db()
    assert committee.phone == "0236 3791 234"
    assert committee.code == "000.20.27.H17"


def test_old_names_resolve_to_the_current_unit(danang):
    assert selectors.resolve_unit("Hòa Ninh").name == "Bà Nà"
    assert selectors.resolve_unit("hoa nhon").name == "Bà Nà"
    assert selectors.resolve_unit("20299").name == "Bà Nà"  # Hòa Ninh's old code
    assert selectors.resolve_unit("20308").name == "Bà Nà"  # reused: the current unit wins
    assert selectors.service_point(AdministrativeUnit.objects.get(name="Hòa Ninh")).name == "Ủy ban nhân dân xã Bà Nà"


def test_every_current_commune_has_its_police_under_the_city_police(danang):
    city_police = Agency.objects.get(code="000.00.14.H17")
    assert city_police.kind == Agency.Kind.POLICE and city_police.unit.code == "48"
    police = Agency.objects.filter(kind=Agency.Kind.POLICE, unit__level="commune").select_related("unit", "parent")
    assert police.count() == 94 and police.values("unit").distinct().count() == 94
    assert {p.parent for p in police} == {city_police}
    assert all(p.code.endswith(".14.H17") and AGENCY_CODE.match(p.code) for p in police)
    assert police.get(unit__name="Hải Châu").name == "Công an phường Hải Châu"
    assert police.get(unit__kind="special_zone").name == "Công an đặc khu Hoàng Sa"


def test_the_central_bodies_branches_are_agencies_that_send_applicants_to_their_own_service(danang):
    branches = Agency.objects.filter(kind=Agency.Kind.CENTRAL_BRANCH)
    assert sorted(branches.values_list("central_body", flat=True)) == sorted(Agency.CentralBody.values)
    for branch in branches:
        assert branch.online_service_url.startswith("https://") and not branch.receives_here, branch.name
        assert AGENCY_CODE.match(branch.code) and branch.unit.code == "48"
    assert branches.get(central_body="tax").name == "Thuế thành phố Đà Nẵng"
    assert branches.get(central_body="social_insurance").online_service_url == "https://dichvucong.baohiemxahoi.gov.vn/"


def test_loading_again_keeps_what_an_admin_changed(danang):
    police = Agency.objects.get(kind=Agency.Kind.POLICE, unit__name="Hải Châu", unit__valid_to__isnull=True)
    police.code, police.phone = "000.99.14.H17", "0236 3822 000"
    police.save()
    tax = Agency.objects.get(central_body="tax")
    tax.code, tax.online_service_url = "000.48.19.G12", "https://canhan.gdt.gov.vn/"
    tax.save()
    services.load_agencies()
    police.refresh_from_db()
    assert (police.code, police.phone) == ("000.99.14.H17", "0236 3822 000")
    tax = Agency.objects.get(central_body="tax")
    assert (tax.code, tax.online_service_url) == ("000.48.19.G12", "https://canhan.gdt.gov.vn/")
    assert Agency.objects.filter(kind=Agency.Kind.POLICE, unit__level="commune").count() == 94
