import json

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers.tests.factories import shipped_form
from motcua.eforms.models import EForm
from motcua.eforms.services import publish_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_saving_a_form_in_the_admin_publishes_a_new_version(editor):
    procedure = make_procedure()
    form = shipped_form("xac-nhan-cu-tru")
    first = publish_form(procedure, title=form["title"], schema=form["schema"], layout=form["layout"])
    form["layout"]["sections"][1]["fields"][0]["help"] = "Chọn nội dung cần xác nhận."
    response = editor.post(
        f"/quan-tri/eforms/eform/{first.pk}/change/",
        {
            "title": form["title"],
            "schema": json.dumps(form["schema"]),
            "layout": json.dumps(form["layout"]),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    current = EForm.objects.get(procedure=procedure, is_current=True)
    assert (first.is_current, current.version) == (False, 2)
    assert current.layout["sections"][1]["fields"][0]["help"] == "Chọn nội dung cần xác nhận."
    assert first.layout == shipped_form("xac-nhan-cu-tru")["layout"]  # the old version is untouched


def test_an_unusable_form_is_refused_with_the_reasons(editor):
    procedure = make_procedure()
    response = editor.post(
        "/quan-tri/eforms/eform/add/",
        {
            "procedure": procedure.pk,
            "title": "Tờ khai",
            "schema": json.dumps({"type": "object", "properties": {"a": {"type": "string"}}}),
            "layout": json.dumps({"sections": [{"title": "Phần 1", "fields": [{"name": "b", "label": "B"}]}]}),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trường “b” có trong bố cục nhưng không có trong lược đồ." in page
    assert not EForm.objects.exists()
