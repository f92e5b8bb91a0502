"""A procedure the city does not offer online (online level "none", or unknown) is received at
the one-stop counter and by post only: the page says so and offers no online submission, the
services and the API refuse an online one with a field error on ``procedure``, and the counter
still takes the paper dossier."""

import json

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue import services as catalogue_services
from motcua.dossiers import services
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.tests.factories import birth_procedure, citizen, pdf_upload

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Thủ tục này chưa được cung cấp dịch vụ công trực tuyến tại Đà Nẵng: vui lòng nộp hồ sơ trực tiếp tại bộ "
    "phận một cửa của cơ quan tiếp nhận hoặc gửi qua dịch vụ bưu chính công ích."
)


@pytest.fixture
def offline(agency):
    return birth_procedure(agency, online_level="none")


@pytest.mark.parametrize("level", ["none", ""])
def test_the_services_refuse_an_online_submission(agency, level):
    procedure = birth_procedure(agency, online_level=level)
    user = citizen()
    with pytest.raises(ValidationError) as error:
        services.start_draft(procedure, user=user)
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    with pytest.raises(ValidationError) as error:
        services.submit_new(procedure, user=user, form_values={}, uploads=[(1, pdf_upload())])
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    assert not Dossier.objects.exists()


def test_the_api_answers_400_on_the_procedure_and_says_how_to_submit(offline):
    api = APIClient()
    api.force_authenticate(citizen())
    response = api.post(
        "/api/v1/dossiers",
        {"procedure": offline.code, "form_data": json.dumps({}), "document_1": pdf_upload()},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"procedure": [REFUSAL]}
    assert not Dossier.objects.exists()
    detail = api.get(f"/api/v1/procedures/{offline.code}").json()
    assert detail["online_level"] == "none"
    assert detail["submission"] == {"ways": ["counter", "post"], "reason": REFUSAL}


def test_the_page_offers_the_counter_and_the_post_only(client, offline):
    page = client.get(f"/thu-tuc/{offline.code}/").content.decode()
    assert 'id="nop-ho-so"' not in page
    assert "Thủ tục này chưa được cung cấp dịch vụ công trực tuyến." in page
    assert "Qua dịch vụ bưu chính công ích" in page
    assert "Không cung cấp trực tuyến" in page


def test_the_counter_still_receives_it(agency, offline):
    officer = UserFactory(kind="officer")
    Membership.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    draft = services.start_draft(offline, user=officer, applicant=citizen(), counter=agency)
    assert draft.channel == Channel.COUNTER


def test_a_draft_begun_online_is_refused_once_the_city_takes_it_offline(agency):
    procedure = birth_procedure(agency)  # partial: online
    user = citizen()
    draft = services.start_draft(procedure, user=user)
    catalogue_services.set_online_levels({procedure.code: "none"}, basis="Quyết định số 1/QĐ-UBND ngày 01/12/2026")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=user)
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    draft.refresh_from_db()
    assert draft.code is None
