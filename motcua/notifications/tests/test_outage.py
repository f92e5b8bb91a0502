"""A gateway goes down while dossiers change, comes back, and every message arrives exactly once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import services as dossiers
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload
from motcua.notifications import services
from motcua.notifications.models import Message
from motcua.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(gateway, settings):
    """The simulator, with a client that gives up after a second and a hang of two."""
    settings.MOTCUA_GATEWAY_TIMEOUT = 1
    gateway.hang_seconds = 2
    return gateway


@pytest.mark.parametrize("failure", ["error", "hang"])
def test_every_message_is_delivered_once_after_an_outage(
    gateway, procedure, agency, staff, failure, django_capture_on_commit_callbacks
):
    applicants = [citizen(notify_by_email=False) for _ in range(3)]
    gateway.mode = failure
    with django_capture_on_commit_callbacks(execute=True):
        for person in applicants:
            dossier = dossiers.submit_new(
                procedure, user=person, form_values=birth_values(person, agency.unit), uploads=[(1, pdf_upload())]
            ).dossier
            workflow.receive(dossier, staff["reception"])
    messages = Message.objects.filter(channel="sms", user__in=applicants)
    assert messages.count() == 6 and set(messages.values_list("state", flat=True)) == {"pending"}
    assert not any(m["to"] in {p.phone for p in applicants} for m in gateway.received.values())

    gateway.mode = "up"
    later = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = Message.objects.filter(state="pending").count()  # the officers' SMS too
        assert services.requeue_due(now=later) == waiting >= 6
    assert set(Message.objects.values_list("state", flat=True)) == {"sent"}
    ours = {key: m for key, m in gateway.received.items() if m["to"] in {p.phone for p in applicants}}
    assert sorted(ours) == sorted(messages.values_list("key", flat=True))
    assert {m["to"] for m in ours.values()} == {p.phone for p in applicants}

    # A retry of a message the gateway already has (say, after a crash before it was marked sent)
    # is recognised by its id: still one message each.
    Message.objects.filter(pk=messages.first().pk).update(state="pending")
    before = len(gateway.received)
    services.deliver_now(messages.first().pk)
    assert len(gateway.received) == before
