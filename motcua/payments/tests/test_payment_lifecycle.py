"""A payment's own lifecycle (payments/lifecycle.py): money the gateway takes after saying the
payment failed, or for a request the office has since replaced, is recorded with a receipt and
either applied to the request waiting or flagged to be refunded, never lost."""

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.models import Fee
from motcua.dossiers import services as dossiers
from motcua.dossiers.models import Event, Status
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload
from motcua.notifications.models import Message
from motcua.payments import lifecycle, services
from motcua.payments.models import Payment
from motcua.payments.tests.test_vnpay import callback
from motcua.workflow import services as workflow

pytestmark = pytest.mark.django_db
IPN = "/thanh-toan/vnpay/ipn"


@pytest.fixture
def charged_then_asked_again(procedure, agency, staff):
    """An online submission charged 8.000 đồng at once (not paid); the office then asks for the fee
    itself (state 6), which supersedes the charge at submission. Returns a function of the amount
    the office asks."""

    def make(amount):
        procedure.fees.all().delete()
        Fee.objects.create(procedure=procedure, order=1, kind="charge", amount=8000)
        applicant = citizen()
        dossier = dossiers.submit_new(
            procedure, user=applicant, form_values=birth_values(applicant, agency.unit), uploads=[(1, pdf_upload())]
        ).dossier
        first = dossier.payments.get()
        workflow.receive(dossier, staff["reception"])
        workflow.assign(dossier, staff["reception"], staff["specialist"])
        workflow.request_payment(dossier, staff["specialist"], amount=amount, reason="Lệ phí đăng ký khai sinh")
        dossier.refresh_from_db()
        first.refresh_from_db()
        return dossier, first, dossier.payments.exclude(pk=first.pk).get()

    return make


def ipn(client, payment, **overrides):
    return client.get(IPN, callback(payment, **overrides)).json()["RspCode"]


def test_the_table_refuses_a_pair_it_does_not_have():
    assert lifecycle.next_state("pending", "gateway_paid") == Payment.State.PAID
    assert lifecycle.next_state("failed", "gateway_paid") == Payment.State.PAID
    with pytest.raises(
        ValidationError, match="Không thể ghi nhận việc thay bằng khoản thanh toán khác.*“Đã thanh toán”"
    ):
        lifecycle.next_state("paid", "replaced")
    with pytest.raises(ValidationError, match="tình trạng “Không thành công”"):
        lifecycle.next_state("failed", "gateway_failed")
    with pytest.raises(ValidationError, match="Không thể ghi nhận"):
        lifecycle.next_state("pending", "bogus")
    # Every state the table names is a Payment state, and a paid payment goes nowhere.
    assert {s for pair in lifecycle.TABLE for s in pair[:1]} | set(lifecycle.TABLE.values()) <= set(Payment.State)
    assert not any(state == Payment.State.PAID for state, _ in lifecycle.TABLE)


def test_a_failed_payment_the_gateway_then_confirms_is_paid_with_a_receipt_and_the_dossier_resumes(
    awaiting_payment, client, django_capture_on_commit_callbacks
):
    payment = awaiting_payment.payments.get()
    assert ipn(client, payment, vnp_ResponseCode="24", vnp_TransactionStatus="02") == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, payment, vnp_TransactionNo="14422999") == "00"  # CONFIRMED, not ALREADY
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.receipt_number.startswith("0000001/")
    assert payment.response_code == "00" and payment.gateway_transaction == "14422999" and not payment.refund_due
    assert awaiting_payment.status == Status.PROCESSING and awaiting_payment.paused_at is None
    assert awaiting_payment.issued.filter(kind="bl").count() == 1
    assert ipn(client, payment) == "02"


def test_money_for_a_replaced_request_is_applied_to_the_waiting_one_of_the_same_amount(
    charged_then_asked_again, client, django_capture_on_commit_callbacks
):
    dossier, first, second = charged_then_asked_again(8000)
    assert first.state == Payment.State.SUPERSEDED and second.state == Payment.State.PENDING
    assert dossier.status == Status.PAYMENT
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, first) == "00"
    first.refresh_from_db()
    second.refresh_from_db()
    dossier.refresh_from_db()
    assert first.state == Payment.State.PAID and first.receipt_number and not first.refund_due
    assert second.state == Payment.State.SUPERSEDED
    assert dossier.status == Status.PROCESSING and dossier.paused_at is None
    assert dossier.events.filter(note__contains="được tính cho khoản đang chờ cùng số tiền").count() == 1
    assert not Message.objects.filter(event="officer.refund_due").exists()
    # The applicant pays the replaced one too: that money is recorded and flagged to be given back.
    assert ipn(client, second, vnp_TransactionNo="14422575") == "00"
    second.refresh_from_db()
    assert second.state == Payment.State.PAID and second.refund_due


