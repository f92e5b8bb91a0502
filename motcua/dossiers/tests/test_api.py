import json

import pytest
from rest_framework.test import APIClient

from motcua.accounts.tests.factories import PASSWORD
from motcua.dossiers import services
from motcua.dossiers.models import Access, Dossier, Status
from motcua.dossiers.tests.factories import birth_values, citizen, exe_upload, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return citizen()


@pytest.fixture
def api(user):
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token", {"username": user.national_id, "password": PASSWORD}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def post_dossier(api, user, agency, key=None, **values):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(
        "/api/v1/dossiers",
        {
            "procedure": "1.001193",
            "form_data": json.dumps(birth_values(user, agency.unit, **values)),
            "document_1": pdf_upload(),
        },
        format="multipart",
        **headers,
    )


def test_token_needs_the_right_password():
    user = citizen()
    response = APIClient().post("/api/v1/auth/token", {"username": user.national_id, "password": "sai"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"password": ["Tên đăng nhập hoặc mật khẩu không đúng."]}


def test_post_creates_a_dossier_and_a_replay_returns_it(api, user, agency, procedure):
    created = post_dossier(api, user, agency, key="don-1")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["code"].startswith("000.23.00.H17-") and body["status"] == {
        "code": 1,
        "name": "Mới đăng ký, chờ tiếp nhận",
    }
    assert body["files"][0]["original_name"] == "giay-chung-sinh.pdf"

    replay = post_dossier(api, user, agency, key="don-1")
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["code"] == body["code"]
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    "values, upload, field, message",
    [
        ({"requester_id": "123"}, pdf_upload, "form_data.requester_id", "Số định danh cá nhân phải gồm đúng 12 chữ số"),
        ({"mother_name": None}, pdf_upload, "form_data.mother_name", "Vui lòng nhập họ, chữ đệm, tên người mẹ."),
        ({}, exe_upload, "document_1", "không phải là tệp hợp lệ"),
    ],
)
def test_bad_input_is_a_400_on_the_field_and_changes_nothing(
    api, user, agency, procedure, values, upload, field, message
):
    response = api.post(
        "/api/v1/dossiers",
        {
            "procedure": "1.001193",
            "form_data": json.dumps(birth_values(user, agency.unit, **values)),
            "document_1": upload(),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert not Dossier.objects.exists()


def test_unknown_procedure_and_malformed_form_data_are_named(api):
    response = api.post("/api/v1/dossiers", {"procedure": "9.999999", "form_data": "{}"}, format="multipart")
    assert response.json() == {"procedure": ["Không có thủ tục với mã này."]}
    response = api.post("/api/v1/dossiers", {"procedure": "1.001193", "form_data": "{khong"}, format="multipart")
    assert response.json() == {"form_data": ["Phải là một đối tượng JSON hợp lệ."]}


def test_list_detail_withdraw_and_each_view_is_logged(api, user, agency, procedure):
    code = post_dossier(api, user, agency).json()["code"]
    listed = api.get("/api/v1/dossiers").json()
    assert listed["count"] == 1 and listed["results"][0]["code"] == code
    detail = api.get(f"/api/v1/dossiers/{code}").json()
    assert [e["action"] for e in detail["events"]] == ["created", "submitted"]
    assert Access.objects.filter(dossier__code=code, channel="api", user=user).count() == 1

    assert api.post(f"/api/v1/dossiers/{code}/withdraw", {}, format="json").json() == {
        "reason": ["Trường này là bắt buộc."]
    }
    withdrawn = api.post(f"/api/v1/dossiers/{code}/withdraw", {"reason": "Nộp nhầm"}, format="json")
    assert withdrawn.json()["status"]["code"] == Status.WITHDRAW_REQUESTED


def test_someone_elses_dossier_is_not_found(api, agency, procedure):
    other = citizen()
    client = APIClient()
    client.force_authenticate(other)
    code = post_dossier(client, other, agency).json()["code"]
    assert api.get(f"/api/v1/dossiers/{code}").status_code == 404
    assert api.post(f"/api/v1/dossiers/{code}/withdraw", {"reason": "x"}, format="json").status_code == 404


def test_supplement_over_the_api(api, user, agency, procedure):
    from motcua.accounts.models import Membership, Role

    code = post_dossier(api, user, agency).json()["code"]
    officer = citizen()
    Membership.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    services.request_supplement(Dossier.objects.get(code=code), officer=officer, reason="Ảnh mờ", orders=[1])

    wrong = api.post(f"/api/v1/dossiers/{code}/supplement", {"document_2": pdf_upload()}, format="multipart")
    assert wrong.status_code == 400 and "document_1" in wrong.json()
    done = api.post(f"/api/v1/dossiers/{code}/supplement", {"document_1": pdf_upload("ro.pdf")}, format="multipart")
    assert done.status_code == 200 and done.json()["status"]["code"] == Status.SUBMITTED


def test_public_status_shows_no_personal_data_and_is_rate_limited(api, user, agency, procedure):
    code = post_dossier(api, user, agency).json()["code"]
    public = APIClient()
    response = public.get("/api/v1/dossier-status", {"code": code, "phone": user.phone})
    assert response.status_code == 200
    body = response.json()
    assert body["status"]["code"] == 1 and user.full_name not in json.dumps(body, ensure_ascii=False)
    assert set(body) == {"code", "procedure", "procedure_name", "agency", "status", "submitted_at", "due_at"}
    assert public.get("/api/v1/dossier-status", {"code": code, "phone": "0900000000"}).status_code == 404
    assert public.get("/api/v1/dossier-status", {"code": code}).json() == {
        "phone": ["Vui lòng nhập số điện thoại hoặc số định danh (tham số id) của người nộp."]
    }
    statuses = [
        public.get("/api/v1/dossier-status", {"code": code, "id": user.national_id}).status_code for _ in range(25)
    ]
    assert 429 in statuses and statuses.index(429) <= 20


def test_the_procedure_form_is_published_for_clients(api, procedure):
    body = APIClient().get("/api/v1/procedures/1.001193/form").json()
    assert body["title"] == "Tờ khai đăng ký khai sinh"
    assert "child_name" in body["schema"]["required"]
    assert {"value": "Nam", "label": "Nam"} in body["choices"]["child_gender"]


def test_the_schema_documents_the_names_outside_clients_rely_on():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in [
        "/api/v1/auth/token",
        "/api/v1/dossiers",
        "/api/v1/dossiers/{code}",
        "/api/v1/dossiers/{code}/supplement",
        "/api/v1/dossiers/{code}/withdraw",
        "/api/v1/dossier-status",
    ]:
        assert path in schema["paths"], path


def test_an_agent_submits_over_the_api_and_the_applicant_then_sees_it(agency, procedure):
    from motcua.accounts.models import User
    from motcua.accounts.tests.factories import AgentFactory
    from motcua.dossiers.tests.factories import birth_values

    agent = AgentFactory()
    client = APIClient()
    client.force_authenticate(agent)
    applicant_values = {"national_id": "048060000777", "full_name": "Phan Thị Tư", "phone": "0905000777"}
    person = type("P", (), {"full_name": "Phan Thị Tư", "national_id": "048060000777", "phone": "0905000777"})
    body = {
        "procedure": "1.001193",
        "form_data": json.dumps(birth_values(person, agency.unit)),
        "document_1": pdf_upload(),
        "on_behalf_of": json.dumps(applicant_values),
    }
    refused = client.post("/api/v1/dossiers", body, format="multipart")
    assert refused.status_code == 400 and "consent_method" in refused.json()
    assert not User.objects.filter(national_id="048060000777").exists()  # no account opened for a refusal
    body["document_1"] = pdf_upload()
    made = client.post(
        "/api/v1/dossiers", {**body, "consent_method": "Giấy ủy quyền ngày 20/11/2026"}, format="multipart"
    )
    assert made.status_code == 201, made.json()
    dossier = Dossier.objects.get(code=made.json()["code"])
    assert dossier.submitted_by == agent and dossier.applicant.national_id == "048060000777"
    as_applicant = APIClient()
    as_applicant.force_authenticate(dossier.applicant)
    assert as_applicant.get(f"/api/v1/dossiers/{dossier.code}").status_code == 200
    citizen_client = APIClient()
    citizen_client.force_authenticate(citizen())
    assert citizen_client.post("/api/v1/dossiers", body, format="multipart").json() == {
        "on_behalf_of": ["Chỉ đại lý dịch vụ công được nộp hồ sơ thay người khác."]
    }
