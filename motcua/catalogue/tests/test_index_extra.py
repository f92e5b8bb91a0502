"""The ministries the crawl lacked (Công Thương, Y tế, Văn hóa – Thể thao – Du lịch, Giáo dục, Nội
vụ, Khoa học và Công nghệ, Dân tộc và Tôn giáo, Ngoại giao): their index rows are shipped in
data/national_index_extra.jsonl.gz and loaded as index-only records, routed to the department
responsible in Đà Nẵng, with the detail records read from the portal (data/portal_details.json.gz)
loaded over them as full records."""

from collections import Counter
from decimal import Decimal
from functools import cache

import pytest

from motcua.catalogue import routing, selectors, services
from motcua.catalogue.models import Procedure
from motcua.catalogue.records import clean_record
from motcua.catalogue.sources import portal_detail, portal_index
from motcua.catalogue.tests.test_routing import COMMITTEES, StaticIndex
from motcua.units import services as units
from motcua.units.models import Agency

MINISTRIES = {
    "Bộ Công Thương": 281,
    "Bộ Khoa học và Công nghệ": 253,
    "Bộ Nội vụ": 161,
    "Bộ Văn hóa, Thể thao và Du lịch": 161,
    "Bộ Y tế": 121,
    "Bộ Giáo dục và Đào tạo": 114,
    "Bộ Dân tộc và Tôn giáo": 35,
    "Bộ Ngoại giao": 2,
}


@cache
def index_rows() -> list[dict]:
    return list(portal_index.read_rows(selectors.DATA_DIR / services.SHIPPED_INDEX))


@cache
def shipped() -> dict[str, dict]:
    return {record["code"]: record for record in services.shipped_records()}


@cache
def details() -> dict[str, dict]:
    indexed = {r["ma_thu_tuc"]: portal_index.index_record(r) for r in index_rows()}
    read = portal_detail.read_details(selectors.DATA_DIR / services.SHIPPED_DETAILS)
    return {record["code"]: record for record in portal_detail.detail_records(read, indexed)}


def extra() -> list[dict]:
    codes = {row["ma_thu_tuc"] for row in index_rows()}
    return [record for code, record in shipped().items() if code in codes]


def test_the_extra_ministries_are_shipped_and_valid():
    records = extra()
    assert len(records) == 1128 and len(shipped()) >= 2800
    assert Counter(record["issuing_body"] for record in records) == MINISTRIES
    assert {record["status"] for record in records} == {"published"}
    for record in records:
        cleaned = clean_record(record)
        assert cleaned["levels"], record["code"]  # Cấp tỉnh and/or Cấp xã, never only "Cấp Bộ"
        assert cleaned["source_url"].startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")
    statuses = Counter(clean_record(record)["record_status"] for record in records)
    assert statuses["index_only"] >= 1100 and statuses["full"] == len(details())


def test_an_all_capitals_name_is_put_in_sentence_case():
    assert portal_index.procedure_name("HƯỞNG TRỢ CẤP ỐM ĐAU") == "Hưởng trợ cấp ốm đau"
    assert portal_index.levels("Cấp xã, Cấp tỉnh, Cấp Bộ, Cơ quan khác") == ["city", "commune"]


def test_each_is_routed_to_the_department_responsible_in_da_nang():
    index = StaticIndex()
    committees = set(COMMITTEES)
    departments: Counter[str] = Counter()
    for record in extra():
        rule, codes = routing.agency_codes(record, index)
        assert codes, record["code"]
        at_committees = committees & set(codes)
        if at_committees:
            # only commune procedures, and then every People's Committee
            assert "commune" in record["levels"] and at_committees == committees, record["code"]
        departments.update(code for code in codes if code.startswith("SO:"))
    assert departments["SO:Sở Công Thương"] >= 270
    assert departments["SO:Sở Y tế"] >= 100
    assert departments["SO:Sở Văn hóa, Thể thao và Du lịch"] >= 150
    assert departments["SO:Sở Giáo dục và Đào tạo"] >= 60
    assert departments["SO:Sở Nội vụ"] >= 120
    assert departments["SO:Sở Dân tộc và Tôn giáo"] >= 20
    assert departments["SO:Sở Ngoại vụ"] == 2


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("1.001029", ["SO:Sở Văn hóa, Thể thao và Du lịch"]),  # karaoke
        ("2.001628", ["SO:Sở Văn hóa, Thể thao và Du lịch"]),  # lữ hành nội địa
        ("1.014092", ["SO:Sở Y tế"]),  # chứng chỉ hành nghề dược
        ("1.014748", ["SO:Sở Nội vụ"]),  # trợ cấp thất nghiệp (Trung tâm Dịch vụ việc làm)
        ("2.000033", ["SO:Sở Công Thương"]),  # thông báo khuyến mại
        ("2.000117", ["SO:Sở Công Thương"]),  # ATTP of Bộ Công Thương, not Sở Y tế
        ("1.003860", ["SO:Sở Công Thương"]),
        ("1.001037", ["SO:Sở Ngoại vụ"]),  # Báo chí of Bộ Ngoại giao, not Sở VHTTDL
        ("1.009374", ["SO:Sở Văn hóa, Thể thao và Du lịch"]),  # bản tin: Báo chí of Bộ VHTTDL
        ("1.116644", ["SO:Sở Công Thương"]),  # khoáng sản of Bộ Công Thương
        ("1.014160", ["000.00.93.H17"]),  # BHXH: the social insurance branch (information only)
        ("3.000465", ["SO:Sở Giáo dục và Đào tạo"]),  # bản sao văn bằng
    ],
)
def test_routing_of_the_procedures_citizens_ask_for(code, where):
    record = shipped()[code]
    _, codes = routing.agency_codes(record, StaticIndex())
    assert codes == where


