import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from motcua.accounts.tests.factories import UserFactory
from motcua.notifications import services
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    """A real HTTP SMS gateway on a free port that refuses its first ``fail`` requests."""
    state = {"fail": 0, "received": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if state["fail"] > 0:
                state["fail"] -= 1
                self.send_response(503)
            else:
                state["received"].append(body)
                self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.MOTCUA_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/sms"
    yield state
    server.shutdown()


def test_a_message_exists_only_if_the_change_is_committed():
    user = UserFactory()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.notify(user, key="k", subject="Thử", body="Nội dung")
            raise RuntimeError("the change failed")
    assert not Message.objects.exists()


def test_the_same_key_queues_one_message_per_channel(gateway):
    user = UserFactory()
    first = services.notify(user, key="dossier:1:submitted", subject="S", body="B")
    again = services.notify(user, key="dossier:1:submitted", subject="S", body="B")
    assert {m.channel for m in first} == {"email", "sms"}
    assert [m.pk for m in first] == [m.pk for m in again]


def test_a_channel_that_is_down_is_retried_until_it_takes_the_message(gateway):
    user = UserFactory(notify_by_email=False)
    gateway["fail"] = 2
    (message,) = services.notify(user, key="x", subject="Hồ sơ đã nộp", body="Mã hồ sơ 000.23.00.H17-261125-0001")
    assert services.deliver_now(message.pk).state == Message.State.PENDING
    message.refresh_from_db()
    assert message.attempts == 1 and message.next_attempt_at is not None and "503" in message.last_error
    assert services.deliver_now(message.pk).state == Message.State.PENDING
    assert services.deliver_now(message.pk).state == Message.State.SENT
    assert services.deliver_now(message.pk).attempts == 3  # delivered once, not again
    assert gateway["received"] == [{"to": user.phone, "text": "Hồ sơ đã nộp. Mã hồ sơ 000.23.00.H17-261125-0001", "id": "x:sms"}]


def test_after_the_last_attempt_the_message_is_kept_as_failed(gateway):
    user = UserFactory(notify_by_email=False)
    gateway["fail"] = 100
    (message,) = services.notify(user, key="y", subject="S", body="B")
    for _ in range(services.MAX_ATTEMPTS):
        services.deliver_now(message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and message.attempts == services.MAX_ATTEMPTS
