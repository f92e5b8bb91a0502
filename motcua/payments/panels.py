"""The fee on the dossier's pages, and the refund among the officers' actions (registered in
PaymentsConfig.ready: dossiers and workflow import nothing of payments)."""

from motcua.dossiers import panels
from motcua.payments import selectors, services
from motcua.payments.models import Payment
from motcua.workflow import actions


def applicant(request, dossier, can):
    return {
        "payments": selectors.of_dossier(dossier),
        "pending_payment": selectors.payable(dossier) if "pay" in can else None,
    }


def officer(request, dossier, can):
    return {"payments": selectors.of_dossier(dossier)}


def _refund(user, dossier, data):
    return services.refund(
        actions.pick(
            Payment,
            "payment",
            "Không có khoản thanh toán này ở hồ sơ.",
            reference=data.get("payment", ""),
            dossier=dossier,
        ),
        user,
        amount=int(data.get("amount") or 0),
        reason=data.get("reason", ""),
        reference=data.get("refund_reference", ""),
    )


def register():
    panels.APPLICANT.append(applicant)
    panels.OFFICER.append(officer)
    actions.register(
        "refund",
        web=lambda request, dossier: _refund(request.user, dossier, request.POST),
        api=_refund,
        done="Đã ghi nhận hoàn tiền và báo cho người dân.",
    )
