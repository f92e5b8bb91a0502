import pytest
from django.contrib.auth.models import Permission

from motcua.accounts.models import Membership, Role
from motcua.dossiers import services
from motcua.dossiers.models import Access
from motcua.dossiers.tests.factories import birth_procedure, birth_values, citizen, pdf_upload
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_officers_see_only_their_agencys_dossiers_and_each_opening_is_logged(client):
    agency = AgencyFactory()
    procedure = birth_procedure(agency)
    user = citizen()
    dossier = services.submit_new(
        procedure, user=user, form_values=birth_values(user, agency.unit), uploads=[(1, pdf_upload())]
    ).dossier
    officer = citizen(is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    Membership.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    other = citizen(is_staff=True)
    other.user_permissions.set(officer.user_permissions.all())
    Membership.objects.create(user=other, agency=AgencyFactory(), role=Role.RECEPTION)

    client.force_login(officer)
    assert dossier.code in client.get("/quan-tri/dossiers/dossier/").content.decode()
    page = client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/change/")
    assert page.status_code == 200
    # What may happen next, read from the lifecycle table: reception's three choices, the withdrawal.
    assert "Tiếp nhận (cán bộ một cửa); Từ chối tiếp nhận (cán bộ một cửa); Yêu cầu bổ sung" in page.content.decode()
    assert "Xin rút hồ sơ (người nộp hồ sơ)" in page.content.decode()
    assert Access.objects.filter(user=officer, dossier=dossier).count() == 1

    client.force_login(other)
    assert dossier.code not in client.get("/quan-tri/dossiers/dossier/").content.decode()
    assert (
        client.get(f"/quan-tri/dossiers/dossier/{dossier.pk}/change/").status_code == 302
    )  # "does not exist" → back to list
