"""The back office's fixtures, shared by the apps that act on a submitted dossier (workflow,
payments, engagement, notifications, the portal exchange): a ward's People's Committee with a
signing certificate, its birth registration procedure, its staff and a submitted dossier.
The dossiers app's own tests use their own, simpler agency and procedure (dossiers/tests/conftest.py)."""

import pytest

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.documents import pki
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import birth_procedure, birth_values, citizen, pdf_upload
from motcua.units.tests.factories import AgencyFactory, UnitFactory


@pytest.fixture
def agency(settings, tmp_path):
    settings.MOTCUA_PKI_DIR = tmp_path / "pki"
    agency = AgencyFactory(
        code="000.23.00.H17", name="Ủy ban nhân dân phường Hải Châu", unit=UnitFactory(name="Hải Châu", kind="ward")
    )
    pki.make_dev_certificate(agency)
    return agency


@pytest.fixture
def procedure(agency):
    return birth_procedure(agency, processing_time={"value": 3, "unit": "working_days", "text": "03 ngày làm việc"})


def officer(agency, role, name):
    user = UserFactory(kind="officer", full_name=name)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def staff(agency):
    return {
        "reception": officer(agency, Role.RECEPTION, "Trần Thị Bình"),
        "specialist": officer(agency, Role.SPECIALIST, "Lê Văn Cường"),
        "leader": officer(agency, Role.LEADER, "Phạm Minh Dũng"),
        "city": UserFactory(kind="officer", full_name="Võ Văn Phúc"),
    }


@pytest.fixture
def submitted(procedure, agency):
    applicant = citizen()
    return dossier_services.submit_new(
        procedure, user=applicant, form_values=birth_values(applicant, agency.unit), uploads=[(1, pdf_upload())]
    ).dossier
