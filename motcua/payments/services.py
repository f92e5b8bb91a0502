"""Payments: asking for one, and confirming it exactly once whatever the gateway sends. A
payment's state changes only through payments.lifecycle.next_state."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.accounts.selectors import officers as officers_of
from motcua.core.sequences import advance
from motcua.dossiers import lifecycle
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.payments import gateway, paygov, vnpay
from motcua.payments import lifecycle as payment_lifecycle
from motcua.payments.gateway import GatewayError
from motcua.payments.models import Callback, Payment, ReceiptSequence, Refund

if TYPE_CHECKING:
    from motcua.accounts.models import User

logger = logging.getLogger(__name__)

# VNPay's answers to an IPN call.
CONFIRMED, NOT_FOUND, ALREADY, BAD_AMOUNT, BAD_SIGNATURE, UNKNOWN = "00", "01", "02", "04", "97", "99"
MESSAGES = {
    CONFIRMED: "Confirm Success",
    NOT_FOUND: "Order not found",
    ALREADY: "Order already confirmed",
    BAD_AMOUNT: "Invalid amount",
    BAD_SIGNATURE: "Invalid signature",
    UNKNOWN: "Unknown error",
}
MESSAGES_VI = {
    CONFIRMED: "Thành công",
    NOT_FOUND: "Không tìm thấy giao dịch",
    ALREADY: "Giao dịch đã được xác nhận",
    BAD_AMOUNT: "Số tiền không khớp",
    BAD_SIGNATURE: "Mã xác thực không chính xác",
    UNKNOWN: "Các lỗi khác",
}


def request(dossier: Dossier, *, amount: int, description: str) -> Payment:
    """The fee the office asks for (an effect of the dossier's move, inside its transaction). A
    request still waiting is superseded by it; money paid on that one later is not lost (_confirm)."""
    if amount <= 0:
        raise ValidationError({"amount": "Số tiền phải lớn hơn 0 đồng."})
    replaced = payment_lifecycle.next_state(Payment.State.PENDING, payment_lifecycle.REPLACED)
    Payment.objects.filter(dossier=dossier, state=Payment.State.PENDING).update(state=replaced)
    return Payment.objects.create(dossier=dossier, amount=amount, description=description[:255])


def settle_at_counter(dossier: Dossier, officer: User) -> Payment | None:
    """The officer saw the fee paid (cash at the counter, a bank transfer): the payment waiting
    is settled with a receipt, so the applicant is not asked to pay it again online."""
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .filter(dossier=dossier, state=Payment.State.PENDING)
        .order_by("-created_at")
        .first()
    )
    if payment is None:
        return None
    payment.provider = "counter"
    _record_paid(payment, payment_lifecycle.COUNTER_PAID)
    return payment


def charge_at_submission(dossier: Dossier) -> Payment | None:
    """An online submission whose fee the catalogue states as one figure is charged at once (the
    applicant pays from the dossier's page); "0 đồng" periods and a declared exemption charge
    nothing, and a fee the catalogue does not pin down is left to the office (state 6)."""
    from motcua.catalogue.selectors import fee_quote
    from motcua.dossiers.models import Channel

    if dossier.channel != Channel.ONLINE or dossier.fee_exemption:
        return None
    quote = fee_quote(dossier.procedure, channel="online", on=timezone.localdate(dossier.submitted_at))
    if not quote.amount:
        return None
    return request(
        dossier, amount=quote.amount, description=f"Phí, lệ phí: {dossier.procedure.name[:180]} – hồ sơ {dossier.code}"
    )


def pending_for(dossier: Dossier, user: User) -> Payment:
    if user.pk not in (dossier.applicant_id, dossier.submitted_by_id):
        raise ValidationError("Bạn không có quyền thanh toán cho hồ sơ này.")
    if not lifecycle.may(dossier, "pay", user):
        raise ValidationError("Hồ sơ này không có khoản phí đang chờ thanh toán.")
    return cast(Payment, Payment.objects.filter(dossier=dossier, state=Payment.State.PENDING).first())


# The gateways an applicant pays through ("counter" is the office's own confirmation).
PROVIDERS: dict[str, str] = {
    key: label
    for key, label in cast(list[tuple[str, str]], Payment._meta.get_field("provider").choices)
    if key != "counter"
}
RECONCILE_AFTER = timedelta(minutes=15)


def checkout_url(payment: Payment, provider: str, *, return_url: str, client_ip: str) -> str:
    """Where to send the applicant to pay: VNPay's signed URL, or the page the national platform
    opens for our INIT. A worker check is booked to ask the platform if no callback comes."""
    if provider not in PROVIDERS:
        raise ValidationError({"provider": "Vui lòng chọn cổng thanh toán."})
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("dossier__procedure", "dossier__agency", "dossier__applicant")
            .get(pk=payment.pk)
        )
        if payment.state != Payment.State.PENDING:
            raise ValidationError("Khoản phí này không còn chờ thanh toán.")
        payment.provider, payment.started_at = provider, timezone.now()
        payment.save(update_fields=["provider", "started_at"])
    _book_reconciliation(payment)
    if provider == "vnpay":
        return vnpay.payment_url(
            reference=payment.reference,
            amount=payment.amount,
            description=payment.description,
            return_url=return_url,
            client_ip=client_ip,
            now=payment.started_at,
        )
    try:
        return paygov.init(
            reference=payment.reference,
            amount=payment.amount,
            description=payment.description,
            client_ip=client_ip,
            receipt=_receipt_details(payment),
        )
    except GatewayError as error:
        raise ValidationError(f"{error} Vui lòng thử lại sau hoặc chọn VNPay.") from error


def _receipt_details(payment: Payment) -> dict:
    """ThongTinBienLai: what the treasury's receipt needs to know of the dossier and the payer."""
    dossier = payment.dossier
    return {
        "MaDichVu": "2",
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name[:500],
        "MaDonVi": dossier.submitted_to.code,
        "TenDonVi": dossier.submitted_to.name,
        "MaHoSo": dossier.code,
        "NoiDungThanhToan": payment.description,
        "HoTenNguoiNop": dossier.applicant.full_name,
        "SoCMNDNguoiNop": dossier.applicant.national_id or "",
        "PhiLePhi": [{"LoaiPhiLePhi": "2", "TenPhiLePhi": payment.description, "SoTien": str(payment.amount)}],
    }


def _book_reconciliation(payment: Payment) -> None:
    from motcua.payments.tasks import reconcile_one

    if reconcile_one.get_backend().supports_defer:
        reconcile_one.using(run_after=timezone.now() + RECONCILE_AFTER + timedelta(minutes=1)).enqueue(payment.pk)


def reconcile(now: datetime | None = None, *, after: timedelta = RECONCILE_AFTER) -> dict[str, int]:
    """Asks the gateway (PayGov QUERY, VNPay querydr) about every payment sent there at least
    ``after`` ago that never called back, and settles it as a callback would: once, with the
    amount checked."""
    cutoff = (now or timezone.now()) - after
    counts = {"paid": 0, "failed": 0, "pending": 0, "errors": 0}
    waiting = Payment.objects.filter(state=Payment.State.PENDING, started_at__lte=cutoff)
    for pk in waiting.values_list("pk", flat=True):
        outcome = reconcile_payment(pk)  # the state it found, if something else settled it meanwhile
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def reconcile_payment(pk: int) -> str:
    payment = Payment.objects.get(pk=pk)
    if payment.state != Payment.State.PENDING:
        return str(payment.state)
    try:
        if payment.provider == "paygov":
            result, scale = paygov.query(payment.reference), 1
        else:
            result, scale = (
                vnpay.query(
                    reference=payment.reference,
                    description=payment.description,
                    created=cast(datetime, payment.started_at),  # set when it was sent to the gateway
                ),
                100,
            )
    except GatewayError:
        logger.warning("Query for payment %s at %s failed", payment.reference, payment.provider, exc_info=True)
        return "errors"
    if result.state == gateway.PENDING:
        return "pending"
    paid = result.state == gateway.PAID
    answer = _settle(
        payment.provider,
        payment.reference,
        amount=str(result.amount * scale),
        scale=scale,
        paid=paid,
        transaction_no=result.transaction,
        bank=result.bank,
        code="00" if paid else "QF",
    )
    Callback.objects.create(
        provider=payment.provider, reference=payment.reference, params={"query": result.__dict__}, answer=answer.code
    )
    if answer.code != CONFIRMED:
        return "errors"
    return "paid" if paid else "failed"


@transaction.atomic
def refund(payment: Payment, officer: User, *, amount: int, reason: str, reference: str = "") -> Refund:
    """Records money given back. Only the agency's one-stop officers, leaders and admins may; never
    more than what was paid, counting earlier refunds (the rows are locked while adding)."""
    dossier = dossier_services.lock(payment.dossier_id)
    payment = Payment.objects.select_for_update(of=("self",)).get(pk=payment.pk)
    lifecycle.check(dossier, "refund", officer)
    if payment.state != Payment.State.PAID:
        raise ValidationError("Chỉ hoàn tiền cho khoản đã thanh toán.")
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng ghi rõ lý do hoàn tiền."})
    left = payment.amount - payment.refunded
    if amount <= 0 or amount > left:
        raise ValidationError({"amount": f"Số tiền hoàn phải từ 1 đến {left:,} đồng.".replace(",", ".")})
    made = Refund.objects.create(
        payment=payment, amount=amount, reason=reason.strip(), reference=reference.strip(), refunded_by=officer
    )
    if payment.refund_due and amount == left:  # the money taken for nothing is all given back
        payment.refund_due = False
        payment.save(update_fields=["refund_due"])
    lifecycle.move(
        dossier,
        "refund",
        officer,
        note=f"Hoàn {amount:,} đồng: {reason.strip()}".replace(",", "."),
        tell={
            "amount": f"{amount:,}".replace(",", "."),
            "reason": reason.strip(),
            "receipt_number": payment.receipt_number,
        },
        tell_as=f"refund-{made.pk}",
    )
    return made


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


def _ipn(query: dict, reference: str) -> Answer:
    if not vnpay.verify(query):
        return Answer(BAD_SIGNATURE)
    paid = query.get("vnp_ResponseCode") == "00" and query.get("vnp_TransactionStatus") == "00"
    return _settle(
        "vnpay",
        reference,
        amount=str(query.get("vnp_Amount", "")),
        scale=100,
        paid=paid,
        transaction_no=query.get("vnp_TransactionNo", ""),
        bank=query.get("vnp_BankCode", ""),
        code=query.get("vnp_ResponseCode", ""),
    )


def handle_paygov_confirm(message: dict) -> dict:
    """The national payment platform's CONFIRM call: same checks and the same once-only
    confirmation as VNPay's IPN; the answer is signed with MaXacThuc."""
    reference = str(message.get("MaThamChieu", ""))
    if not paygov.verify(message, paygov.CONFIRM_FIELDS):
        answer = Answer(BAD_SIGNATURE)
    else:
        answer = _settle(
            "paygov",
            reference,
            amount=str(message.get("SoTien", "")),
            scale=1,
            paid=message.get("MaLoi") == "00",
            transaction_no=message.get("MaGiaoDich", ""),
            bank=message.get("MaNganHang", ""),
            code=message.get("MaLoi", ""),
        )
    Callback.objects.create(provider="paygov", reference=reference[:40], params=dict(message), answer=answer.code)
    return paygov.confirm_answer(message, answer.code, MESSAGES_VI[answer.code])


def _settle(
    provider: str,
    reference: str,
    *,
    amount: str,
    scale: int,
    paid: bool,
    transaction_no: str = "",
    bank: str = "",
    code: str = "",
) -> Answer:
    """Records what a gateway says of a payment, once: the row is locked, so a repeated or
    concurrent call finds it settled (02). A wrong amount changes nothing (04). What a call may
    do is payments.lifecycle's: a payment the gateway said failed, or one the office replaced,
    is still confirmed when the gateway says the money was taken; a call the table has no move
    for (the same call again, a failure after the money) finds it settled (02)."""
    try:
        with transaction.atomic():
            # By reference alone: an applicant may have tried one gateway, then the other. The
            # dossier is locked before the payment, in the order the office's moves lock them.
            found = Payment.objects.filter(reference=reference).values_list("dossier_id", flat=True).first()
            if found is None:
                return Answer(NOT_FOUND)
            dossier_services.lock(found)
            payment = (
                Payment.objects.select_for_update(of=("self",))
                .select_related("dossier__agency")
                .get(reference=reference)
            )
            if amount != str(payment.amount * scale):
                return Answer(BAD_AMOUNT)
            happening = payment_lifecycle.GATEWAY_PAID if paid else payment_lifecycle.GATEWAY_FAILED
            if not payment_lifecycle.allows(payment.state, happening):
                return Answer(ALREADY)
            was = Payment.State(payment.state)
            payment.provider = provider
            payment.gateway_transaction = str(transaction_no)[:40]
            payment.bank_code = str(bank)[:20]
            payment.response_code = str(code)[:4]
            if paid:
                _confirm(payment, was)
            else:
                payment.state = payment_lifecycle.next_state(payment.state, happening)
                payment.save()
            return Answer(CONFIRMED)
    except Exception:  # answered 99: the gateway will call again
        logger.exception("%s callback for %s failed", provider, reference)
        return Answer(UNKNOWN)


def _confirm(payment: Payment, was: payment_lifecycle.State = Payment.State.PENDING) -> None:
    """The gateway says the money was taken: the receipt, and the dossier waiting for it goes
    back to whoever held it (or, waiting for nothing, keeps a line on its timeline).

    Money for a request the dossier may no longer wait for (``was`` FAILED or SUPERSEDED) is
    applied to the request waiting in its place when that one asks the same amount (which is
    then superseded); a request waiting for another amount, or none in place of a superseded
    one, leaves the money to be given back (``_owe_refund``). The caller holds the dossier's row
    lock, so the request waiting is locked after it, in the order the office's moves lock them."""
    _record_paid(payment, payment_lifecycle.GATEWAY_PAID)
    dossier = payment.dossier
    note = f"Đã thanh toán trực tuyến {payment.amount:,} đồng, biên lai số {payment.receipt_number}".replace(",", ".")
    if was in payment_lifecycle.LATE:
        waiting = (
            Payment.objects.select_for_update(of=("self",))
            .filter(dossier=dossier, state=Payment.State.PENDING)
            .order_by("-created_at")
            .first()
        )
        if waiting is not None and waiting.amount == payment.amount:
            waiting.state = payment_lifecycle.next_state(waiting.state, payment_lifecycle.REPLACED)
            waiting.save(update_fields=["state"])
            note += "; nộp theo yêu cầu trước đó, được tính cho khoản đang chờ cùng số tiền"
        elif waiting is not None or was == Payment.State.SUPERSEDED:
            _owe_refund(payment, waiting)
            return
    action = "paid_online" if lifecycle.may(dossier, "paid_online", None) else "payment_recorded"
    lifecycle.move(dossier, action, None, note=note)


def _owe_refund(payment: Payment, waiting: Payment | None) -> None:
    """Money taken for a request the dossier no longer waits for: flagged ``refund_due``, a line
    on the timeline, and the agency's one-stop officers and leaders (who record refunds) told."""
    from django.urls import reverse

    from motcua.dossiers.services import site_link
    from motcua.notifications.services import notify

    payment.refund_due = True
    payment.save(update_fields=["refund_due"])
    dossier = payment.dossier
    amount = f"{payment.amount:,}".replace(",", ".")
    if waiting is not None:
        reason = f"hồ sơ đang chờ khoản {waiting.amount:,} đồng theo yêu cầu mới".replace(",", ".")
    else:
        reason = "yêu cầu nộp phí này đã được thay bằng khoản khác"
    lifecycle.move(
        dossier,
        "payment_recorded",
        None,
        note=(
            f"Đã nhận {amount} đồng thanh toán trực tuyến, biên lai số {payment.receipt_number}, "
            f"nhưng {reason}: phải hoàn tiền cho người nộp."
        ),
    )
    values = {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": dossier.submitted_to.name,
        "amount": amount,
        "receipt_number": payment.receipt_number,
        "reason": reason,
        "link": site_link(reverse("workflow:work", args=[dossier.code])),
    }
    for officer in officers_of(dossier.submitted_to, Role.RECEPTION, Role.LEADER):
        notify(
            officer,
            key=f"dossier:{dossier.pk}:refund-due-{payment.pk}:{officer.pk}",
            topic=f"dossier:{dossier.pk}",
            event="officer.refund_due",
            values=values,
        )


def _record_paid(payment: Payment, happening: payment_lifecycle.Happening) -> None:
    """Paid, with the agency's next receipt number; the applicant is told."""
    now = timezone.now()
    dossier = payment.dossier
    year = timezone.localtime(now).year
    number = advance(ReceiptSequence, agency=dossier.submitted_to, year=year)
    payment.state, payment.confirmed_at = payment_lifecycle.next_state(payment.state, happening), now
    payment.receipt_number = f"{number:07d}/{year}/{dossier.submitted_to.code}"
    payment.save()
    # The receipt's PDF is made by the worker after the commit: the payment row stays locked
    # for milliseconds, not for the time a PDF takes.
    transaction.on_commit(partial(_enqueue_receipt, payment.pk))
    from motcua.dossiers.services import tell_applicant

    tell_applicant(
        dossier,
        f"paid-{payment.pk}",
        "dossier.paid",
        amount=f"{payment.amount:,}".replace(",", "."),
        receipt_number=payment.receipt_number,
    )


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

    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("dossier__agency", "dossier__applicant")
        .get(pk=pk)
    )
    if payment.state != Payment.State.PAID or payment.receipt_issued:
        return
    dossier = payment.dossier
    content = slips.fee_receipt(payment)
    issued = IssuedDocument.objects.create(
        dossier=dossier,
        kind=IssuedDocument.Kind.FEE_RECEIPT,
        file=ContentFile(content, name=f"bien-lai-{payment.reference}.pdf"),
        issued_by=dossier.applicant,
    )
    StoreItem.objects.create(
        owner=dossier.applicant,
        kind=StoreItem.Kind.RESULT,
        title=f"Biên lai số {payment.receipt_number}",
        file=issued.file.name,
        original_name=f"bien-lai-{payment.reference}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        source_dossier=dossier,
        issued_by=dossier.submitted_to.name,
    )
    Payment.objects.filter(pk=payment.pk).update(receipt_issued=True)


def send_daily_reports(day: date) -> int:
    """Tells each agency's admins that the day's reconciliation workbook is ready (with the day's
    figures and the link to download it). Run once a day; a repeated run sends nothing new."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from motcua.dossiers.services import site_link
    from motcua.notifications.services import notify
    from motcua.payments.reports import bounds, day_payments
    from motcua.units.models import Agency

    sent, (start, end) = 0, bounds(day)
    agencies = Agency.objects.filter(
        Q(dossiers__payments__created_at__gte=start, dossiers__payments__created_at__lt=end)
        | Q(dossiers__payments__confirmed_at__gte=start, dossiers__payments__confirmed_at__lt=end)
    ).distinct()
    for agency in agencies:
        payments = day_payments(agency, day)
        if not payments:
            continue
        paid = [p for p in payments if p.state == Payment.State.PAID]
        values = {
            "agency": agency.name,
            "day": f"{day:%d/%m/%Y}",
            "paid_count": len(paid),
            "amount": f"{sum(p.amount for p in paid):,}".replace(",", "."),
            "pending": sum(p.state == Payment.State.PENDING for p in payments),
            "link": site_link(
                reverse("payments:reconciliation") + "?" + urlencode({"agency": agency.pk, "day": day.isoformat()})
            ),
        }
        for admin in officers_of(agency, Role.AGENCY_ADMIN):
            notify(
                admin,
                key=f"payment-report:{agency.pk}:{day.isoformat()}:{admin.pk}",
                event="officer.payment_report",
                values=values,
            )
            sent += 1
    return sent
