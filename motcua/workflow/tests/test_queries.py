"""What the officers' busiest pages cost in queries: the inbox (web and API) and the work page of
a dossier, the same with 2 rows as with 6 (an N+1 shows as a difference)."""

import pytest
from rest_framework.test import APIClient

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.core.tests.queries import MOMENT, assert_queries, measure
from motcua.dossiers.models import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.dossiers.tests.history import add_history
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(MOMENT, tick=False)


def waiting(rows: int, agency=None) -> list[str]:
    """``rows`` dossiers waiting for reception, each of its own procedure (and agency, if none is given)."""
    made = [
        DossierFactory(status=Status.SUBMITTED, received_at=None, due_at=None, **({"agency": agency} if agency else {}))
        for _ in range(rows)
    ]
    return [d.code for d in made] + [d.procedure.name for d in made]


def test_the_reception_inbox(client, staff, agency):
    client.force_login(staff["reception"])
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        shown += waiting(more, agency)
        measured[rows] = measure(lambda: client.get("/mot-cua/"), shows=shown)
    assert_queries(measured, 18)


def test_the_city_wide_queue(client):
    """City management's queue of every agency's open dossiers: each row's agency calendar too."""
    city = UserFactory(kind="officer")
    Membership.objects.create(user=city, agency=None, role=Role.CITY_MANAGEMENT)
    client.force_login(city)
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        shown += waiting(more)
        measured[rows] = measure(lambda: client.get("/mot-cua/", {"hang": "tat-ca"}), shows=shown)
    assert_queries(measured, 12)


def test_the_inbox_in_the_api(staff, agency):
    api = APIClient()
    api.force_login(staff["reception"])
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        shown += waiting(more, agency)[:more]
        measured[rows] = measure(lambda: api.get("/api/v1/inbox"), shows=shown)
    assert_queries(measured, 14)


def test_the_work_page(client, staff, submitted):
    """Timeline, hand-offs, notes, transfers, files, documents issued, payments with refunds."""
    client.force_login(staff["reception"])
    AgencyFactory.create_batch(3)  # other agencies to transfer to
    measured = {}
    for rows, more in ((2, 2), (6, 4)):
        n = add_history(submitted, more)
        measured[rows] = measure(
            lambda: client.get(f"/mot-cua/ho-so/{submitted.code}/"),
            shows=[
                f"Diễn biến {n}",
                f"Cán bộ thử {n}",
                f"Trao đổi nội bộ {n}",
                f"Đề nghị liên thông {n}",
                f"tep-so-{n}.pdf",
            ],
        )
    assert_queries(measured, 26)
