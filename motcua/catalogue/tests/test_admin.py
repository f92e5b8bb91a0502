import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.catalogue import exchange, selectors
from motcua.catalogue.models import Procedure
from motcua.catalogue.tests.factories import ProcedureRecordFactory, admin_change_data, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("bientap", password="mat-khau-dai-hon", kind=User.Kind.OFFICER)
    client.force_login(user)
    return user


def upload(client, name, content):
    return client.post("/quan-tri/catalogue/procedure/nhap/", {"file": SimpleUploadedFile(name, content)})


def test_editor_imports_a_json_file_from_the_admin(client, editor):
    records = [ProcedureRecordFactory(code="1.001193", name="Đăng ký khai sinh")]
    response = upload(client, "danh-muc.json", json.dumps(records).encode())
    assert response.status_code == 302
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.versions.get().created_by == editor
    messages = client.get(response["Location"]).content.decode()
    assert "Đã nhập 1 thủ tục: 1 mới" in messages


def test_a_bad_excel_row_is_shown_and_nothing_changes(client, editor):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")
    workbook = load_workbook(BytesIO(exchange.write_excel(exchange.export_records())))
    workbook["Thủ tục"]["B2"] = ""
    workbook["Thủ tục"]["A2"] = "1.001193"
    buffer = BytesIO()
    workbook.save(buffer)
    response = upload(client, "danh-muc.xlsx", buffer.getvalue())
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp bị từ chối, không thay đổi gì" in html
    assert "Trang “Thủ tục”, dòng 2 (mã 1.001193), tên thủ tục: Tên thủ tục không được để trống." in html
    assert Procedure.objects.get(code="1.001193").name == "Đăng ký khai sinh"


def test_editing_in_the_admin_keeps_a_version_and_reindexes(client, editor):
    procedure = make_procedure(code="1.001193", name="Đăng ký khai sinh")
    data = admin_change_data(client, procedure, name="Đăng ký khai sinh lưu động", time_value="3")
    response = client.post(f"/quan-tri/catalogue/procedure/{procedure.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert [v.number for v in procedure.versions.all()] == [2, 1]
    assert [p.name for p in selectors.search_procedures("khai sinh luu dong")] == ["Đăng ký khai sinh lưu động"]
