"""The officers' transitions. Each one checks that the officer holds the right role in the
dossier's agency and that the national state allows it, then changes the dossier, appends the
event (who, when, from, to, why) and the control-sheet hand-off, issues the slip, and queues the
applicant's message — all in one transaction. A refused transition changes nothing."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officers as officers_of
from motcua.documents import pki, slips
from motcua.documents.files import store
from motcua.documents.models import StoreItem
from motcua.dossiers import lifecycle
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier, IssuedDocument, Status
from motcua.notifications.services import notify
from motcua.workflow.models import Apology, Handoff, Note, Step, Transfer, Workflow
from motcua.workflow.selectors import calendar_for

if TYPE_CHECKING:
    from django.core.files.base import File

    from motcua.catalogue.models import Procedure
    from motcua.units.models import Agency

DEFAULT_STEPS = [
    {"step": "reception", "role": "reception", "share": 10},
    {"step": "processing", "role": "specialist", "share": 60},
    {"step": "approval", "role": "leader", "share": 20},
    {"step": "return", "role": "reception", "share": 10},
]


STEP_KINDS = {"reception", "processing", "approval", "return"}


def check_steps(steps: object) -> list[str]:
    problems = []
    if not isinstance(steps, list) or not steps:
        return ["Quy trình cần ít nhất một bước."]
    for step in steps:
        if step.get("step") not in STEP_KINDS:
            problems.append(f"Bước không hợp lệ: {step.get('step')}.")
        if step.get("role") not in Role.values:
            problems.append(f"Vai trò không hợp lệ: {step.get('role')}.")
    if sum(int(step.get("share", 0)) for step in steps) != 100:
        problems.append("Tổng thời gian của các bước phải bằng 100% thời hạn giải quyết.")
    return problems


@transaction.atomic
def save_workflow(procedure: Procedure | None, steps: list[dict]) -> Workflow:
    problems = check_steps(steps)
    if problems:
        raise ValidationError({"steps": problems})
    workflow, _ = Workflow.objects.update_or_create(procedure=procedure, defaults={"steps": steps})
    return workflow


def load_shipped_workflows() -> int:
    """The default workflow and those of the demo procedures (workflow/data/workflows.json)."""
    import json
    from pathlib import Path

    from motcua.catalogue.models import Procedure

    data = json.loads((Path(__file__).resolve().parent / "data" / "workflows.json").read_text(encoding="utf-8"))
    save_workflow(None, data["default"])
    count = 1
    for code, steps in data["procedures"].items():
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is not None:
            save_workflow(procedure, steps)
            count += 1
    return count


def roles_of(officer: User, dossier: Dossier) -> set[str]:
    # A draft's agency may be None, which matches only the city-wide roles (their agency is NULL).
    agency_id = cast(int, dossier.agency_id)
    return set(officer.memberships.filter(agency_id=agency_id).values_list("role", flat=True))


def steps_for(procedure: Procedure) -> list[dict]:
    workflow = (
        Workflow.objects.filter(procedure=procedure).first() or Workflow.objects.filter(procedure__isnull=True).first()
    )
    return workflow.steps if workflow else DEFAULT_STEPS


def _step_due(dossier: Dossier, step: str, start: datetime) -> datetime | None:
    """When a step handed over at ``start`` is due: its share of the statutory time."""
    if dossier.due_at is None or dossier.received_at is None:
        return None
    calendar = calendar_for(dossier.agency)
    total = calendar.working_minutes_between(dossier.received_at, dossier.due_at)
    share = next((s["share"] for s in steps_for(dossier.procedure) if s["step"] == step), 0)
    return calendar.add_working_minutes(start, int(total * share / 100)) if share else None


def _close_open_handoffs(dossier: Dossier, now: datetime, *, transfers: bool = False) -> None:
    """Closes the step being left; a transfer's row stays open until the other agency answers
    (or the dossier stops: ``transfers``)."""
    open_ = Handoff.objects.filter(dossier=dossier, done_at__isnull=True)
    (open_ if transfers else open_.exclude(step=Step.TRANSFER)).update(done_at=now)


def _handoff(
    dossier: Dossier, step: str, *, giver: User | None, receiver: User | None, now: datetime, note: str = ""
) -> Handoff:
    return Handoff.objects.create(
        dossier=dossier,
        step=step,
        giver=giver,
        receiver=receiver,
        from_unit=dossier.submitted_to.name,
        to_unit=dossier.submitted_to.name,
        handed_at=now,
        due_at=_step_due(dossier, step, now),
        note=note,
    )


def _issue(dossier: Dossier, kind: str, content: bytes, officer: User, *, signed: bool = False) -> IssuedDocument:
    name = f"{kind}-{dossier.code}.pdf"
    return IssuedDocument.objects.create(
        dossier=dossier, kind=kind, file=ContentFile(content, name=name), signed=signed, issued_by=officer
    )


@transaction.atomic
def receive(dossier: Dossier, officer: User) -> Dossier:
    """Reception: the dossier is complete. The clock starts (after closing: at the next opening),
    the appointment is set, slip 01 is issued."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "receive", officer)
    now = timezone.now()
    dossier.received_at = now
    dossier.due_at = calendar_for(dossier.agency).due(now, dossier.procedure.time_value, dossier.procedure.time_unit)
    appointment = (
        f"hẹn trả kết quả {timezone.localtime(dossier.due_at):%H:%M ngày %d/%m/%Y}"
        if dossier.due_at
        else "đang giải quyết"
    )
    lifecycle.move(dossier, "receive", officer, note="Tiếp nhận hồ sơ", tell={"appointment": appointment})
    Handoff.objects.create(
        dossier=dossier,
        step=Step.RECEPTION,
        giver=dossier.submitted_by,
        receiver=officer,
        from_unit="Nộp trực tuyến",
        to_unit=dossier.submitted_to.name,
        handed_at=cast(datetime, dossier.submitted_at),  # a submitted dossier has it (dossier_code_once_submitted)
        due_at=now,
        done_at=now,
    )
    _issue(dossier, IssuedDocument.Kind.RECEIPT, slips.receipt_slip(dossier, officer), officer)
    return dossier


