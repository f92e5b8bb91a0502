"""Every procedure can be submitted properly: the generic form where there is no e-form of its
own, and a file for every document the applicant must hand in (issue 15)."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload, shipped_procedure
from motcua.eforms.engine import FormSpec, check_definition
from motcua.eforms.selectors import GENERIC_FORM_TITLE, form_for, generic_definition

pytestmark = pytest.mark.django_db

CERTIFICATE = {"name": "Giấy xác nhận của tổ dân phố", "originals": 1}
ATTORNEY = {"name": "Văn bản ủy quyền", "condition": "Trường hợp ủy quyền", "originals": 1}
OPTIONAL = {"name": "Ảnh chụp hiện trạng", "required": False, "copies": 1}
ID_CARD = {"name": "Thẻ căn cước", "kind": "show", "originals": 1}


@pytest.fixture
def plain(agency):
    """A procedure with no e-form of its own: one document for everyone, one for a case, one
    "nếu có", one shown at the desk."""
    return make_procedure(
        code="2.000001",
        name="Thủ tục xác nhận thông tin thử nghiệm",
        result="Giấy xác nhận",
        agencies=[agency.code],
        documents=[CERTIFICATE, ATTORNEY, OPTIONAL, ID_CARD],
    )


@pytest.fixture
def person(agency):
    return citizen(
        full_name="Lê Thị Hồng",
        national_id="048195000123",
        phone="0905111222",
        email="hong@example.vn",
        address="12 Bạch Đằng",
        address_unit=agency.unit,
        date_of_birth=date(1995, 3, 8),
    )


def request_values(user, **overrides):
    values = {
        "requester_name": user.full_name,
        "requester_id": user.national_id,
        "requester_address": "12 Bạch Đằng",
        "requester_phone": user.phone,
        "request": "Đề nghị xác nhận nơi cư trú để bổ sung hồ sơ xin việc.",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


# --- the generic form --------------------------------------------------------------------------------
def test_the_generic_form_is_a_usable_definition_that_names_the_procedure(plain):
    definition = generic_definition(plain)
    assert check_definition(definition["schema"], definition["layout"]) == []
    spec = FormSpec.from_definition(definition)
    assert spec.title == GENERIC_FORM_TITLE
    assert [f.name for f in spec.fields.values() if f.required] == [
        "requester_name",
        "requester_id",
        "requester_address",
        "requester_phone",
        "request",
    ]
    assert spec.fields["request"].label == "Nội dung yêu cầu" and spec.fields["request"].widget == "textarea"
    assert "xác nhận thông tin thử nghiệm" in spec.fields["request"].help
    assert "Kết quả: Giấy xác nhận." in spec.fields["request"].help
    assert {f.prefill for f in spec.fields.values()} >= {
        "profile.full_name",
        "profile.date_of_birth",
        "profile.national_id",
        "profile.address",
        "profile.phone",
        "profile.email",
    }


def test_form_for_gives_the_e_form_when_there_is_one_and_the_generic_one_otherwise(plain, procedure):
    eform, spec = form_for(procedure)
    assert eform is not None and spec.title == "Tờ khai đăng ký khai sinh"
    eform, spec = form_for(plain)
    assert eform is None and spec.title == GENERIC_FORM_TITLE


def test_a_draft_of_a_procedure_without_e_form_is_pre_filled_from_the_profile_and_keeps_its_form(plain, person):
    earlier = services.start_draft(plain, user=person)
    earlier.form_data = {**earlier.form_data, "request": "Việc của lần trước"}
    earlier.save()

    draft = services.start_draft(plain, user=person)
    assert draft.eform is None and draft.form_definition == generic_definition(plain)
    assert draft.form_data == {
        "requester_name": "Lê Thị Hồng",
        "requester_birth_date": "1995-03-08",
        "requester_id": "048195000123",
        "requester_address": "12 Bạch Đằng",
        "requester_phone": "0905111222",
        "requester_email": "hong@example.vn",
    }  # what one dossier asked is not carried into the next

    # The record changes later: the dossier still reads with the form it was filled with.
    plain.name = "Thủ tục đã đổi tên"
    plain.save()
    assert "xác nhận thông tin thử nghiệm" in selectors.form_spec(draft).fields["request"].help


def test_the_generic_form_is_checked_on_submission_like_any_other(plain, person):
    draft = services.start_draft(plain, user=person)
    services.add_file(draft, user=person, document_order=1, upload=pdf_upload())
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=person)
    assert error.value.message_dict == {"form_data.request": ["Vui lòng nhập nội dung yêu cầu."]}

    services.save_draft(draft, user=person, data={**draft.form_data, "request": "Đề nghị xác nhận nơi cư trú."})
    sent = services.submit(draft, user=person)
    assert sent.status == Status.SUBMITTED
    readable = {f.label: f.display for s in selectors.readable_values(sent) for f in s.fields}
    assert readable["Nội dung yêu cầu"] == "Đề nghị xác nhận nơi cư trú."


def test_a_draft_begun_before_generic_forms_gets_one_when_saved(plain, person):
    draft = services.start_draft(plain, user=person)
    Dossier.objects.filter(pk=draft.pk).update(form_definition={}, form_data={})
    draft.refresh_from_db()
    services.save_draft(draft, user=person, data=request_values(person))
    draft.refresh_from_db()
    assert draft.form_definition == generic_definition(plain)
    assert draft.form_data["request"].startswith("Đề nghị")


def test_submit_new_of_a_procedure_without_e_form_checks_the_form_and_the_files_before_anything(plain, person):
    with pytest.raises(ValidationError) as error:
        services.submit_new(plain, user=person, form_values=request_values(person, request=None))
    assert set(error.value.message_dict) == {"form_data.request", "files.1"}
    assert error.value.message_dict["files.1"] == ["Vui lòng đính kèm Giấy xác nhận của tổ dân phố (giấy tờ bắt buộc)."]
    assert not Dossier.objects.exists()

    sent = services.submit_new(
        plain, user=person, form_values=request_values(person), uploads=[(1, pdf_upload())]
    ).dossier
    assert (sent.status, sent.eform, sent.form_definition["title"]) == (Status.SUBMITTED, None, GENERIC_FORM_TITLE)


def test_the_api_gives_the_generic_form_of_a_procedure_without_e_form(plain):
    body = APIClient().get(f"/api/v1/procedures/{plain.code}/form").json()
    assert (body["generic"], body["version"], body["title"]) == (True, None, GENERIC_FORM_TITLE)
    assert "request" in body["schema"]["required"]


def test_the_api_refuses_a_dossier_without_its_required_file_naming_the_document(plain, person):
    from motcua.accounts.tests.factories import PASSWORD

    client = APIClient()
    token = client.post(
        "/api/v1/auth/token", {"username": person.national_id, "password": PASSWORD}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post(
        "/api/v1/dossiers",
        {"procedure": plain.code, "form_data": json.dumps(request_values(person))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["files.1"] == ["Vui lòng đính kèm Giấy xác nhận của tổ dân phố (giấy tờ bắt buộc)."]
    assert not Dossier.objects.exists()


# --- the required documents ----------------------------------------------------------------------------
def test_only_documents_everyone_hands_in_need_a_file(plain):
    documents = {d["name"]: d for d in selectors.required_documents(plain, "online")}
    assert {name for name, d in documents.items() if d["must_upload"]} == {"Giấy xác nhận của tổ dân phố"}
    assert documents["Văn bản ủy quyền"]["conditional"]  # a case of its own
    assert documents["Ảnh chụp hiện trạng"]["conditional"]  # "nếu có"
    assert documents["Thẻ căn cước"]["shown"] and not documents["Thẻ căn cước"]["must_upload"]  # xuất trình


def test_the_real_birth_registration_online_asks_a_handful_of_files_and_one_of_them_for_everyone(agency):
    khai_sinh = shipped_procedure("1.001193", agency)
    online = [d for d in selectors.required_documents(khai_sinh, "online") if d["applies"]]
    assert len(online) == 5
    assert [d["name"] for d in online if d["must_upload"]] == ["Giấy chứng sinh"]
    names = " ".join(d["name"] for d in online)
    assert "Tờ khai đăng ký khai sinh theo mẫu" not in names  # on paper only: online, the e-form
    assert "Mẫu hộ tịch điện tử tương tác" not in names  # the e-form itself
    assert "giấy tờ tùy thân" not in names  # shown at the desk when submitting there

    counter = {d["name"]: d for d in selectors.required_documents(khai_sinh, "counter") if d["applies"]}
    assert [name for name, d in counter.items() if d["must_upload"]] == [
        "Giấy chứng sinh",
        "Tờ khai đăng ký khai sinh theo mẫu",  # the paper declaration is scanned at the counter
    ]


def test_a_dossier_taken_at_the_counter_follows_the_same_rule(plain, agency):
    desk = UserFactory(kind="officer")
    Membership.objects.create(user=desk, agency=agency, role=Role.RECEPTION)
    applicant = citizen()
    draft = services.start_draft(plain, user=desk, applicant=applicant, counter=agency)
    draft.form_data = request_values(applicant)
    draft.save()
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=desk)
    assert set(error.value.message_dict) == {"files.1"}
    services.add_file(draft, user=desk, document_order=1, upload=pdf_upload())
    assert services.submit(draft, user=desk).status == Status.SUBMITTED


def test_a_file_for_another_document_does_not_stand_in_for_a_required_one(procedure, agency):
    user = citizen()
    draft = services.start_draft(procedure, user=user)
    draft.form_data = birth_values(user, agency.unit)
    draft.save()
    services.add_file(draft, user=user, document_order=2, upload=pdf_upload("uy-quyen.pdf"))
    services.add_file(draft, user=user, document_order=None, upload=pdf_upload("khac.pdf"))
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=user)
    assert set(error.value.message_dict) == {"files.1"}


# --- the draft page ---------------------------------------------------------------------------------------
def test_the_draft_page_shows_the_generic_form_pre_filled_and_the_checklist_in_words(client, plain, person):
    client.force_login(person)
    draft = services.start_draft(plain, user=person)
    page = client.get(reverse("dossiers:draft", args=[draft.public_id])).content.decode()
    assert f"<h1>{GENERIC_FORM_TITLE}</h1>" in page
    assert 'name="form-requester_name" value="Lê Thị Hồng"' in page
    assert 'name="form-requester_id" value="048195000123"' in page
    assert 'id="f-request"' in page and "Nội dung yêu cầu" in page
    assert page.count(">Bắt buộc</span>") == 1
    assert ">Theo trường hợp</span>" in page and ">Nếu có</span>" in page and ">Xuất trình</span>" in page
    assert "01 bản chính" in page and "01 bản sao" in page


def test_sending_the_draft_page_without_the_required_file_says_which_one_next_to_it(client, plain, person):
    client.force_login(person)
    draft = services.start_draft(plain, user=person)
    response = client.post(
        reverse("dossiers:draft", args=[draft.public_id]),
        {
            **{f"form-{k}": v for k, v in request_values(person).items()},
            "agency": draft.agency_id,
            "delivery": "online",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="doc-1-error"' in page
    assert "Vui lòng đính kèm Giấy xác nhận của tổ dân phố (giấy tờ bắt buộc)." in page
    assert 'href="#upload-1"' in page  # the summary links to the slot
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
