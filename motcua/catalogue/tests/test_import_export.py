import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from motcua.catalogue import exchange, selectors, services
from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.catalogue.tests.factories import ProcedureRecordFactory, make_procedure

pytestmark = pytest.mark.django_db


def test_import_creates_procedures_with_their_structure():
    records = [ProcedureRecordFactory(code="1.001193", name="Đăng ký khai sinh"), ProcedureRecordFactory()]
    result = services.import_records(records)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    birth = Procedure.objects.get(code="1.001193")
    assert birth.documents.get().name == "Tờ khai theo mẫu"
    assert birth.fees.get().amount == 8000
    assert birth.processing_time_display == "3 ngày làm việc"
    assert birth.versions.count() == 1


def test_one_bad_row_rejects_the_whole_file_with_a_message_per_problem():
    make_procedure(code="1.000001", name="Đã có từ trước")
    records = [
        ProcedureRecordFactory(code="1.000001", name="Tên mới không được lưu"),
        ProcedureRecordFactory(code="1.0001", name="Mã sai"),
        ProcedureRecordFactory(name="", levels=["district"]),
        ProcedureRecordFactory(documents=[{"name": "", "originals": "hai"}]),
    ]
    with pytest.raises(services.CatalogueImportError) as caught:
        services.import_records(records)
    text = "\n".join(caught.value.errors)
    assert "Thủ tục thứ 2, mã thủ tục: Mã thủ tục phải có dạng" in text
    assert "Thủ tục thứ 3, tên thủ tục: Tên thủ tục không được để trống." in text
    assert "Thủ tục thứ 3, cấp thực hiện: Cấp thực hiện “district” không hợp lệ" in text
    assert "Thủ tục thứ 4, Thành phần hồ sơ dòng 1: “hai” không phải là số." in text
    assert "Thủ tục thứ 4, Thành phần hồ sơ dòng 1: Tên không được để trống." in text
    assert Procedure.objects.get(code="1.000001").name == "Đã có từ trước"
    assert Procedure.objects.count() == 1


def test_duplicate_codes_in_one_file_are_refused():
    with pytest.raises(services.CatalogueImportError) as caught:
        services.import_records([ProcedureRecordFactory(code="1.000002"), ProcedureRecordFactory(code="1.000002")])
    assert "trùng với Thủ tục thứ 1" in caught.value.errors[0]
    assert not Procedure.objects.exists()


def test_unknown_agency_codes_are_refused():
    with pytest.raises(services.CatalogueImportError) as caught:
        services.import_records([ProcedureRecordFactory(agencies=["000.00.99.H17"])])
    assert "Không có cơ quan mã 000.00.99.H17" in caught.value.errors[0]


def test_an_edit_keeps_the_version_a_dossier_referred_to():
    procedure = make_procedure(code="1.001193", name="Đăng ký khai sinh")
    first = procedure.versions.get()
    record = selectors.procedure_record(procedure)
    record["fees"] = [
        {"kind": "charge", "amount": 0, "description": "Miễn lệ phí khi nộp trực tuyến", "channel": "online"}
    ]
    _, outcome = services.save_procedure(record, note="Nghị quyết miễn phí trực tuyến")
    assert outcome == "updated"
    assert [v.number for v in procedure.versions.all()] == [2, 1]
    first.refresh_from_db()
    assert first.data["fees"][0]["amount"] == 8000  # the old version still says what it said
    assert procedure.versions.first().data["fees"][0]["amount"] == 0
    assert procedure.fees.get().amount_display == "0 đồng"


def test_importing_the_same_content_again_changes_nothing():
    records = [ProcedureRecordFactory(code="1.001193")]
    services.import_records(records)
    again = services.import_records(records)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert ProcedureVersion.objects.count() == 1


def test_json_export_imports_back_unchanged(tmp_path):
    make_procedure(
        code="1.001193", name="Đăng ký khai sinh", levels=["city", "commune"], applicant_types=["business", "citizen"]
    )
    make_procedure(code="2.000001", processing_time=None, fees=[], channels=[])
    path = tmp_path / "catalogue.json"
    call_command("export_catalogue", str(path), stdout=io.StringIO())
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert [r["code"] for r in exported] == ["1.001193", "2.000001"]
    assert exported[0]["levels"] == ["city", "commune"]
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out)
    assert "0 mới, 0 cập nhật, 2 không đổi" in out.getvalue()


