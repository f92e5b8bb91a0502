"""Procedures of a central body's local branch (customs, tax, treasury …) are information here:
the page points to the body's own service, and neither the web pages nor the API take them."""

import json

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from motcua.accounts.models import User
from motcua.accounts.tests.factories import AgentFactory
from motcua.catalogue.models import Procedure
from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload
from motcua.units.models import Agency
from motcua.units.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Thủ tục này do Thuế thành phố Đà Nẵng giải quyết và không nộp qua Cổng dịch vụ công thành phố Đà Nẵng. "
    "Vui lòng nộp hồ sơ trực tiếp tại cơ quan hoặc trực tuyến tại Thuế thành phố: https://thuedientu.gdt.gov.vn/."
)


@pytest.fixture
def tax_office():
    return AgencyFactory(
        code="000.48.18.G12",
        name="Thuế thành phố Đà Nẵng",
        short_name="Thuế thành phố",
        kind=Agency.Kind.CENTRAL_BRANCH,
        central_body=Agency.CentralBody.TAX,
        online_service_url="https://thuedientu.gdt.gov.vn/",
        unit=UnitFactory(code="48", name="Đà Nẵng", kind="city", level="province"),
    )


@pytest.fixture
def tax_procedure(tax_office):
    return make_procedure(
        code="1.007864",
        name="Đăng ký thuế lần đầu đối với người nộp thuế là hộ kinh doanh",
        field="Thuế",
        levels=["city", "commune"],
        online_level="full",
        agencies=None,  # routed: the tax office, not the People's Committees
        source_url="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/mau",
    )


def test_the_routing_gives_the_procedure_to_the_branch_only(agency, tax_procedure, tax_office):
    assert list(tax_procedure.agencies.all()) == [tax_office]


def test_the_page_says_where_to_go_instead_of_offering_the_form(client, tax_procedure):
    page = client.get(f"/thu-tuc/{tax_procedure.code}/").content.decode()
    assert 'id="nop-ho-so"' not in page and "Nộp hồ sơ trực tuyến</a>" not in page
    assert "Không nộp hồ sơ thủ tục này qua Cổng dịch vụ công thành phố." in page
    assert 'href="https://thuedientu.gdt.gov.vn/"' in page and "Nộp trực tuyến tại thuedientu.gdt.gov.vn" in page
    assert 'href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/mau"' in page


def test_the_web_form_is_not_opened(client, tax_procedure):
    user = citizen()
    client.force_login(user)
    for response in (
        client.get(f"/thu-tuc/{tax_procedure.code}/nop-ho-so/", follow=True),
        client.post(f"/thu-tuc/{tax_procedure.code}/nop-ho-so/", follow=True),
    ):
        assert response.redirect_chain == [(f"/thu-tuc/{tax_procedure.code}/", 302)]
        assert REFUSAL in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_services_refuse_with_a_field_error(tax_procedure):
    user = citizen()
    with pytest.raises(ValidationError) as error:
        services.start_draft(tax_procedure, user=user)
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    with pytest.raises(ValidationError) as error:
        services.submit_new(tax_procedure, user=user, form_values={}, uploads=[("1", pdf_upload())])
    assert error.value.message_dict == {"procedure": [REFUSAL]}
    assert not Dossier.objects.exists()


def test_a_draft_begun_before_the_procedure_moved_is_not_sent(procedure, agency, tax_office):
    user = citizen()
    draft = services.start_draft(procedure, user=user)
    draft.form_data = birth_values(user, agency.unit)
    draft.save()
    services.add_file(draft, user=user, document_order=1, upload=pdf_upload())
    Procedure.objects.get(pk=procedure.pk).agencies.set([tax_office])
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=user)
    assert "Thuế thành phố Đà Nẵng" in error.value.message_dict["procedure"][0]
    draft.refresh_from_db()
    assert draft.code is None or draft.code == ""


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_answers_400_with_the_reason_on_the_procedure_field(tax_procedure):
    user = citizen()
    response = api_for(user).post(
        "/api/v1/dossiers",
        {"procedure": tax_procedure.code, "form_data": json.dumps({}), "document_1": pdf_upload()},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"procedure": [REFUSAL]}
    assert not Dossier.objects.exists()


def test_an_agent_is_refused_before_an_applicant_account_is_opened(tax_procedure):
    agent = AgentFactory()
    users = User.objects.count()
    response = api_for(agent).post(
        "/api/v1/dossiers",
        {
            "procedure": tax_procedure.code,
            "form_data": json.dumps({}),
            "on_behalf_of": json.dumps(
                {"national_id": "048090001234", "full_name": "Trần Thị Hoa", "phone": "0905111222"}
            ),
            "consent_method": "Giấy ủy quyền",
        },
        format="multipart",
    )
    assert response.status_code == 400 and response.json() == {"procedure": [REFUSAL]}
    assert User.objects.count() == users
