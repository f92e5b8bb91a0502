import io

import pytest
from django.core.management import call_command

from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers.models import Dossier
from motcua.units.tests.factories import AgencyFactory


@pytest.mark.django_db
def test_the_generator_makes_valid_dossiers_and_continues_numbering():
    AgencyFactory.create_batch(3)
    make_procedure(levels=["commune"])
    call_command("generate_dossiers", count=300, batch=120, stdout=io.StringIO())
    call_command("generate_dossiers", count=50, stdout=io.StringIO())
    dossiers = Dossier.objects.filter(code__startswith="GEN-")
    assert dossiers.count() == 350
    assert dossiers.values("code").distinct().count() == 350
    assert dossiers.filter(status=10).count() > dossiers.filter(status=1).count()
    assert not dossiers.filter(status=10, returned_at__isnull=True).exists()
    assert set(dossiers.values_list("channel", flat=True)) >= {"online", "counter"}  # about half each
