import pytest
from django.db import transaction

from motcua.accounts.tests.factories import UserFactory
from motcua.notifications import services
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db
STOPPED = {
    "code": "000.23.00.H17-261125-0001",
    "reason": "Người nộp rút hồ sơ",
    "link": "/ho-so/000.23.00.H17-261125-0001/",
}


def test_a_message_exists_only_if_the_change_is_committed():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user, key="k", event="account.reset_code", values={"reset_code": "123456", "minutes": 15})
        raise RuntimeError("the change failed")
    assert not Message.objects.exists()


def test_the_same_key_queues_one_message_per_channel(gateway):
    user = UserFactory()
    first = services.notify(user, key="dossier:1:submitted", event="dossier.stopped", values=STOPPED)
    again = services.notify(user, key="dossier:1:submitted", event="dossier.stopped", values=STOPPED)
    assert {m.channel for m in first} == {"app", "email", "sms"}
    assert [m.pk for m in first] == [m.pk for m in again]


def test_a_channel_that_is_down_is_retried_until_it_takes_the_message(gateway):
    user = UserFactory(notify_by_email=False)
    gateway.fail_next = 2
    message = next(
        m for m in services.notify(user, key="x", event="dossier.stopped", values=STOPPED) if m.channel == "sms"
    )
    assert services.deliver_now(message.pk).state == Message.State.PENDING
    message.refresh_from_db()
    assert message.attempts == 1 and message.next_attempt_at is not None and "500" in message.last_error
    assert services.deliver_now(message.pk).state == Message.State.PENDING
    assert services.deliver_now(message.pk).state == Message.State.SENT
    assert services.deliver_now(message.pk).attempts == 3  # delivered once, not again
    assert list(gateway.received.values()) == [
        {
            "to": user.phone,
            "text": "Ho so 000.23.00.H17-261125-0001 da dung xu ly. Xem ly do tai Cong DVC.",
            "id": "x:sms",
            "channel": "sms",
        }
    ]


def test_after_the_last_attempt_the_message_is_kept_as_failed(gateway):
    user = UserFactory(notify_by_email=False)
    gateway.mode = "error"
    message = next(
        m for m in services.notify(user, key="y", event="dossier.stopped", values=STOPPED) if m.channel == "sms"
    )
    for _ in range(services.MAX_ATTEMPTS):
        services.deliver_now(message.pk)
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and message.attempts == services.MAX_ATTEMPTS


def test_every_change_also_leaves_a_notice_on_the_persons_page(client):
    user = UserFactory(notify_by_email=False, notify_by_sms=False)
    services.notify(
        user,
        key="dossier:9:received",
        event="dossier.received",
        values={
            "code": "000.23.00.H17-261125-0009",
            "agency": "UBND phường Hải Châu",
            "procedure": "Đăng ký khai sinh",
            "appointment": "hẹn trả kết quả 27/11/2026",
            "link": "/ho-so/000.23.00.H17-261125-0009/",
        },
    )
    client.force_login(user)
    home = client.get("/").content.decode()
    assert 'Thông báo <span class="count-badge">1' in home
    page = client.get("/thong-bao/").content.decode()
    assert "Hồ sơ 000.23.00.H17-261125-0009 đã được tiếp nhận" in page and "hẹn trả kết quả 27/11/2026" in page
    assert 'class="count-badge"' not in client.get("/").content.decode()  # read now


@pytest.mark.django_db(transaction=True)
def test_the_gateways_delivery_report_marks_the_message_delivered(gateway, live_server, settings):
    import time

    settings.MOTCUA_GATEWAY_TOKEN = "sms-token"
    gateway.report_to, gateway.report_token = f"{live_server.url}/thong-bao/bao-nhan", "sms-token"
    user = UserFactory(notify_by_email=False)
    message = next(
        m for m in services.notify(user, key="dlr", event="dossier.stopped", values=STOPPED) if m.channel == "sms"
    )
    services.deliver_now(message.pk)
    for _ in range(50):
        message.refresh_from_db()
        if message.state == Message.State.DELIVERED:
            break
        time.sleep(0.1)
    assert message.state == Message.State.DELIVERED and message.delivered_at is not None


def test_a_delivery_report_needs_the_gateways_token_and_a_known_message(client, settings):
    settings.MOTCUA_GATEWAY_TOKEN = "sms-token"
    user = UserFactory(notify_by_email=False)
    message = next(
        m for m in services.notify(user, key="r", event="dossier.stopped", values=STOPPED) if m.channel == "app"
    )
    report = {"id": message.key, "status": "delivered"}
    assert client.post("/thong-bao/bao-nhan", report, content_type="application/json").status_code == 403
    auth = {"HTTP_AUTHORIZATION": "Bearer sms-token"}
    assert (
        client.post(
            "/thong-bao/bao-nhan", {"id": "khong-co", "status": "delivered"}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/thong-bao/bao-nhan", {"id": message.key, "status": "lost"}, content_type="application/json", **auth
        ).status_code
        == 400
    )
    Message.objects.filter(pk=message.pk).update(channel="sms")
    failed = client.post(
        "/thong-bao/bao-nhan",
        {**report, "status": "failed", "error": "thuê bao ngoài vùng phủ sóng"},
        content_type="application/json",
        **auth,
    )
    assert failed.json()["state"] == "failed"
    assert (
        client.post("/thong-bao/bao-nhan", report, content_type="application/json", **auth).json()["state"] == "failed"
    )  # late: no change
    message.refresh_from_db()
    assert "ngoài vùng phủ sóng" in message.last_error
