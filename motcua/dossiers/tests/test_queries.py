"""What the applicant's busiest pages cost in queries: the dossier page, "Hồ sơ của tôi" and the
API's list and detail, the same with 2 rows as with 6 (an N+1 shows as a difference)."""

import pytest
from rest_framework.test import APIClient

from motcua.core.tests.queries import MOMENT, assert_queries, measure
from motcua.dossiers.models import Status
from motcua.dossiers.tests.factories import DossierFactory, citizen
from motcua.dossiers.tests.history import add_history

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MOMENT, tick=False)


def test_the_dossier_page(client, submitted):
    """Timeline, files, messages, documents issued, payments with refunds, who opened it."""
    client.force_login(submitted.applicant)
    measured = {}
    for rows, more in ((2, 2), (6, 4)):
        n = add_history(submitted, more)
        measured[rows] = measure(
            lambda: client.get(f"/ho-so/{submitted.code}/"),
            shows=[f"Diễn biến {n}", f"tep-so-{n}.pdf", f"Thông báo thử {n}", f"Hoàn thử {n}", f"Cán bộ thử {n}"],
        )
    assert_queries(measured, 23)


def test_the_dossier_in_the_api(submitted):
    api = APIClient()
    api.force_login(submitted.applicant)
    measured = {}
    for rows, more in ((2, 2), (6, 4)):
        n = add_history(submitted, more)
        measured[rows] = measure(
            lambda: api.get(f"/api/v1/dossiers/{submitted.code}"),
            shows=[f"Diễn biến {n}", f"Cán bộ thử {n}", f"tep-so-{n}.pdf"],
        )
    assert_queries(measured, 11)  # 3 of them: the lifecycle's facts behind the answer's "actions"


def dossiers_of(applicant, rows: int) -> list[str]:
    """``rows`` dossiers of different procedures at different agencies, and a draft."""
    made = [
        DossierFactory(applicant=applicant, status=Status.PROCESSING if n % 2 else Status.RECEIVED) for n in range(rows)
    ]
    DossierFactory(applicant=applicant, status=Status.DRAFT, code=None, submitted_at=None)
    return [d.code for d in made] + [d.procedure.name for d in made]


def test_my_dossiers(client):
    applicant = citizen()
    client.force_login(applicant)
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        shown += dossiers_of(applicant, more)
        measured[rows] = measure(lambda: client.get("/ho-so/"), shows=shown)
    assert_queries(measured, 7)


def test_my_dossiers_in_the_api():
    applicant = citizen()
    api = APIClient()
    api.force_login(applicant)
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        shown += dossiers_of(applicant, more)
        measured[rows] = measure(lambda: api.get("/api/v1/dossiers"), shows=shown)
    assert_queries(measured, 4)
