"""Routing that follows the law (catalogue/routing.py): the central bodies' branches keep their
procedures, the police theirs, and the People's Committees the rest.

The shipped catalogue is routed here without the database (loading all of it takes longer than
a test should); a few of its records go through the real import into the loaded Đà Nẵng
agencies."""

import json
from dataclasses import dataclass, field
from functools import cache

import pytest

from motcua.catalogue import routing, selectors, services
from motcua.catalogue.tests.factories import ProcedureRecordFactory
from motcua.core.text import fold
from motcua.units import services as units
from motcua.units.models import Agency

Body = Agency.CentralBody
COMMITTEES = [f"000.{n:02d}.00.H17" for n in range(1, 95)]
POLICE = [f"000.{n:02d}.14.H17" for n in range(1, 95)]
BRANCHES = {body.value: f"000.00.{90 + n}.H17" for n, body in enumerate(Body)}


@cache
def field_departments() -> dict[str, str]:
    return json.loads((selectors.DATA_DIR / "field_departments.json").read_text(encoding="utf-8"))


@cache
def publisher_departments() -> dict[str, dict[str, str]]:
    return selectors.agency_index().publisher_departments


@dataclass
class StaticIndex:
    """The agencies of Đà Nẵng as the loaded data has them, without the database."""

    field_departments: dict[str, str] = field(default_factory=field_departments)
    commune_committees: list[str] = field(default_factory=lambda: COMMITTEES)
    commune_police: list[str] = field(default_factory=lambda: POLICE)
    city_police: str | None = "000.00.14.H17"
    central_branches: dict[str, str] = field(default_factory=lambda: BRANCHES)

    def field_department(self, field_name: str, publisher: str = "") -> str | None:
        department = publisher_departments().get(publisher, {}).get(field_name) or self.field_departments.get(
            field_name
        )
        return "SO:" + department if department else None


@cache
def shipped_records() -> list[dict]:
    return services.shipped_records()


# The fields the issue measured: 313 procedures of these were offered at every People's
# Committee, and 52 commune police procedures went to the committees instead of the police.
CENTRAL_FIELDS = {
    "Hải quan",
    "Thuế",
    "Kho bạc Nhà nước",
    "Thực hiện chính sách BHXH",
    "Chi trả các chế độ BHXH",
    "Thực hiện chính sách BHYT",
    "Thu BHXH, BHYT, BHTN, BH tai nạn lao động, BNN",
    "Cấp sổ BHXH, thẻ BHYT",
    "Thành lập và hoạt động ngân hàng",
    "Hoạt động ngoại hối",
    "Tòa án",
    "Quản lý biên giới",
}
COMMUNE_POLICE_FIELDS = {
    "Đăng ký, quản lý cư trú",
    "Cấp, quản lý căn cước",
    "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
    "Quản lý xuất nhập cảnh",
}


def test_no_procedure_of_a_central_branch_is_offered_at_a_peoples_committee():
    index = StaticIndex()
    committees = set(COMMITTEES)
    central = at_committee = 0
    for record in shipped_records():
        rule, codes = routing.agency_codes(record, index)
        if record["field"] in CENTRAL_FIELDS:
            assert rule.central_body, (record["code"], rule.name)
        if rule.central_body:
            central += 1
            at_committee += bool(set(codes) & committees)
            assert codes == [BRANCHES[rule.central_body]], record["code"]
    assert at_committee == 0
    assert central >= 313 + 150  # the 313 measured at the committees, and the city-level ones


def test_every_police_procedure_goes_to_the_police_of_its_level():
    index = StaticIndex()
    police_rules = {rule.name for rule in routing.RULES if rule.commune == routing.COMMUNE_POLICE}
    commune_police = 0
    for record in shipped_records():
        rule, codes = routing.agency_codes(record, index)
        if record["field"] in COMMUNE_POLICE_FIELDS:
            assert rule.name in police_rules, record["code"]
        if rule.name not in police_rules:
            continue
        assert not set(codes) & set(COMMITTEES), record["code"]
        if "commune" in record["levels"]:
            commune_police += 1
            assert set(POLICE) <= set(codes), record["code"]
        if "city" in record["levels"]:
            assert "000.00.14.H17" in codes, record["code"]
    assert commune_police >= 52


