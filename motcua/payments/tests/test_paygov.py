"""The national payment platform: MaXacThuc, INIT against the sandbox, every CONFIRM outcome,
reconciliation by QUERY for a payment that never called back, refunds."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from motcua.dossiers.models import Status
from motcua.notifications.models import Message
from motcua.payments import paygov, services
from motcua.payments.models import Callback, Payment, Refund, SandboxTransaction

pytestmark = pytest.mark.django_db
SECRET = "motcua-paygov-sandbox-secret"


def confirm(payment, **overrides):
    message = {
        "LoaiBanTin": "CONFIRM",
        "MaLoi": "00",
        "MaDoiTac": "MOTCUADEV",
        "MaThamChieu": payment.reference,
        "SoTien": str(payment.amount),
        "MaTienTe": "VND",
        "MaGiaoDich": "PG2026112500001",
        "MaNganHang": "NCB",
        "ThoiGianGD": "20261125103000",
        "ThongTinGiaoDich": payment.description,
    }
    message.update(overrides)
    joined = "|".join(
        message[k]
        for k in [
            "LoaiBanTin",
            "MaLoi",
            "MaDoiTac",
            "MaThamChieu",
            "SoTien",
            "MaTienTe",
            "MaGiaoDich",
            "MaNganHang",
            "ThoiGianGD",
            "ThongTinGiaoDich",
        ]
    )
    message["MaXacThuc"] = hashlib.sha256(f"{joined}|{SECRET}".encode()).hexdigest()
    return message


def post(client, message):
    return client.post("/thanh-toan/paygov/confirm", json.dumps(message), content_type="application/json").json()


def test_ma_xac_thuc_is_sha256_of_the_fields_joined_by_bars_with_the_secret_last():
    message = {
        "LoaiBanTin": "QUERY",
        "PhienBan": "1.0.6",
        "MaDoiTac": "MOTCUADEV",
        "MaThamChieu": "ABC",
        "ThoiGianGD": "20261125103000",
    }
    expected = hashlib.sha256(f"QUERY|1.0.6|MOTCUADEV|ABC|20261125103000|{SECRET}".encode()).hexdigest()
    assert paygov.sign(message, paygov.QUERY_FIELDS)["MaXacThuc"] == expected


def test_a_good_confirm_settles_once_and_the_answer_is_signed(
    awaiting_payment, client, django_capture_on_commit_callbacks
):
    payment = awaiting_payment.payments.get()
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(client, confirm(payment))
    assert answer["MaLoi"] == "00" and paygov.verify(answer, paygov.CONFIRM_ANSWER_FIELDS)
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert (
        payment.state == Payment.State.PAID
        and payment.provider == "paygov"
        and payment.gateway_transaction == "PG2026112500001"
    )
    assert awaiting_payment.status == Status.PROCESSING and awaiting_payment.issued.filter(kind="bl").count() == 1
    assert post(client, confirm(payment))["MaLoi"] == "02"  # the same call again
    assert Payment.objects.filter(state="paid").count() == 1 and Callback.objects.filter(provider="paygov").count() == 2


@pytest.mark.parametrize("change, code", [({"SoTien": "1"}, "04"), ({"MaThamChieu": "KHONGCO"}, "01")])
def test_a_wrong_amount_or_reference_changes_nothing(awaiting_payment, client, change, code):
    payment = awaiting_payment.payments.get()
    assert post(client, confirm(payment, **change))["MaLoi"] == code
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING and payment.receipt_number == ""


def test_a_tampered_confirm_gets_97(awaiting_payment, client):
    payment = awaiting_payment.payments.get()
    message = confirm(payment)
    message["SoTien"] = "1"  # changed after signing
    assert post(client, message)["MaLoi"] == "97"
    assert post(client, {"LoaiBanTin": "CONFIRM"})["MaLoi"] == "97"
    assert (
        client.post("/thanh-toan/paygov/confirm", "not json", content_type="application/json").json()["MaLoi"] == "97"
    )
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_a_declined_payment_is_recorded_and_the_dossier_keeps_waiting(awaiting_payment, client):
    payment = awaiting_payment.payments.get()
    assert post(client, confirm(payment, MaLoi="24"))["MaLoi"] == "00"
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED and awaiting_payment.status == Status.PAYMENT


def test_init_opens_the_platforms_page_and_a_lost_callback_is_found_by_query(
    platform, awaiting_payment, client, django_capture_on_commit_callbacks
):
    payment = awaiting_payment.payments.get()
    url = services.checkout_url(payment, "paygov", return_url="http://x/ve/", client_ip="10.0.0.5")
    assert url == f"{platform.url}/thanh-toan/sandbox/paygov/thanh-toan/{payment.reference}/"
    assert SandboxTransaction.objects.get(reference=payment.reference).amount == 8000
    # The applicant pays; the platform's CONFIRM never reaches us.
    SandboxTransaction.objects.filter(reference=payment.reference).update(state="paid", transaction_no="PG1")
    assert services.reconcile() == {"paid": 0, "failed": 0, "pending": 0, "errors": 0}  # too early to ask
    later = timezone.now() + timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reconcile(now=later)["paid"] == 1
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.gateway_transaction == "PG1"
    assert awaiting_payment.status == Status.PROCESSING and awaiting_payment.issued.filter(kind="bl").count() == 1
    assert services.reconcile(now=later) == {"paid": 0, "failed": 0, "pending": 0, "errors": 0}  # once only
    assert post(client, confirm(payment, MaGiaoDich="PG1"))["MaLoi"] == "02"  # the late callback finds it settled


def test_reconciliation_leaves_payments_alone_when_the_platform_is_unreachable(settings, awaiting_payment):
    payment = awaiting_payment.payments.get()
    Payment.objects.filter(pk=payment.pk).update(provider="paygov", started_at=timezone.now() - timedelta(hours=1))
    settings.MOTCUA_PAYGOV = {**settings.MOTCUA_PAYGOV, "url": "http://127.0.0.1:9/"}
    assert services.reconcile()["errors"] == 1
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_an_unreachable_platform_at_checkout_is_a_clear_error(settings, awaiting_payment):
    settings.MOTCUA_PAYGOV = {**settings.MOTCUA_PAYGOV, "url": "http://127.0.0.1:9/"}
    with pytest.raises(ValidationError, match="Không kết nối được nền tảng thanh toán.*chọn VNPay"):
        services.checkout_url(awaiting_payment.payments.get(), "paygov", return_url="http://x/", client_ip="")
    assert awaiting_payment.payments.get().state == Payment.State.PENDING


def test_refunds_are_recorded_never_above_what_was_paid(awaiting_payment, client, staff):
    payment = awaiting_payment.payments.get()
    post(client, confirm(payment))
    payment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.refund(payment, awaiting_payment.applicant, amount=1000, reason="Nộp thừa")
    with pytest.raises(ValidationError) as error:
        services.refund(payment, staff["reception"], amount=9000, reason="Nộp thừa")
    assert "từ 1 đến 8.000 đồng" in str(error.value)
    services.refund(payment, staff["reception"], amount=5000, reason="Nộp thừa", reference="HT001")
    with pytest.raises(ValidationError, match="từ 1 đến 3.000 đồng"):
        services.refund(payment, staff["leader"], amount=5000, reason="Nộp thừa lần hai")
    assert list(Refund.objects.values_list("amount", flat=True)) == [5000]
    assert Message.objects.filter(user=awaiting_payment.applicant, event="dossier.refunded", channel="app").count() == 1