def test_excel_export_imports_back_unchanged_and_edits_apply():
    make_procedure(code="1.001193", name="Đăng ký khai sinh")
    data = exchange.write_excel(exchange.export_records())
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        "Thủ tục",
        "Trình tự",
        "Cách thức",
        "Phí lệ phí",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
    ]
    records, labels = exchange.read_excel(data)
    assert services.import_records(records, row_labels=labels).unchanged == 1

    workbook["Phí lệ phí"]["C2"] = 10000  # the amount column of the first fee
    buffer = io.BytesIO()
    workbook.save(buffer)
    records, labels = exchange.read_excel(buffer.getvalue())
    assert services.import_records(records, row_labels=labels).updated == 1
    assert Procedure.objects.get(code="1.001193").fees.get().amount == 10000


def test_excel_errors_name_the_sheet_and_row():
    make_procedure(code="1.001193")
    workbook = load_workbook(io.BytesIO(exchange.write_excel(exchange.export_records())))
    workbook["Thủ tục"]["F2"] = "cao"  # online level
    workbook["Thành phần hồ sơ"].append(["9.999999", "", "Giấy tờ lạc", "", 1, 0, ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(services.CatalogueImportError) as caught:
        records, labels = exchange.read_excel(buffer.getvalue())
        services.import_records(records, row_labels=labels)
    assert caught.value.errors == [
        "Trang “Thành phần hồ sơ”, dòng 3: mã thủ tục “9.999999” không có trong trang “Thủ tục”."
    ]
    workbook["Thành phần hồ sơ"].delete_rows(3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    records, labels = exchange.read_excel(buffer.getvalue())
    with pytest.raises(services.CatalogueImportError) as caught:
        services.import_records(records, row_labels=labels)
    assert caught.value.errors[0].startswith(
        "Trang “Thủ tục”, dòng 2 (mã 1.001193), mức độ trực tuyến: Mức độ trực tuyến “cao” không hợp lệ"
    )


def test_files_that_are_not_catalogues_get_a_clear_message(tmp_path):
    with pytest.raises(services.CatalogueImportError, match="không đọc được"):
        exchange.read_excel(b"PK\x03\x04 not really a workbook")
    with pytest.raises(services.CatalogueImportError, match="không đọc được"):
        exchange.read_json(b"{not json")
    with pytest.raises(services.CatalogueImportError, match="danh sách"):
        exchange.read_json(b'{"code": "1.001193"}')
    bad = tmp_path / "bad.json"
    bad.write_text('[{"code": "x"}]', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="không thay đổi gì"):
        call_command("import_catalogue", str(bad), stderr=err)
    assert "mã thủ tục" in err.getvalue()


def test_values_longer_than_the_database_allows_are_refused_in_vietnamese():
    with pytest.raises(services.CatalogueImportError) as caught:
        services.import_records(
            [ProcedureRecordFactory(decision_number="QĐ" * 150, legal_basis=[{"name": "Luật", "number": "9" * 300}])]
        )
    text = "\n".join(caught.value.errors)
    assert "quyết định công bố: Quá dài: 300 ký tự, tối đa 200." in text
    assert "Căn cứ pháp lý dòng 1: Quá dài: 300 ký tự, tối đa 200." in text
    assert not Procedure.objects.exists()


PARSED = {
    "processing_time": {
        "value": 15,
        "unit": "same_day",
        "text": "Trong ngày; nhận sau 15 giờ trả ngày làm việc tiếp theo",
    },
    "documents_note": "- Người tiếp nhận có trách nhiệm tiếp nhận đúng, đủ hồ sơ",
    "result": "Giấy khai sinh",
    "result_refusal": "Văn bản từ chối nêu rõ lý do",
    "documents": [
        {"name": "Giấy chứng sinh", "originals": 1, "note": "Trường hợp không có Giấy chứng sinh thì nộp văn bản"},
        {"name": "Văn bản ủy quyền", "originals": 1, "condition": "Trường hợp ủy quyền"},
        {"name": "Hộ chiếu hoặc thẻ căn cước", "originals": 1, "kind": "show"},
        {"name": "Giấy tờ khác (nếu có)", "copies": 1, "required": False},
    ],
    "fees": [
        {"kind": "charge", "amount": None, "set_by": "province", "description": "Mức do HĐND tỉnh quyết định"},
        {"kind": "charge", "amount": 0, "condition": "đăng ký đúng hạn"},
        {"kind": "fee", "amount": 8000, "per": "bản", "condition": "cấp bản sao (nếu có yêu cầu)"},
    ],
    "legal_basis": [
        {
            "name": "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ",
            "number": "123/2015/NĐ-CP",
            "date": "2015-11-15",
            "issuer": "Chính phủ",
        },
    ],
}


def test_the_parsed_structure_is_kept_by_the_model_the_versions_and_both_file_formats():
    procedure = make_procedure(code="1.001193", name="Đăng ký khai sinh", **PARSED)
    assert procedure.processing_time_display == (
        "Trong ngày làm việc (nhận sau 15 giờ: trả trong ngày làm việc tiếp theo)"
    )
    documents = list(procedure.documents.all())
    assert [(d.kind, d.required, d.always_required) for d in documents] == [
        ("submit", True, True),
        ("submit", True, False),
        ("show", True, True),
        ("submit", False, False),
    ]
    assert documents[1].condition == "Trường hợp ủy quyền" and documents[0].note.startswith("Trường hợp không có")
    assert documents[3].label == "Giấy tờ khác (nếu có)"
    fees = list(procedure.fees.all())
    assert [f.amount_display for f in fees] == ["Do Hội đồng nhân dân cấp tỉnh quyết định", "0 đồng", "8.000 đồng/bản"]
    basis = procedure.legal_basis.get()
    assert (str(basis.date), basis.issuer) == ("2015-11-15", "Chính phủ")
    data = procedure.versions.get().data
    assert data["documents"][2]["kind"] == "show" and data["documents"][3]["required"] is False
    assert data["fees"][0]["set_by"] == "province" and data["legal_basis"][0]["date"] == "2015-11-15"
    assert data["documents_note"] == PARSED["documents_note"] and data["result_refusal"] == PARSED["result_refusal"]

    records = exchange.read_json(exchange.write_json(exchange.export_records()))
    assert services.import_records(records).unchanged == 1
    records, labels = exchange.read_excel(exchange.write_excel(exchange.export_records()))
    assert services.import_records(records, row_labels=labels).unchanged == 1
    assert ProcedureVersion.objects.count() == 1


def test_a_record_written_before_these_fields_still_imports():
    record = ProcedureRecordFactory(
        documents=[
            {"group": "", "name": "Tờ khai", "template_name": "", "originals": 1, "copies": 0, "quantity_text": ""}
        ],
        fees=[{"kind": "charge", "amount": 8000, "currency": "VND", "channel": "", "description": ""}],
        legal_basis=[{"name": "Luật Hộ tịch", "number": "60/2014/QH13"}],
        processing_time={"value": 3, "unit": "working_days", "text": ""},
    )
    procedure, _ = services.save_procedure(record)
    document = procedure.documents.get()
    assert (document.kind, document.required, document.condition, document.note) == ("submit", True, "", "")
    assert procedure.fees.get().set_by == "" and procedure.legal_basis.get().date is None


def test_the_new_fields_are_checked_in_vietnamese():
    record = ProcedureRecordFactory(
        documents=[{"name": "Tờ khai", "kind": "upload", "required": "có lẽ"}],
        fees=[{"amount": None, "set_by": "city"}],
        legal_basis=[{"name": "Luật", "date": "15/11/2015"}],
        processing_time={"value": 15, "unit": "same_days"},
    )
    with pytest.raises(services.CatalogueImportError) as caught:
        services.import_records([record])
    text = "\n".join(caught.value.errors)
    assert "Thành phần hồ sơ dòng 1: Nộp/xuất trình “upload” không hợp lệ; dùng một trong: submit, show." in text
    assert "Thành phần hồ sơ dòng 1: “có lẽ” không phải là có/không." in text
    assert "Phí, lệ phí dòng 1: Mức thu “city” không hợp lệ" in text
    assert "Căn cứ pháp lý dòng 1: “15/11/2015” không phải ngày hợp lệ (YYYY-MM-DD)." in text
    assert "thời hạn: Đơn vị thời hạn “same_days” không hợp lệ" in text


def test_the_fee_quoted_at_submission_leaves_cases_and_provincial_rates_to_the_office():
    from datetime import date

    procedure = make_procedure(**PARSED)
    assert selectors.fee_quote(procedure, channel="online", on=date(2026, 11, 25)).amount is None  # HĐND sets it
    procedure = make_procedure(
        fees=[
            {"kind": "charge", "amount": 135000, "per": "lần"},
            {
                "kind": "charge",
                "amount": 115000,
                "per": "lần",
                "channel": "online",
                "condition": "nộp trực tuyến",
                "valid_to": "2025-12-31",
            },
            {"kind": "fee", "amount": 5000, "condition": "cấp bản sao (nếu có yêu cầu)"},
        ]
    )
    assert selectors.fee_quote(procedure, channel="online", on=date(2025, 6, 1)).amount == 115000
    assert selectors.fee_quote(procedure, channel="online", on=date(2026, 11, 25)).amount == 135000
    assert selectors.fee_quote(procedure, channel="direct", on=date(2025, 6, 1)).amount == 135000
    procedure = make_procedure(fees=[{"kind": "fee", "amount": 2000, "per": "trang"}])
    assert selectors.fee_quote(procedure, channel="direct").amount is None  # per page: no one figure
