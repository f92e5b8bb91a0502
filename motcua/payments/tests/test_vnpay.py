"""VNPay's IPN: every answer code, duplicates, tampering, and concurrent callbacks."""

import threading
import urllib.parse

import pytest
from django.db import connection, connections

from motcua.dossiers.models import Status
from motcua.payments import services, vnpay
from motcua.payments.models import Callback, Payment

pytestmark = pytest.mark.django_db


def callback(payment, **overrides):
    params = {
        "vnp_TmnCode": "MOTCUADEV",
        "vnp_Amount": str(payment.amount * 100),
        "vnp_TxnRef": payment.reference,
        "vnp_OrderInfo": payment.description,
        "vnp_BankCode": "NCB",
        "vnp_TransactionNo": "14422574",
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_PayDate": "20261125103000",
    }
    params.update(overrides)
    params["vnp_SecureHash"] = vnpay.sign(params)
    return params


def test_the_payment_url_is_signed_over_the_sorted_encoded_parameters(awaiting_payment):
    payment = awaiting_payment.payments.get()
    url = vnpay.payment_url(
        reference=payment.reference,
        amount=8000,
        description="Lệ phí & phí",
        return_url="http://x/ve/",
        client_ip="1.2.3.4",
    )
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query["vnp_Amount"] == "800000" and query["vnp_TxnRef"] == payment.reference
    assert vnpay.verify(query)
    query["vnp_Amount"] = "100"
    assert not vnpay.verify(query)


def test_a_good_callback_confirms_once_issues_a_receipt_and_resumes_the_dossier(
    awaiting_payment, client, django_capture_on_commit_callbacks
):
    payment = awaiting_payment.payments.get()
    params = callback(payment)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/thanh-toan/vnpay/ipn", params).json() == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.receipt_number.startswith("0000001/")
    assert awaiting_payment.status == Status.PROCESSING and awaiting_payment.paused_at is None
    assert client.get("/thanh-toan/vnpay/ipn", params).json()["RspCode"] == "02"  # the same call again
    assert Callback.objects.count() == 2


@pytest.mark.parametrize(
    "change, code",
    [
        ({"vnp_Amount": "1"}, "04"),
        ({"vnp_TxnRef": "KHONGCO"}, "01"),
    ],
)
def test_wrong_amount_or_order_changes_nothing(awaiting_payment, client, change, code):
    payment = awaiting_payment.payments.get()
    assert client.get("/thanh-toan/vnpay/ipn", callback(payment, **change)).json()["RspCode"] == code
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_a_tampered_callback_gets_97(awaiting_payment, client):
    payment = awaiting_payment.payments.get()
    params = callback(payment)
    params["vnp_Amount"] = str(payment.amount * 10)  # changed after signing
    assert client.get("/thanh-toan/vnpay/ipn", params).json() == {"RspCode": "97", "Message": "Invalid signature"}
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_a_declined_payment_is_recorded_and_the_dossier_keeps_waiting(awaiting_payment, client):
    payment = awaiting_payment.payments.get()
    assert (
        client.get(
            "/thanh-toan/vnpay/ipn", callback(payment, vnp_ResponseCode="24", vnp_TransactionStatus="02")
        ).json()["RspCode"]
        == "00"
    )
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED and awaiting_payment.status == Status.PAYMENT


@pytest.mark.django_db(transaction=True)
def test_concurrent_callbacks_confirm_exactly_once(awaiting_payment):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("the in-memory SQLite test database serialises threads through one shared cache, not through locks")
    payment = awaiting_payment.payments.get()
    params = callback(payment)
    answers, start = [], threading.Barrier(8)

    def call():
        try:
            start.wait()
            answers.append(services.handle_vnpay_ipn(params).code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["00"] + ["02"] * 7
    payment.refresh_from_db()
    assert payment.receipt_number.startswith("0000001/")


def test_the_receipt_pdf_goes_with_the_dossier_and_into_the_store_once(
    awaiting_payment, client, django_capture_on_commit_callbacks
):
    from motcua.documents.models import StoreItem

    payment = awaiting_payment.payments.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/thanh-toan/vnpay/ipn", callback(payment))
    services.issue_receipt(payment.pk)  # the task delivered a second time
    assert awaiting_payment.issued.filter(kind="bl").count() == 1
    receipt = awaiting_payment.issued.get(kind="bl")
    assert receipt.file.read().startswith(b"%PDF")
    assert (
        StoreItem.objects.get(owner=awaiting_payment.applicant, title__startswith="Biên lai số").file.name
        == receipt.file.name
    )


def test_a_lost_ipn_is_found_by_querydr(
    settings, live_server, awaiting_payment, client, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    settings.MOTCUA_VNPAY = {
        **settings.MOTCUA_VNPAY,
        "url": f"{live_server.url}/thanh-toan/sandbox/vnpay/",
        "api_url": f"{live_server.url}/thanh-toan/sandbox/vnpay/api",
    }
    payment = awaiting_payment.payments.get()
    url = services.checkout_url(payment, "vnpay", return_url="http://x/ve/", client_ip="10.0.0.5")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    client.get("/thanh-toan/sandbox/vnpay/", query)  # the applicant opens VNPay's page …
    answer = client.post(
        "/thanh-toan/sandbox/vnpay/", {**query, "outcome": "pay-no-callback"}
    )  # … pays; the IPN is lost
    assert answer.status_code == 302
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reconcile(now=timezone.now() + timedelta(minutes=20))["paid"] == 1
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert (
        payment.state == Payment.State.PAID and payment.receipt_number and awaiting_payment.status == Status.PROCESSING
    )
    assert (
        client.get("/thanh-toan/vnpay/ipn", callback(payment)).json()["RspCode"] == "02"
    )  # a late IPN changes nothing


def test_a_failure_on_our_side_answers_99_changes_nothing_and_the_retry_confirms(awaiting_payment, client, monkeypatch):
    payment = awaiting_payment.payments.get()

    def broken(*args, **kwargs):
        raise OSError("disk full while numbering the receipt")

    with monkeypatch.context() as patched:
        patched.setattr(services, "advance", broken)
        assert client.get("/thanh-toan/vnpay/ipn", callback(payment)).json() == {
            "RspCode": "99",
            "Message": "Unknown error",
        }
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert (
        payment.state == Payment.State.PENDING
        and payment.receipt_number == ""
        and awaiting_payment.status == Status.PAYMENT
    )
    assert client.get("/thanh-toan/vnpay/ipn", callback(payment)).json()["RspCode"] == "00"  # VNPay calls again
