"""What the dashboards cost in queries: the city's (every agency ranked, the overdue and soon-due
dossiers) and an agency's (its procedures), the same with 2 rows as with 6 (an N+1 shows as a
difference)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.tests.factories import make_procedure
from motcua.core.tests.queries import MOMENT, assert_queries, measure
from motcua.dossiers.models import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.indicators import services
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock_and_targets(time_machine, shipped_targets):
    # The dashboards read the city's targets: with them always there, the count does not depend on
    # whether a transactional test has flushed the migration's rows before this one.
    time_machine.move_to(MOMENT, tick=False)


def officer(role, agency=None):
    user = UserFactory(kind="officer")
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def dossiers_at(agency, procedure=None) -> list[str]:
    """One dossier finished late this month, one overdue and one due tomorrow; their codes."""
    now = timezone.now()
    procedure = procedure or make_procedure()
    late = DossierFactory(
        agency=agency,
        procedure=procedure,
        received_at=now - timedelta(days=9),
        due_at=now - timedelta(days=3),
        finished_at=now - timedelta(days=1),
        returned_at=now - timedelta(days=1),
        status=Status.RETURNED,
    )
    overdue = DossierFactory(
        agency=agency, procedure=procedure, received_at=now - timedelta(days=8), due_at=now - timedelta(days=2)
    )
    soon = DossierFactory(
        agency=agency, procedure=procedure, received_at=now - timedelta(days=2), due_at=now + timedelta(days=1)
    )
    services.recount(services.month_of(now))
    return [late.code, overdue.code, soon.code]


def test_the_city_dashboard():
    client = APIClient()
    client.force_login(officer(Role.CITY_MANAGEMENT))
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        for _ in range(more):
            agency = AgencyFactory()
            shown += [agency.name, *dossiers_at(agency)[1:]]
        measured[rows] = measure(lambda: client.get("/chi-so/"), shows=shown)
    assert_queries(measured, 20)


def test_the_agency_ranking_in_the_api():
    client = APIClient()
    client.force_login(officer(Role.CITY_MANAGEMENT))
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        for _ in range(more):
            agency = AgencyFactory()
            dossiers_at(agency)
            shown.append(agency.code)
        measured[rows] = measure(lambda: client.get("/api/v1/indicators/agencies"), shows=shown)
    assert_queries(measured, 7)


def test_the_agency_dashboard():
    agency = AgencyFactory()
    client = APIClient()
    client.force_login(officer(Role.LEADER, agency))
    measured, shown = {}, []
    for rows, more in ((2, 2), (6, 4)):
        for _ in range(more):
            procedure = make_procedure()
            shown += [procedure.code, *dossiers_at(agency, procedure)[1:]]
        measured[rows] = measure(lambda: client.get(f"/chi-so/co-quan/{agency.code}/"), shows=shown)
    assert_queries(measured, 20)
