"""A procedure known only from the national index (record_status "index_only") is found, read
and routed like any other, but not offered for online submission until an editor completes it:
the page says what is known and links the national portal, the services and the API refuse it
with a field error on ``procedure``, and completing it in the admin makes it submittable."""

import json

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from motcua.accounts.models import User
from motcua.catalogue import records, selectors, services
from motcua.catalogue.models import Procedure
from motcua.catalogue.sources.portal_index import index_record
from motcua.catalogue.tests.factories import admin_change_data
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import citizen, pdf_upload
from motcua.units.models import Agency
from motcua.units.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db

URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-ad75-7498-8351-f28ea12bf605"
ROW = {
    "ma_thu_tuc": "1.001029",
    "ten_thu_tuc": "Thủ tục cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
    "cap_thuc_hien": "Cấp tỉnh",
    "loai_thu_tuc": "TTHC Tiêu chuẩn",
    "linh_vuc": "Văn hóa",
    "co_quan_ban_hanh": "Bộ Văn hóa, Thể thao và Du lịch",
    "co_quan_thuc_hien_noi_khac": "Sở Văn hóa, Thể thao và Du lịch tỉnh Gia Lai",
    "detail_url": URL,
}
REFUSAL = (
    "Thủ tục này chưa nhận hồ sơ trực tuyến: thông tin đầy đủ của thủ tục (thành phần hồ sơ, thời hạn giải "
    "quyết, phí, lệ phí) đang được cập nhật. Vui lòng liên hệ cơ quan tiếp nhận hoặc xem thủ tục trên Cổng "
    f"Dịch vụ công quốc gia: {URL}."
)


@pytest.fixture
def culture():
    city = UnitFactory(code="48", name="Đà Nẵng", kind="city", level="province")
    return AgencyFactory(
        code="000.00.09.H17", name="Sở Văn hóa, Thể thao và Du lịch", kind=Agency.Kind.DEPARTMENT, unit=city
    )


@pytest.fixture
def karaoke(culture):
    procedure, outcome = services.save_procedure(index_record(ROW))
    assert outcome == "created"
    return procedure


def test_the_index_row_is_an_index_only_record_routed_to_the_department(karaoke, culture):
    assert karaoke.record_status == Procedure.RecordStatus.INDEX_ONLY and karaoke.is_index_only
    assert karaoke.issuing_body == "Bộ Văn hóa, Thể thao và Du lịch"
    assert karaoke.levels == ["city"] and karaoke.source_url == URL
    assert list(karaoke.agencies.all()) == [culture]  # by field, not the other province's wording
    assert not karaoke.documents.exists() and karaoke.time_value is None


def test_search_finds_it(karaoke):
    assert list(selectors.search_procedures("karaoke")) == [karaoke]


def test_the_page_says_what_is_known_and_links_the_national_portal(client, karaoke):
    page = client.get(f"/thu-tuc/{karaoke.code}/").content.decode()
    assert 'id="nop-ho-so"' not in page and "Nộp hồ sơ trực tuyến</a>" not in page
    assert "Chưa nhận hồ sơ trực tuyến thủ tục này." in page
    assert "Thủ tục đang được hoàn thiện thông tin." in page
    assert "Bộ Văn hóa, Thể thao và Du lịch" in page
    assert f'href="{URL}"' in page


def test_the_api_gives_the_record_status(client, karaoke):
    listed = client.get("/api/v1/procedures", {"q": "karaoke"}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(row["code"], row["record_status"]) for row in rows] == [("1.001029", "index_only")]
    detail = client.get("/api/v1/procedures/1.001029").json()
    assert detail["record_status"] == "index_only"
    assert detail["issuing_body"] == "Bộ Văn hóa, Thể thao và Du lịch"
    assert detail["documents"] == [] and detail["source_url"] == URL


