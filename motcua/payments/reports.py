"""The agency's daily reconciliation (đối soát) of online payments, as an Excel workbook: every
transaction of the day with the gateway's reference and the receipt, the refunds, and totals per
gateway, so the accountant can set it beside the gateway's and the treasury's statements."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.documents.sheets import workbook
from motcua.payments.models import Callback, Payment, Refund
from motcua.payments.services import PROVIDERS, RECONCILE_AFTER

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from motcua.units.models import Agency

    class _Calls(TypedDict):
        calls: int  # how often the gateway called back about the payment (or was queried)

    ReportedPayment = WithAnnotations[Payment, _Calls]

TRANSACTION_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Thủ tục",
    "Người nộp",
    "Nội dung",
    "Số tiền (đồng)",
    "Cổng thanh toán",
    "Mã tham chiếu",
    "Mã giao dịch tại cổng",
    "Ngân hàng",
    "Tình trạng",
    "Xác nhận lúc",
    "Số biên lai",
    "Số lần cổng gọi lại",
    "Ghi chú",
]
REFUND_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Số biên lai",
    "Số tiền hoàn (đồng)",
    "Lý do",
    "Mã giao dịch hoàn",
    "Cán bộ ghi nhận",
    "Ghi nhận lúc",
]
TOTAL_HEADERS = [
    "Cổng thanh toán",
    "Giao dịch thành công",
    "Số tiền thu (đồng)",
    "Số tiền hoàn (đồng)",
    "Thực thu (đồng)",
    "Không thành công",
    "Đang chờ",
]


def bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def day_payments(agency: Agency, day: date) -> list[ReportedPayment]:
    """The agency's payments confirmed that day, and those asked for that day and not paid."""
    start, end = bounds(day)
    payments = list(
        Payment.objects.filter(dossier__agency=agency)
        .filter(
            Q(confirmed_at__gte=start, confirmed_at__lt=end)
            | (~Q(state=Payment.State.PAID) & Q(created_at__gte=start, created_at__lt=end))
        )
        .select_related("dossier__procedure", "dossier__applicant")
        .order_by("created_at", "pk")
    )
    calls = dict(
        Callback.objects.filter(reference__in=[p.reference for p in payments])
        .values_list("reference")
        .annotate(n=Count("pk"))
    )
    reported = cast("list[ReportedPayment]", payments)  # once each has its calls, set here
    for payment in reported:
        payment.calls = calls.get(payment.reference, 0)
    return reported


def day_refunds(agency: Agency, day: date) -> QuerySet[Refund]:
    start, end = bounds(day)
    return (
        Refund.objects.filter(payment__dossier__agency=agency, created_at__gte=start, created_at__lt=end)
        .select_related("payment__dossier", "refunded_by")
        .order_by("created_at", "pk")
    )


def _note(payment: ReportedPayment, now: datetime) -> str:
    if payment.state == Payment.State.PENDING and payment.started_at and payment.started_at < now - RECONCILE_AFTER:
        return "Chưa có kết quả từ cổng sau 15 phút: cần đối chiếu (QUERY)"
    if payment.state == Payment.State.PAID and not payment.calls:
        return "Xác nhận qua tra cứu (QUERY), cổng không gọi lại"
    return ""


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%H:%M:%S %d/%m/%Y}" if moment else ""


def totals(payments: list[ReportedPayment], refunds: list[Refund]) -> list[list]:
    rows = []
    for provider, label in PROVIDERS.items():
        mine = [p for p in payments if p.provider == provider]
        paid = [p for p in mine if p.state == Payment.State.PAID]
        received = sum(p.amount for p in paid)
        given_back = sum(r.amount for r in refunds if r.payment.provider == provider)
        rows.append(
            [
                label,
                len(paid),
                received,
                given_back,
                received - given_back,
                sum(p.state == Payment.State.FAILED for p in mine),
                sum(p.state == Payment.State.PENDING for p in mine),
            ]
        )
    return rows


def daily_workbook(agency: Agency, day: date) -> bytes:
    now = timezone.now()
    payments, refunds = day_payments(agency, day), list(day_refunds(agency, day))
    subtitle = f"{agency.name} ({agency.code}), ngày {day:%d/%m/%Y}; lập lúc {_local(now)}"
    transactions = [
        [
            i,
            p.dossier.code,
            p.dossier.procedure.name,
            p.dossier.applicant.full_name,
            p.description,
            p.amount,
            p.get_provider_display(),
            p.reference,
            p.gateway_transaction,
            p.bank_code,
            p.get_state_display(),
            _local(p.confirmed_at),
            p.receipt_number,
            p.calls,
            _note(p, now),
        ]
        for i, p in enumerate(payments, 1)
    ]
    refund_rows = [
        [
            i,
            r.payment.dossier.code,
            r.payment.receipt_number,
            r.amount,
            r.reason,
            r.reference,
            r.refunded_by.full_name,
            _local(r.created_at),
        ]
        for i, r in enumerate(refunds, 1)
    ]
    return workbook(
        [
            ("Tổng hợp", subtitle, TOTAL_HEADERS, totals(payments, refunds), [40, 14, 18, 18, 18, 14, 12]),
            (
                "Giao dịch",
                subtitle,
                TRANSACTION_HEADERS,
                transactions,
                [6, 28, 50, 26, 40, 14, 22, 24, 22, 10, 16, 20, 28, 10, 40],
            ),
            ("Hoàn trả", subtitle, REFUND_HEADERS, refund_rows, [6, 28, 28, 16, 40, 20, 26, 20]),
        ]
    )