@transaction.atomic
def refuse(dossier: Dossier, officer: User, reason: str) -> Dossier:
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "refuse", officer)
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng nêu rõ lý do từ chối tiếp nhận."})
    lifecycle.move(dossier, "refuse", officer, note=reason, tell={"reason": reason.strip()})
    _issue(dossier, IssuedDocument.Kind.REFUSAL, slips.refusal_slip(dossier, officer, reason.strip()), officer)
    return dossier


@transaction.atomic
def ask_supplement(dossier: Dossier, officer: User, *, reason: str, orders: list[int]) -> Dossier:
    """Asks once, with the exact documents and why; the clock stops until the answer (slip 02)."""
    request = dossier_services.request_supplement(dossier, officer=officer, reason=reason, orders=orders)
    dossier = dossier_services.lock(dossier)
    _issue(dossier, IssuedDocument.Kind.SUPPLEMENT, slips.supplement_slip(dossier, request), officer)
    return dossier


@transaction.atomic
def assign(dossier: Dossier, officer: User, specialist: User) -> Dossier:
    """Gives the dossier to a specialist of the agency (again, when someone else should take it)."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "assign", officer)
    if Role.SPECIALIST not in roles_of(specialist, dossier):
        raise ValidationError({"specialist": f"{specialist} không phải chuyên viên của {dossier.submitted_to.name}."})
    now = timezone.now()
    _close_open_handoffs(dossier, now)
    verb = "Phân công" if dossier.assignee_id is None else "Phân công lại"
    lifecycle.move(dossier, "assign", officer, assignee=specialist, note=f"{verb} {specialist.full_name} xử lý")
    _handoff(dossier, Step.PROCESSING, giver=officer, receiver=specialist, now=now)
    return dossier


@transaction.atomic
def propose(dossier: Dossier, specialist: User, note: str = "") -> Dossier:
    """The specialist has checked the dossier and sends the draft result to the leader."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "propose", specialist)
    now = timezone.now()
    _close_open_handoffs(dossier, now)
    lifecycle.move(dossier, "propose", specialist, note=note or "Trình lãnh đạo phê duyệt")
    _handoff(dossier, Step.APPROVAL, giver=specialist, receiver=None, now=now, note=note.strip())
    return dossier


