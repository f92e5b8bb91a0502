"""The assistant against the whole shipped catalogue and the evaluation set (data/eval.json). The
floors are the figures measured (docs/benchmarks.md) less a margin: a change that makes it worse
fails here."""

import pytest
from django.core.management import call_command

from motcua.assistant import evaluation, services

TOP1_FLOOR, TOP3_FLOOR, REFUSED_FLOOR = 0.45, 0.70, 0.5


@pytest.fixture(scope="module")
def shipped_catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)
        call_command("load_catalogue", verbosity=0)
        services.build_vectors()  # from the vectors shipped with the project: no model run for unchanged names
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_accuracy_on_the_evaluation_set(shipped_catalogue):
    assert services.index().vectors is not None
    result = evaluation.evaluate()
    assert result["questions"] >= 200
    assert result["top1"] >= TOP1_FLOOR and result["top3"] >= TOP3_FLOOR, result
    assert result["refused_off_topic"] >= REFUSED_FLOOR, result
