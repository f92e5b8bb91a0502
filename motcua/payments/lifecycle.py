"""A payment's lifecycle, declared once.

``TABLE`` says, for each state a payment can be in and each thing that can happen to it, the
state it goes to. A pair the table does not have cannot happen: ``next_state`` refuses it (in
Vietnamese), and a gateway's callback that finds no such pair is one the payment has already
had (services._settle answers "already confirmed" and changes nothing). ``next_state`` is the
only way services.py sets ``Payment.state``.

Money is never lost: a gateway may say a payment failed and later confirm that the money was
taken, and an applicant may pay a request the office has since replaced with a new amount. Both
become PAID with a receipt; services._confirm then applies the money to the dossier's request
still waiting (same amount) or flags it ``refund_due`` for the office to give back.

The dossier's own moves stay with dossiers.lifecycle; this table knows nothing of them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from motcua.payments.models import PaymentState as State


class Happening(models.TextChoices):
    """What can happen to a payment (the label completes "Không thể ghi nhận việc …")."""

    GATEWAY_PAID = "gateway_paid", "cổng thanh toán báo đã thu tiền"
    GATEWAY_FAILED = "gateway_failed", "cổng thanh toán báo giao dịch không thành công"
    REPLACED = "replaced", "thay bằng khoản thanh toán khác"
    COUNTER_PAID = "counter_paid", "cán bộ xác nhận đã nộp tại bộ phận một cửa"


GATEWAY_PAID = Happening.GATEWAY_PAID
GATEWAY_FAILED = Happening.GATEWAY_FAILED
REPLACED = Happening.REPLACED
COUNTER_PAID = Happening.COUNTER_PAID

TABLE: dict[tuple[State, Happening], State] = {
    # The request waiting to be paid.
    (State.PENDING, GATEWAY_PAID): State.PAID,
    (State.PENDING, GATEWAY_FAILED): State.FAILED,
    (State.PENDING, COUNTER_PAID): State.PAID,
    # The office asked a new amount (services.request), or money paid on an earlier request was
    # applied to this one (services._confirm).
    (State.PENDING, REPLACED): State.SUPERSEDED,
    # The gateway said it failed, then confirms the money was taken (a late IPN, a QUERY).
    (State.FAILED, GATEWAY_PAID): State.PAID,
    # Paid for a request the office replaced: recorded, then applied or flagged refund_due.
    (State.SUPERSEDED, GATEWAY_PAID): State.PAID,
}

# The states from which money arrives for a request the dossier may no longer wait for.
LATE = frozenset(state for (state, happening), _ in TABLE.items() if happening == GATEWAY_PAID) - {State.PENDING}


def allows(state: str, happening: str) -> bool:
    return (state, happening) in TABLE


def next_state(state: str, happening: str) -> State:
    """The state a payment in ``state`` goes to when ``happening`` happens; ValidationError
    (Vietnamese) for a pair the table does not have."""
    try:
        return TABLE[State(state), Happening(happening)]
    except (KeyError, ValueError):
        label = State(state).label if state in State.values else state
        what = Happening(happening).label if happening in Happening.values else happening
        raise ValidationError(
            f"Không thể ghi nhận việc {what} cho khoản thanh toán đang ở tình trạng “{label}”.",
            code="payment_transition",
        ) from None