def test_the_first_matching_rule_decides():
    fields = field_departments()

    def rule(**values):
        return routing.rule_for(ProcedureRecordFactory(**values), fields).name

    # A civil-status procedure naming social insurance among those it involves stays local.
    assert rule(field="Hộ tịch", competent_authority="Bảo hiểm xã hội Việt Nam") == "Lĩnh vực của chính quyền thành phố"
    # A customs field wins over any text.
    assert rule(field="Hải quan", competent_authority="Ủy ban nhân dân cấp tỉnh").startswith("Hải quan")
    # Published by the Ministry of Public Security, but the commune's chairman decides it.
    assert rule(
        field="Tổ chức cai nghiên ma túy và quản lý sau cai nghiện",
        decision_number="1234/QĐ-BCA",
        competent_authority="",
        performing_agency_text="Chủ tịch UBND cấp xã",
    ) == ("Lĩnh vực của chính quyền thành phố")
    assert rule(field="Chính sách", decision_number="QĐ/0001-BCA", competent_authority="").startswith("Công an")
    # The commune police confirm a housing condition in a construction field.
    assert rule(field="Nhà ở và công sở", competent_authority="", performing_agency_text="Công an cấp Xã") == (
        "Công an: cơ quan có thẩm quyền"
    )
    # The Ministry itself listed among ministries is not the police of Đà Nẵng.
    assert rule(field="Lĩnh vực lạ", competent_authority="Bộ Công an, Bộ Quốc phòng, Sở Nông nghiệp và Môi trường") == (
        "Còn lại"
    )
    # A field no department owns, whose competent authority is the State Bank's branch.
    assert rule(
        field="Hoạt động khác", competent_authority="", performing_agency_text="Ngân hàng Nhà nước Chi nhánh tỉnh"
    ).startswith("Ngân hàng Nhà nước")
    # A provincial procedure that involves the tax office and the treasury stays provincial.
    assert rule(
        field="Lĩnh vực lạ",
        competent_authority="",
        performing_agency_text="Ủy ban nhân dân cấp tỉnh, Sở Tài chính, Thuế tỉnh, thành phố, Kho bạc Nhà nước khu vực",
    ) == ("Còn lại")
    assert routing.RULES[-1].otherwise


def test_each_level_goes_to_its_police():
    index = StaticIndex()
    record = ProcedureRecordFactory(
        field="Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
        levels=["city", "commune"],
        competent_authority="Công an tỉnh, Cục cảnh sát giao thông, Công an cấp Xã",
    )
    _, codes = routing.agency_codes(record, index)
    assert codes == sorted([*POLICE, "000.00.14.H17"])
    _, codes = routing.agency_codes({**record, "levels": ["city"]}, index)
    assert codes == ["000.00.14.H17"]


def test_every_central_body_has_a_rule_and_only_known_fields_name_one():
    bodies = {rule.central_body for rule in routing.RULES if rule.central_body}
    assert bodies == set(Body.values)
    all_fields = {fold(r["field"]) for r in shipped_records()}
    for branch in routing.BRANCHES:
        assert branch.fields <= all_fields, branch.body  # no rule waits for a field that does not exist


@pytest.mark.django_db
def test_the_shipped_records_land_at_the_loaded_agencies():
    units.load_units()
    units.load_agencies()
    wanted = {"Hải quan": None, "Thuế": None, "Đăng ký, quản lý cư trú": None, "Hộ tịch": None}
    for record in shipped_records():
        if record["field"] in wanted and wanted[record["field"]] is None and "commune" in record["levels"]:
            if record["field"] == "Hộ tịch" and record["levels"] != ["commune"]:
                continue
            wanted[record["field"]] = record
    services.import_records(list(wanted.values()))
    customs = Agency.objects.get(central_body=Body.CUSTOMS)
    tax = Agency.objects.get(central_body=Body.TAX)

    def agencies(field_name):
        from motcua.catalogue.models import Procedure

        return Procedure.objects.get(code=wanted[field_name]["code"]).agencies.all()

    assert list(agencies("Hải quan")) == [customs]
    assert list(agencies("Thuế")) == [tax]
    residence = agencies("Đăng ký, quản lý cư trú")
    assert residence.count() == 94 and {a.kind for a in residence} == {Agency.Kind.POLICE}
    assert residence.filter(unit__name="Hải Châu").get().name == "Công an phường Hải Châu"
    births = agencies("Hộ tịch")
    assert births.count() == 94 and {a.kind for a in births} == {Agency.Kind.PEOPLES_COMMITTEE}