@transaction.atomic
def approve_and_sign(dossier: Dossier, leader: User) -> Dossier:
    """The leader approves: the result is made, signed with the agency's certificate (PAdES),
    kept with the dossier and put in the applicant's personal data store."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "approve", leader)
    now = timezone.now()
    signed = pki.sign_pdf(
        slips.result_document(dossier, leader),
        dossier.agency,
        signer_name=leader.full_name,
        reason=f"Phê duyệt kết quả hồ sơ {dossier.code}",
    )
    result = _issue(dossier, IssuedDocument.Kind.RESULT, signed, leader, signed=True)
    _close_open_handoffs(dossier, now)
    Handoff.objects.filter(dossier=dossier, step=Step.APPROVAL, receiver__isnull=True).update(receiver=leader)
    dossier.finished_at = now
    lifecycle.move(
        dossier, "approve", leader, note="Phê duyệt, ký số kết quả", tell={"pickup": dossier.delivery == "counter"}
    )
    _handoff(dossier, Step.RETURN, giver=leader, receiver=None, now=now)
    StoreItem.objects.get_or_create(
        owner=dossier.applicant,
        sha256=hashlib.sha256(signed).hexdigest(),
        defaults={
            "kind": StoreItem.Kind.RESULT,
            "title": f"Kết quả: {dossier.procedure.name}"[:500],
            "file": result.file.name,
            "original_name": f"ket-qua-{dossier.code}.pdf",
            "content_type": "application/pdf",
            "size": len(signed),
            "source_dossier": dossier,
            "issued_by": dossier.submitted_to.name,
        },
    )
    return dossier


@transaction.atomic
def hand_over(dossier: Dossier, officer: User, tracking: str = "") -> Dossier:
    """The result reaches the applicant: online (already in their store), at the counter, or by
    post with the tracking number."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "hand_over", officer)
    if dossier.delivery == "post" and not tracking.strip():
        raise ValidationError({"tracking": "Vui lòng nhập mã bưu gửi."})
    now = timezone.now()
    _close_open_handoffs(dossier, now)
    Handoff.objects.filter(dossier=dossier, step=Step.RETURN, receiver__isnull=True).update(receiver=officer)
    dossier.returned_at = now
    dossier.return_tracking = tracking.strip()
    how = {"post": f"qua bưu chính, mã bưu gửi {dossier.return_tracking}", "counter": "tại bộ phận một cửa"}.get(
        dossier.delivery, "trực tuyến vào kho dữ liệu cá nhân"
    )
    lifecycle.move(
        dossier, "hand_over", officer, note=f"Trả kết quả: {dossier.get_delivery_display()}", tell={"how": how}
    )
    return dossier


@transaction.atomic
def send_back(dossier: Dossier, leader: User, reason: str) -> Dossier:
    """The leader returns the draft result to the specialist for rework."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "send_back", leader)
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng ghi rõ nội dung cần làm lại."})
    now = timezone.now()
    Handoff.objects.filter(dossier=dossier, step=Step.APPROVAL, receiver__isnull=True).update(receiver=leader)
    _close_open_handoffs(dossier, now)
    lifecycle.move(dossier, "send_back", leader, note=f"Trả lại để xử lý lại: {reason.strip()}")
    _handoff(dossier, Step.PROCESSING, giver=leader, receiver=dossier.assignee, now=now, note=reason.strip())
    return dossier


@transaction.atomic
def stop(dossier: Dossier, officer: User, reason: str) -> Dossier:
    """Stops processing (state 8) with slip 05: at the applicant's request (state 7) or when the
    dossier cannot go on. The applicant is told why."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "stop", officer)
    reason = reason.strip() or (
        f"Theo đề nghị rút hồ sơ của người nộp: {dossier.withdraw_reason}"
        if dossier.status == Status.WITHDRAW_REQUESTED
        else ""
    )
    if not reason:
        raise ValidationError({"reason": "Vui lòng nêu lý do dừng xử lý hồ sơ."})
    now = timezone.now()
    _close_open_handoffs(dossier, now, transfers=True)
    lifecycle.move(dossier, "stop", officer, note=reason, tell={"reason": reason})
    _issue(dossier, IssuedDocument.Kind.STOP, slips.stop_notice(dossier, officer, reason), officer)
    return dossier


WARN_MINUTES = 8 * 60  # one working day


