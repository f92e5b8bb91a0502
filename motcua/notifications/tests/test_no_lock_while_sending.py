"""The outboxes call the outside world (SMS, Zalo, e-mail gateways; the national portal) with no
transaction open, so no row is locked while a slow gateway answers; a worker that dies while
sending leaves its claim to expire, and the message goes again under the same key."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from motcua.accounts.tests.factories import UserFactory
from motcua.exchange import services as exchange
from motcua.exchange.models import PortalDossier, StatusUpdate
from motcua.notifications import channels, services
from motcua.notifications.models import Message

STOPPED = {"code": "000.23.00.H17-261125-0001", "reason": "Người nộp rút hồ sơ", "link": "/ho-so/x/"}


@pytest.mark.django_db(transaction=True)
def test_a_channel_is_called_outside_any_transaction(gateway, monkeypatch):
    seen = []
    monkeypatch.setattr(channels, "send", lambda message: seen.append(connection.in_atomic_block))
    user = UserFactory(notify_by_email=False)
    message = next(
        m for m in services.notify(user, key="k", event="dossier.stopped", values=STOPPED) if m.channel == "sms"
    )
    assert services.deliver_now(message.pk).state == Message.State.SENT
    assert seen == [False]


@pytest.mark.django_db(transaction=True)
def test_the_portal_is_called_outside_any_transaction(monkeypatch):
    from motcua.dossiers.tests.factories import DossierFactory

    seen = []
    monkeypatch.setattr(exchange, "_send", lambda update: seen.append(connection.in_atomic_block))
    portal = PortalDossier.objects.create(dossier=DossierFactory(), national_code="G22.99-1", payload={})
    update = StatusUpdate.objects.create(portal=portal, key="G22.99-1:1", status=2, payload={})
    assert exchange.push(update.pk).state == StatusUpdate.State.SENT
    assert seen == [False]


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_expires_and_the_message_goes_once_more(gateway, monkeypatch, time_machine):
    calls = []
    monkeypatch.setattr(channels, "send", lambda message: calls.append(message.key))
    user = UserFactory(notify_by_email=False)
    message = next(
        m for m in services.notify(user, key="k", event="dossier.stopped", values=STOPPED) if m.channel == "sms"
    )
    # A worker claimed it and was killed before it could record the outcome.
    Message.objects.filter(pk=message.pk).update(attempts=1, claimed_until=timezone.now() + services.claim_for())
    assert services.deliver_now(message.pk).state == Message.State.PENDING and calls == []  # held by the claim
    assert services.requeue_due() == 0
    time_machine.move_to(timezone.now() + services.claim_for() + timedelta(seconds=1))
    assert services.requeue_due() == 1
    delivered = services.deliver_now(message.pk)
    assert (delivered.state, delivered.attempts, delivered.claimed_until, calls) == (
        Message.State.SENT,
        2,
        None,
        ["k:sms"],
    )