def test_commune_procedures_go_to_every_peoples_committee():
    record = shipped()["1.116835"]  # cho phép thành lập trường mầm non (Chủ tịch UBND cấp xã)
    _, codes = routing.agency_codes(record, StaticIndex())
    assert codes == COMMITTEES


# --- The detail records read from the portal -------------------------------------------------


def test_the_detail_parser_reads_time_limits_with_their_unit():
    assert details()["2.001628"]["processing_time"] == {"value": 5, "unit": "working_days", "text": "05 ngày làm việc"}
    assert details()["1.014092"]["processing_time"] == {"value": 20, "unit": "days", "text": "20 ngày"}
    assert details()["3.000465"]["processing_time"]["unit"] == "working_days"
    channels = details()["2.001628"]["channels"]
    assert [c["kind"] for c in channels] == ["direct", "online", "post"]
    assert {c["time_text"] for c in channels} == {"05 ngày làm việc"}


def test_the_detail_parser_reads_documents_with_counts_and_required_flags():
    documents = details()["2.001628"]["documents"]
    assert len(documents) == 6
    assert documents[1]["name"].startswith("Đơn đề nghị cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa")
    assert (documents[1]["originals"], documents[1]["copies"], documents[1]["quantity_text"]) == (1, 0, "1 bản chính")
    assert all(d["required"] is False for d in documents)  # as the portal publishes them
    food = details()["2.000117"]
    assert "Hồ sơ xin cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm gồm:" in food["documents_note"]
    assert all(not d["name"].startswith(("-", "+")) for d in food["documents"])
    assert food["documents"][0] == {
        "group": "",
        "name": "Đơn đề nghị",
        "required": False,
        "originals": 1,
        "copies": 0,
        "quantity_text": "1 bản chính",
        "template_name": "Mẫu số 1a.docx",
    }


def test_the_detail_parser_reads_fees():
    assert details()["2.001628"]["fees"] == [
        {
            "kind": "fee",
            "amount": 1000000,
            "set_by": "",
            "description": "Áp dụng mức giảm theo Thông tư số 64/2025/TT-BTC ngày 30 tháng 6 năm 2025 của Bộ trưởng "
            "Bộ Tài chính đến hết ngày 31/12/2026",
            "channel": "",
        }
    ]
    assert [f["amount"] for f in details()["1.001008"]["fees"]] == [10000000]  # vũ trường
    assert [f["amount"] for f in details()["1.014092"]["fees"]] == [500000]
    by_law = details()["2.000117"]["fees"]  # "Theo quy định của pháp luật về phí, lệ phí hiện hành"
    assert [(f["amount"], f["set_by"]) for f in by_law] == [(None, "law")]
    assert details()["1.116835"]["fees"] == []


def test_the_detail_records_are_full_and_replace_their_index_rows():
    for code, record in details().items():
        cleaned = clean_record(record)
        assert cleaned["record_status"] == "full", code
        assert shipped()[code]["record_status"] == "full"
        assert cleaned["legal_basis"] and cleaned["steps"] or code == "2.000117"
    dance = details()["1.001008"]
    assert dance["performing_agency_text"] == "Sở Văn hóa, Thể thao và Du lịch"  # not another city's body
    assert dance["decision_number"] == "776/QĐ-BVHTTDL" and dance["applicant_types"] == ["business", "cooperative"]
    assert details()["1.116835"]["levels"] == ["commune"]


@pytest.mark.django_db
def test_they_load_at_the_real_agencies_and_are_found_by_search():
    units.load_units()
    units.load_agencies()
    wanted = ["1.001029", "1.001008", "2.001628", "1.014092", "1.012275", "1.014748", "2.000033", "1.116835"]
    result = services.import_records([shipped()[code] for code in wanted])
    assert result.created == len(wanted)
    karaoke = Procedure.objects.get(code="1.001029")
    assert karaoke.is_index_only
    assert [a.name for a in karaoke.agencies.all()] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert [p.code for p in selectors.search_procedures("karaoke")][0] == "1.001029"  # the licence first
    assert [p.code for p in selectors.search_procedures("vu truong")][0] == "1.001008"
    assert "2.001628" in [p.code for p in selectors.search_procedures("lữ hành")]
    assert "1.012275" in [p.code for p in selectors.search_procedures("khám bệnh")]
    pharmacist = Procedure.objects.get(code="1.014092")
    assert pharmacist.record_status == "full" and pharmacist.time_value == Decimal(20)
    assert pharmacist.documents.count() == 7 and pharmacist.fees.get().amount == 500000
    assert [a.name for a in pharmacist.agencies.all()] == ["Sở Y tế"]
    benefit = Procedure.objects.get(code="1.014748")
    assert [a.name for a in benefit.agencies.all()] == ["Sở Nội vụ"]
    school = Procedure.objects.get(code="1.116835")
    assert school.agencies.count() == 94
    assert {a.kind for a in school.agencies.all()} == {Agency.Kind.PEOPLES_COMMITTEE}
    religion = Agency.objects.get(code="000.00.16.H17")
    assert religion.name == "Sở Dân tộc và Tôn giáo" and religion.kind == Agency.Kind.DEPARTMENT
