"""Reading payments: what an applicant may pay now, what an officer sees of a dossier's money."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet, Sum

from motcua.dossiers import lifecycle
from motcua.payments.models import Callback, Payment, Refund

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Agency


def payable(dossier: Dossier) -> Payment | None:
    """The fee waiting to be paid, if the dossier is still open."""
    if dossier.status not in lifecycle.states_from("pay"):
        return None
    return dossier.payments.filter(state=Payment.State.PENDING).first()


def of_dossier(dossier: Dossier) -> QuerySet[Payment]:
    """Every payment of a dossier with its refunds and the number of gateway calls, newest first."""
    return dossier.payments.prefetch_related(Prefetch("refunds", queryset=Refund.objects.select_related("refunded_by")))


def callbacks_of(payment: Payment) -> QuerySet[Callback]:
    return Callback.objects.filter(reference=payment.reference).order_by("received_at")


def totals(payments: QuerySet[Payment]) -> dict:
    paid = payments.filter(state=Payment.State.PAID)
    return {
        "paid": paid.aggregate(s=Sum("amount"))["s"] or 0,
        "refunded": Refund.objects.filter(payment__in=paid).aggregate(s=Sum("amount"))["s"] or 0,
    }


def reporting_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose payment reports this person receives: as their admin or leader."""
    from motcua.accounts.models import Role
    from motcua.units.models import Agency

    return (
        Agency.objects.filter(memberships__user=user, memberships__role__in=[Role.AGENCY_ADMIN, Role.LEADER])
        .distinct()
        .order_by("name")
    )
