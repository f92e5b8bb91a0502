"""What the back office does when a dossier moves, and the facts its guards ask (registered with
dossiers.lifecycle in WorkflowConfig.ready)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import lifecycle
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Pause
from motcua.notifications.services import notify
from motcua.workflow import selectors
from motcua.workflow.models import Apology, Handoff, Step, Transfer

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier

CLOCK_STOPS = {Pause.Kind.SUPPLEMENT, Pause.Kind.PAYMENT}  # a withdrawal request does not stop it


@lifecycle.subscribe("workflow.clock")
def clock(change: lifecycle.Change) -> None:
    """The applicant's time does not count: a supplement or a fee stops the clock, and their end
    moves the due date by the working time they took."""
    dossier, t = change.dossier, change.transition
    if t.pause in CLOCK_STOPS and dossier.paused_at is None:
        dossier.paused_at = change.at
    if t.resumes in CLOCK_STOPS and dossier.paused_at is not None:
        if dossier.due_at is not None:
            dossier.due_at = selectors.calendar_for(dossier.agency).shifted(
                dossier.due_at, dossier.paused_at, change.at
            )
        dossier.paused_at = None


@lifecycle.subscribe("workflow.handoffs")
def handoffs(change: lifecycle.Change) -> None:
    """The control sheet's row for the applicant's supplement: opened when asked, closed when
    answered (or when the dossier stops)."""
    dossier = change.dossier
    if change.transition.pause == Pause.Kind.SUPPLEMENT:
        Handoff.objects.create(
            dossier=dossier,
            step=Step.SUPPLEMENT,
            giver=change.actor,
            receiver=dossier.applicant,
            from_unit=dossier.submitted_to.name,
            to_unit="Người nộp hồ sơ",
            handed_at=change.at,
            note=change.note,
        )
    if change.transition.resumes == Pause.Kind.SUPPLEMENT:
        Handoff.objects.filter(dossier=dossier, step=Step.SUPPLEMENT, done_at__isnull=True).update(done_at=change.at)


BACK_BECAUSE = {
    "answer_supplement": "người nộp đã bổ sung giấy tờ",
    "paid_online": "người nộp đã thanh toán phí, lệ phí trực tuyến",
    "cancel_withdrawal": "người nộp thôi đề nghị rút hồ sơ",
    "answer_transfer": "cơ quan phối hợp đã trả kết quả liên thông",
}


@lifecycle.subscribe("workflow.people")
def people(change: lifecycle.Change) -> None:
    """Whoever must act next hears of it when the applicant (or the gateway, or the agency a part
    was transferred to) hands the dossier back, and the one-stop officers hear of a withdrawal
    request."""
    dossier = change.dossier
    link = dossier_services.site_link(reverse("workflow:work", args=[dossier.code]))
    values = {"code": dossier.code, "procedure": dossier.procedure.name, "agency": dossier.submitted_to.name}
    if change.action in BACK_BECAUSE:
        event = "officer.dossier_back"
        values |= {"what": BACK_BECAUSE[change.action], "status": dossier.get_status_display(), "link": link}
        people = selectors.holders(dossier)
    elif change.action == "withdraw":
        event = "officer.withdraw_requested"
        values |= {"reason": dossier.withdraw_reason, "link": link}
        people = selectors.holders(dossier)
    else:
        return
    stamp = f"{timezone.localtime(change.at):%Y%m%d%H%M%S}"
    for officer in people:
        notify(
            officer,
            key=f"dossier:{dossier.pk}:{change.action}:{stamp}:{officer.pk}",
            topic=f"dossier:{dossier.pk}",
            event=event,
            values=values,
        )


@lifecycle.provide("transfer_member")
def transfer_member(dossier: Dossier, user: User | None) -> bool:
    return Transfer.objects.filter(dossier=dossier, to_agency__memberships__user=user).exists()


@lifecycle.provide("transfer_to_me")
def transfer_to_me(dossier: Dossier, user: User | None) -> bool:
    return Transfer.objects.filter(
        dossier=dossier, to_agency__memberships__user=user, answered_at__isnull=True
    ).exists()


@lifecycle.provide("transfer_open")
def transfer_open(dossier: Dossier, user: User | None) -> bool:
    return Transfer.objects.filter(dossier=dossier, answered_at__isnull=True).exists()


@lifecycle.provide("apology_waiting")
def apology_waiting(dossier: Dossier, user: User | None) -> bool:
    return Apology.objects.filter(dossier=dossier, signed_at__isnull=True).exists()