def draft_apologies(now: datetime | None = None) -> int:
    """Drafts slip 04 for every dossier in processing that will be late within one working day
    and has no apology waiting. The new date gives the dossier half its statutory time again.
    Safe to run as often as wanted (cron, the worker)."""
    now = now or timezone.now()
    drafted = 0
    candidates = (
        Dossier.objects.filter(
            status__in=[Status.RECEIVED, Status.PROCESSING],
            due_at__isnull=False,
            paused_at__isnull=True,
            finished_at__isnull=True,
        )
        .select_related("agency")
        .exclude(apologies__signed_at__isnull=True, apologies__isnull=False)
    )
    for dossier in candidates:
        if dossier.due_at is None:  # excluded by the query (due_at__isnull=False)
            continue
        calendar = calendar_for(dossier.agency)
        if dossier.due_at > now and calendar.working_minutes_between(now, dossier.due_at) > WARN_MINUTES:
            continue
        total = (
            calendar.working_minutes_between(dossier.received_at, dossier.due_at)
            if dossier.received_at
            else WARN_MINUTES
        )
        with transaction.atomic():
            Apology.objects.get_or_create(
                dossier=dossier,
                signed_at__isnull=True,
                defaults={
                    "old_due_at": dossier.due_at,
                    "new_due_at": calendar.add_working_minutes(max(dossier.due_at, now), max(total // 2, WARN_MINUTES)),
                },
            )
            _warn_officers(dossier)
        drafted += 1
    return drafted


def _warn_officers(dossier: Dossier) -> None:
    """The specialist handling the dossier (or the one-stop officers before assignment) and the
    leaders who will sign the apology hear it is about to be late, once per due date."""
    handlers = [dossier.assignee] if dossier.assignee else list(officers_of(dossier.submitted_to, Role.RECEPTION))
    leaders = officers_of(dossier.submitted_to, Role.LEADER)
    values = {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": dossier.submitted_to.name,
        "due_at": f"{timezone.localtime(dossier.due_at):%H:%M ngày %d/%m/%Y}",
        "link": dossier_services.site_link(reverse("workflow:work", args=[dossier.code])),
    }
    for officer in {o.pk: o for o in [*handlers, *leaders]}.values():
        notify(
            officer,
            key=f"dossier:{dossier.pk}:due-soon:{dossier.due_at:%Y%m%d%H%M}:{officer.pk}",
            topic=f"dossier:{dossier.pk}",
            event="officer.due_soon",
            values=values,
        )


@transaction.atomic
def sign_apology(apology: Apology, leader: User, *, reason: str, new_due_at: datetime | None = None) -> Apology:
    apology = Apology.objects.select_for_update().select_related("dossier").get(pk=apology.pk)
    dossier = dossier_services.lock(apology.dossier)
    if apology.signed_at:
        raise ValidationError("Văn bản này đã được ký.")
    lifecycle.check(dossier, "apology", leader)
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng nêu lý do chậm giải quyết."})
    if new_due_at is not None:
        if new_due_at <= apology.old_due_at:
            raise ValidationError({"new_due_at": "Ngày hẹn lại phải sau hạn cũ."})
        apology.new_due_at = new_due_at
    dossier.due_at = apology.new_due_at
    new_due = timezone.localtime(apology.new_due_at)
    lifecycle.move(
        dossier,
        "apology",
        leader,
        note=f"Xin lỗi, hẹn lại {new_due:%H:%M %d/%m/%Y}: {reason.strip()}",
        tell={"reason": reason.strip(), "new_due_at": f"{new_due:%H:%M ngày %d/%m/%Y}"},
        tell_as=f"apology-{apology.pk}",
    )
    apology.reason, apology.signed_by, apology.signed_at = reason.strip(), leader, timezone.now()
    apology.save()
    _issue(dossier, IssuedDocument.Kind.APOLOGY, slips.apology_letter(dossier, apology), leader)
    return apology


# --- officers' notes and transfers between agencies (liên thông) ------------------------------------
@transaction.atomic
def add_note(dossier: Dossier, officer: User, text: str, upload: File | None = None) -> Note:
    """A comment, with an internal document if any, seen only by the officers on the dossier."""
    try:
        lifecycle.check(dossier, "note", officer)
    except PermissionDenied:
        raise PermissionDenied("Chỉ cán bộ giải quyết hồ sơ này được trao đổi nội bộ.") from None
    if not text.strip():
        raise ValidationError({"text": "Vui lòng nhập nội dung trao đổi."})
    note = Note(dossier=dossier, author=officer, text=text.strip())
    if upload is not None:
        stored = store(upload, f"ho-so/{dossier.public_id}/noi-bo")
        note.file, note.file_name = stored.name, stored.checked.name
    note.save()
    return note


@transaction.atomic
def transfer(dossier: Dossier, officer: User, *, to_agency: Agency, request: str, share: int = 30) -> Transfer:
    """Sends part of the work to another agency (or department) with ``share`` percent of the
    statutory time; the dossier stays in processing here, with its specialist."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "transfer", officer)
    if to_agency.pk == dossier.agency_id:
        raise ValidationError({"to_agency": "Chọn một cơ quan khác để liên thông."})
    if not request.strip():
        raise ValidationError({"request": "Vui lòng ghi rõ nội dung đề nghị phối hợp."})
    now = timezone.now()
    due = None
    if dossier.due_at and dossier.received_at:
        calendar = calendar_for(dossier.agency)
        total = calendar.working_minutes_between(dossier.received_at, dossier.due_at)
        due = calendar_for(to_agency).add_working_minutes(now, int(total * max(1, min(share, 100)) / 100))
    item = Transfer.objects.create(
        dossier=dossier, to_agency=to_agency, requested_by=officer, request=request.strip(), due_at=due
    )
    Handoff.objects.create(
        dossier=dossier,
        step=Step.TRANSFER,
        giver=officer,
        from_unit=dossier.submitted_to.name,
        to_unit=to_agency.name,
        handed_at=now,
        due_at=due,
        note=request.strip(),
    )
    lifecycle.move(dossier, "transfer", officer, note=f"Chuyển liên thông đến {to_agency.name}: {request.strip()}")
    return item


@transaction.atomic
def answer_transfer(item: Transfer, officer: User, answer: str) -> Transfer:
    item = Transfer.objects.select_for_update().select_related("dossier", "to_agency").get(pk=item.pk)
    dossier = dossier_services.lock(item.dossier)
    if not officer.memberships.filter(agency=item.to_agency).exists():
        raise PermissionDenied(f"Chỉ cán bộ của {item.to_agency.name} được trả lời nội dung liên thông này.")
    if item.answered_at:
        raise ValidationError("Nội dung liên thông này đã được trả lời.")
    lifecycle.check(dossier, "answer_transfer", officer)
    if not answer.strip():
        raise ValidationError({"answer": "Vui lòng nhập kết quả xử lý liên thông."})
    change = lifecycle.move(
        dossier,
        "answer_transfer",
        officer,
        note=f"{item.to_agency.name} trả kết quả liên thông: {answer.strip()}",
        data={"transfer": item},
    )
    item.answered_by, item.answer, item.answered_at = officer, answer.strip(), change.at
    item.save()
    Handoff.objects.filter(
        dossier=dossier, step=Step.TRANSFER, to_unit=item.to_agency.name, done_at__isnull=True
    ).update(receiver=officer, done_at=change.at)
    return item


@transaction.atomic
def request_payment(dossier: Dossier, officer: User, *, amount: int, reason: str) -> Dossier:
    """Asks the applicant to pay (state 6, yêu cầu thực hiện nghĩa vụ tài chính); the clock stops
    until the payment is confirmed, and the dossier then goes back to whoever held it."""
    dossier = dossier_services.lock(dossier)
    lifecycle.check(dossier, "payment", officer)
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng ghi rõ khoản phí, lệ phí phải nộp."})
    if amount <= 0:
        raise ValidationError({"amount": "Số tiền phải lớn hơn 0 đồng."})
    now = timezone.now()
    lifecycle.move(
        dossier,
        "payment",
        officer,
        note=f"{reason.strip()}: {amount:,} đồng".replace(",", "."),
        data={"amount": amount, "description": f"{reason.strip()} – hồ sơ {dossier.code}"},
        tell={"reason": reason.strip(), "amount": f"{amount:,}".replace(",", ".")},
        tell_as=f"payment-{now:%Y%m%d%H%M%S}",
    )
    return dossier


@transaction.atomic
def payment_received(dossier: Dossier, officer: User, *, note: str = "") -> Dossier:
    """The fee was paid at the counter (or the office saw the transfer): the fee waiting is
    settled with a receipt, and the dossier goes back to whoever held it, its due date moved by
    the time the applicant took."""
    dossier = dossier_services.lock(dossier)
    lifecycle.move(dossier, "paid", officer, note=note or "Đã nộp phí, lệ phí")
    return dossier
