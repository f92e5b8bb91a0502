"""Migration 0012's data step, on dossiers as the old code left them: each dossier waiting gets
the pause it is in, remembering where it came from, and the dossiers the old supplement answer
stranded (received, asked, answered: left in 4 with nobody assigned) go back to 2."""

import importlib

import pytest
from django.apps import apps

from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.models import Event, Pause, Stage, Status, SupplementRequest
from motcua.dossiers.tests.factories import DossierFactory

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("motcua.dossiers.migrations.0012_pauses").backfill


def test_waiting_dossiers_get_their_pause_and_stranded_ones_go_back_to_reception():
    officer = UserFactory(kind="officer")
    asked = DossierFactory(status=Status.SUPPLEMENT, assignee=officer)
    SupplementRequest.objects.create(
        dossier=asked,
        requested_by=officer,
        reason="Mờ",
        items=[{"order": 1, "name": "Giấy chứng sinh"}],
        status_before=4,
    )
    fee = DossierFactory(status=Status.PAYMENT, assignee=officer)
    Event.objects.create(dossier=fee, action="status_changed", from_status=4, to_status=6)
    withdrawing = DossierFactory(status=Status.WITHDRAW_REQUESTED, assignee=None, stage=Stage.PROCESSING)
    Event.objects.create(dossier=withdrawing, action="withdraw_requested", from_status=2, to_status=7)
    stranded = DossierFactory(status=Status.PROCESSING, stage=Stage.PROCESSING, assignee=None)
    SupplementRequest.objects.create(
        dossier=stranded, requested_by=officer, reason="Mờ", items=[], status_before=2, answered_at=stranded.due_at
    )
    held = DossierFactory(status=Status.PROCESSING, assignee=officer)  # an ordinary one: left alone

    backfill(apps, None)

    pauses = {p.dossier_id: (p.kind, p.status_before, p.holder_id) for p in Pause.objects.all()}
    assert pauses == {
        asked.pk: ("supplement", 4, officer.pk),
        fee.pk: ("payment", 4, officer.pk),
        withdrawing.pk: ("withdrawal", 2, None),
    }
    stranded.refresh_from_db()
    held.refresh_from_db()
    assert (stranded.status, held.status) == (Status.RECEIVED, Status.PROCESSING)
    assert stranded.events.get().note.startswith("Trở lại chờ phân công")