def test_the_services_refuse_it_in_vietnamese(karaoke):
    user = citizen()
    with pytest.raises(ValidationError) as error:
        dossier_services.start_draft(karaoke, user=user)
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    with pytest.raises(ValidationError) as error:
        dossier_services.submit_new(karaoke, user=user, form_values={}, uploads=[("1", pdf_upload())])
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    assert not Dossier.objects.exists()


def test_the_web_form_is_not_opened(client, karaoke):
    client.force_login(citizen())
    response = client.get(f"/thu-tuc/{karaoke.code}/nop-ho-so/", follow=True)
    assert response.redirect_chain == [(f"/thu-tuc/{karaoke.code}/", 302)]
    assert REFUSAL in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_api_answers_400_on_the_procedure_field(karaoke):
    api = APIClient()
    api.force_authenticate(citizen())
    response = api.post(
        "/api/v1/dossiers",
        {"procedure": karaoke.code, "form_data": json.dumps({}), "document_1": pdf_upload()},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"procedure": [REFUSAL]}
    assert not Dossier.objects.exists()


def test_clean_record_refuses_full_without_what_processing_needs():
    record = {**index_record(ROW), "record_status": "full"}
    with pytest.raises(records.RecordError) as error:
        records.clean_record(record)
    message = error.value.errors["record_status"][0]
    assert "thời hạn giải quyết" in message and "ít nhất một thành phần hồ sơ" in message
    completed = {
        **record,
        "processing_time": {"value": 10, "unit": "working_days", "text": "10 ngày làm việc"},
        "documents": [{"name": "Đơn đề nghị cấp Giấy phép (Mẫu số 01)", "originals": 1}],
    }
    assert records.clean_record(completed)["record_status"] == "full"
    # Saying nothing: full when complete, index-only otherwise.
    assert records.clean_record({**completed, "record_status": ""})["record_status"] == "full"
    assert records.clean_record({**record, "record_status": None})["record_status"] == "index_only"


def test_an_editor_completes_it_in_the_admin_and_it_becomes_submittable(client, karaoke):
    editor = User.objects.create_superuser("bientap", password="mat-khau-dai-hon", kind=User.Kind.OFFICER)
    client.force_login(editor)
    url = f"/quan-tri/catalogue/procedure/{karaoke.pk}/change/"
    data = admin_change_data(client, karaoke, record_status="full", applicant_types=[])
    # Full without a time limit or a document: refused, and the record stays index-only.
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Bản ghi đầy đủ phải có thời hạn giải quyết và ít nhất một thành phần hồ sơ" in refused.content.decode()
    assert Procedure.objects.get(pk=karaoke.pk).is_index_only

    data.update(
        {
            "time_value": "10",
            "time_unit": "working_days",
            "time_text": "10 ngày làm việc",
            "documents-TOTAL_FORMS": "1",
            "documents-0-order": "1",
            "documents-0-name": "Đơn đề nghị cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "documents-0-kind": "submit",
            "documents-0-required": "on",
            "documents-0-originals": "1",
            "documents-0-copies": "0",
        }
    )
    # Made full for dossiers, it must also say what it costs and what it issues (quality.py).
    refused = client.post(url, data)
    assert "Chưa công bố được để nhận hồ sơ: thiếu kết quả thực hiện" in refused.content.decode()
    data.update(
        {
            "result": "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            "fees-TOTAL_FORMS": "1",
            "fees-0-order": "1",
            "fees-0-kind": "fee",
            "fees-0-currency": "VND",
            "fees-0-set_by": "law",
            "fees-0-description": "Phí thẩm định cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        }
    )
    saved = client.post(url, data)
    errors = (
        [
            (f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
            for f in saved.context["inline_admin_formsets"]
        ]
        if saved.context
        else []
    )
    assert saved.status_code == 302, errors
    completed = Procedure.objects.get(pk=karaoke.pk)
    assert completed.record_status == "full" and completed.documents.count() == 1
    dossier_services.refuse_if_handled_elsewhere(completed)  # no longer refused
    assert completed.versions.order_by("-number").first().data["record_status"] == "full"
