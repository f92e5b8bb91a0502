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
