"""The fee follows the dossier's moves (registered with dossiers.lifecycle in PaymentsConfig.ready):
charged at submission when the catalogue pins it down, asked by the office (state 6), settled
when the office confirms it was paid at the counter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.dossiers import lifecycle
from motcua.payments import services
from motcua.payments.models import Payment

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier


@lifecycle.subscribe("payments.fee")
def fee(change: lifecycle.Change) -> None:
    if change.action == "submit":
        services.charge_at_submission(change.dossier)
    elif change.action == "payment":
        services.request(change.dossier, amount=change.data["amount"], description=change.data["description"])
    elif change.action == "paid" and change.actor is not None:
        services.settle_at_counter(change.dossier, change.actor)


@lifecycle.provide("payment_paid")
def payment_paid(dossier: Dossier, user: User | None) -> bool:
    return Payment.objects.filter(dossier=dossier, state=Payment.State.PAID).exists()


@lifecycle.provide("payment_pending")
def payment_pending(dossier: Dossier, user: User | None) -> bool:
    return Payment.objects.filter(dossier=dossier, state=Payment.State.PENDING).exists()
