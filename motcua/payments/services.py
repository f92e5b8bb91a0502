"""Payments: asking for one, and confirming it exactly once whatever the gateway sends."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.core.sequences import advance
from motcua.dossiers.models import Dossier, Status
from motcua.payments import vnpay
from motcua.payments.models import Callback, Payment, ReceiptSequence

logger = logging.getLogger(__name__)

# VNPay's answers to an IPN call.
CONFIRMED, NOT_FOUND, ALREADY, BAD_AMOUNT, BAD_SIGNATURE, UNKNOWN = "00", "01", "02", "04", "97", "99"
MESSAGES = {
    CONFIRMED: "Confirm Success", NOT_FOUND: "Order not found", ALREADY: "Order already confirmed",
    BAD_AMOUNT: "Invalid amount", BAD_SIGNATURE: "Invalid signature", UNKNOWN: "Unknown error",
}


def request(dossier: Dossier, *, amount: int, description: str) -> Payment:
    """The fee the office asks for (called inside the office's transition)."""
    if amount <= 0:
        raise ValidationError({"amount": "Số tiền phải lớn hơn 0 đồng."})
    Payment.objects.filter(dossier=dossier, state=Payment.State.PENDING).update(state=Payment.State.FAILED)
    return Payment.objects.create(dossier=dossier, amount=amount, description=description[:255])


def pending_for(dossier: Dossier, user) -> Payment:
    if user.pk not in (dossier.applicant_id, dossier.submitted_by_id):
        raise ValidationError("Bạn không có quyền thanh toán cho hồ sơ này.")
    payment = Payment.objects.filter(dossier=dossier, state=Payment.State.PENDING).first()
    if dossier.status != Status.PAYMENT or payment is None:
        raise ValidationError("Hồ sơ này không có khoản phí đang chờ thanh toán.")
    return payment


@dataclass
class Answer:
    code: str

    @property
    def body(self) -> dict:
        return {"RspCode": self.code, "Message": MESSAGES[self.code]}


def handle_vnpay_ipn(query: dict) -> Answer:
    """VNPay's server-to-server call. Checks the signature, the order and the amount, then
    confirms the payment once — a repeated or concurrent call finds it confirmed (02)."""
    reference = str(query.get("vnp_TxnRef", ""))
    answer = _ipn(query, reference)
    Callback.objects.create(provider="vnpay", reference=reference[:40], params=dict(query), answer=answer.code)
    return answer


def _ipn(query, reference) -> Answer:
    if not vnpay.verify(query):
        return Answer(BAD_SIGNATURE)
    try:
        with transaction.atomic():
            payment = Payment.objects.select_for_update().filter(reference=reference, provider="vnpay").first()
            if payment is None:
                return Answer(NOT_FOUND)
            if str(query.get("vnp_Amount", "")) != str(payment.amount * 100):
                return Answer(BAD_AMOUNT)
            if payment.state != Payment.State.PENDING:
                return Answer(ALREADY)
            payment.gateway_transaction = str(query.get("vnp_TransactionNo", ""))[:40]
            payment.bank_code = str(query.get("vnp_BankCode", ""))[:20]
            payment.response_code = str(query.get("vnp_ResponseCode", ""))[:4]
            if query.get("vnp_ResponseCode") == "00" and query.get("vnp_TransactionStatus") == "00":
                _confirm(payment)
            else:
                payment.state = Payment.State.FAILED
                payment.save()
            return Answer(CONFIRMED)
    except Exception:  # answered 99: the gateway will call again
        logger.exception("VNPay IPN for %s failed", reference)
        return Answer(UNKNOWN)


def _confirm(payment: Payment) -> None:
    now = timezone.now()
    dossier = payment.dossier
    year = timezone.localtime(now).year
    number = advance(ReceiptSequence, agency=dossier.agency, year=year)
    payment.state, payment.confirmed_at = Payment.State.PAID, now
    payment.receipt_number = f"{number:07d}/{year}/{dossier.agency.code}"
    payment.save()
    # The receipt's PDF is made by the worker after the commit: the payment row stays locked
    # for milliseconds, not for the time a PDF takes.
    transaction.on_commit(lambda pk=payment.pk: _enqueue_receipt(pk))
    from motcua.workflow.services import resume_after_payment

    resume_after_payment(dossier, payment)


def _enqueue_receipt(pk: int) -> None:
    from motcua.payments.tasks import issue_receipt

    issue_receipt.enqueue(pk)


@transaction.atomic
def issue_receipt(pk: int) -> None:
    """The receipt as PDF: kept with the dossier and put in the applicant's data store. Runs
    once per payment, however often the task is delivered."""
    import hashlib

    from django.core.files.base import ContentFile

    from motcua.documents import slips
    from motcua.documents.models import StoreItem
    from motcua.dossiers.models import IssuedDocument

    payment = Payment.objects.select_for_update(of=("self",)).select_related("dossier__agency", "dossier__applicant").get(pk=pk)
    if payment.state != Payment.State.PAID or payment.receipt_issued:
        return
    dossier = payment.dossier
    content = slips.fee_receipt(payment)
    issued = IssuedDocument.objects.create(
        dossier=dossier, kind=IssuedDocument.Kind.FEE_RECEIPT, file=ContentFile(content, name=f"bien-lai-{payment.reference}.pdf"),
        issued_by=dossier.applicant,
    )
    StoreItem.objects.create(
        owner=dossier.applicant, kind=StoreItem.Kind.RESULT, title=f"Biên lai số {payment.receipt_number}", file=issued.file.name,
        original_name=f"bien-lai-{payment.reference}.pdf", content_type="application/pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), source_dossier=dossier, issued_by=dossier.agency.name,
    )
    Payment.objects.filter(pk=payment.pk).update(receipt_issued=True)
