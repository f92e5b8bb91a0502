"""Parallel submissions to one agency on one day: every dossier gets a code, none twice, with
no gap in the numbers. This is the test the production database (PostgreSQL) must pass."""

import threading

import pytest
from django.db import connection, connections

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import birth_procedure, birth_values, citizen, pdf_upload
from motcua.units.tests.factories import AgencyFactory

THREADS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_get_distinct_codes_without_gaps():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("the in-memory SQLite test database serialises threads through one shared cache, not through locks")
    agency = AgencyFactory(code="000.23.00.H17")
    procedure = birth_procedure(agency)
    users = [citizen() for _ in range(THREADS)]
    failures = []
    start = threading.Barrier(THREADS)

    def submit_many(user):
        try:
            start.wait()
            for n in range(EACH):
                services.submit_new(
                    procedure,
                    user=user,
                    form_values=birth_values(user, agency.unit),
                    uploads=[(1, pdf_upload())],
                    idempotency_key=f"{user.pk}-{n}",
                )
        except Exception as error:  # reported below; a thread cannot fail the test itself
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit_many, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in Dossier.objects.values_list("code", flat=True))
    assert numbers == list(range(1, THREADS * EACH + 1))