def test_money_for_a_replaced_request_with_nothing_to_apply_to_is_flagged_for_refund(
    charged_then_asked_again, client, staff, django_capture_on_commit_callbacks
):
    dossier, first, second = charged_then_asked_again(10000)
    events = dossier.events.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, first) == "00"
    first.refresh_from_db()
    second.refresh_from_db()
    dossier.refresh_from_db()
    assert first.state == Payment.State.PAID and first.receipt_number and first.refund_due
    assert second.state == Payment.State.PENDING and dossier.status == Status.PAYMENT  # still waiting for 10.000
    line = dossier.events.order_by("-pk").first()
    assert dossier.events.count() == events + 1 and line.action == Event.Action.STATUS_CHANGED
    assert "phải hoàn tiền" in line.note and "10.000 đồng" in line.note and first.receipt_number in line.note
    told = Message.objects.filter(event="officer.refund_due", channel="app")
    assert sorted(told.values_list("user", flat=True)) == sorted([staff["reception"].pk, staff["leader"].pk])
    assert "phải hoàn 8.000 đồng" in told.first().subject
    assert dossier.issued.filter(kind="bl").count() == 1  # the money was taken: the receipt stands

    # The office gives it back: part, then the rest clears the flag.
    services.refund(first, staff["reception"], amount=3000, reason="Nộp theo yêu cầu đã thay")
    first.refresh_from_db()
    assert first.refund_due
    services.refund(first, staff["reception"], amount=5000, reason="Nộp theo yêu cầu đã thay")
    first.refresh_from_db()
    assert not first.refund_due and first.refunded == 8000


def test_money_for_a_replaced_request_already_paid_otherwise_is_flagged_for_refund(
    charged_then_asked_again, client, staff, django_capture_on_commit_callbacks
):
    dossier, first, second = charged_then_asked_again(8000)
    assert ipn(client, second) == "00"  # the new request paid: the dossier resumed
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, first, vnp_TransactionNo="14422575") == "00"  # then the old one arrives too
    first.refresh_from_db()
    dossier.refresh_from_db()
    assert first.state == Payment.State.PAID and first.refund_due and dossier.status == Status.PROCESSING
    assert Message.objects.filter(event="officer.refund_due", channel="app").count() == 2


def test_a_repeated_callback_changes_nothing(charged_then_asked_again, client, django_capture_on_commit_callbacks):
    dossier, first, second = charged_then_asked_again(10000)
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, first) == "00"
    first.refresh_from_db()
    before = (
        Payment.objects.count(),
        list(Payment.objects.order_by("pk").values_list("state", "refund_due", "receipt_number")),
        Message.objects.count(),
        dossier.events.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ipn(client, first) == "02"
        assert ipn(client, first, vnp_ResponseCode="24", vnp_TransactionStatus="02") == "02"  # a failure after
    after = (
        Payment.objects.count(),
        list(Payment.objects.order_by("pk").values_list("state", "refund_due", "receipt_number")),
        Message.objects.count(),
        dossier.events.count(),
    )
    assert after == before


def test_a_failure_for_a_replaced_request_changes_nothing(charged_then_asked_again, client):
    dossier, first, second = charged_then_asked_again(8000)
    assert ipn(client, first, vnp_ResponseCode="24", vnp_TransactionStatus="02") == "02"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Payment.State.SUPERSEDED and second.state == Payment.State.PENDING


def test_a_refund_due_only_on_a_paid_payment(awaiting_payment):
    from django.db import IntegrityError, transaction

    payment = awaiting_payment.payments.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(refund_due=True)


def test_the_migration_turns_replaced_requests_marked_failed_into_superseded(awaiting_payment):
    """Before 0005, request() marked a replaced request FAILED without a gateway's answer; a
    gateway's failure always left its response code."""
    import importlib
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    step = importlib.import_module("motcua.payments.migrations.0005_payment_lifecycle")
    latest = awaiting_payment.payments.get()
    earlier = timezone.now() - timedelta(days=1)
    replaced = Payment.objects.create(dossier=awaiting_payment, amount=5000, description="Yêu cầu cũ")
    refused = Payment.objects.create(dossier=awaiting_payment, amount=5000, description="Bị từ chối")
    Payment.objects.filter(pk__in=[replaced.pk, refused.pk]).update(state="failed", created_at=earlier)
    Payment.objects.filter(pk=refused.pk).update(response_code="24")
    step.superseded_from_failed(apps, None)
    states = dict(Payment.objects.values_list("pk", "state"))
    assert states == {replaced.pk: "superseded", refused.pk: "failed", latest.pk: "pending"}
    step.failed_from_superseded(apps, None)
    assert Payment.objects.get(pk=replaced.pk).state == "failed"
