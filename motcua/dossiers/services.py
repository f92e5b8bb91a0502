"""Everything that changes a dossier. Each function is one transaction, leaves an event on the
timeline, and queues its messages in the outbox inside that transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officers as officers_of
from motcua.catalogue import routing
from motcua.core.sequences import advance
from motcua.core.text import shorten
from motcua.documents.files import StoredFile, check_upload, discard, store
from motcua.documents.models import StoreItem, StoreReuse
from motcua.dossiers import lifecycle, selectors
from motcua.dossiers.models import (
    Access,
    Channel,
    DailySequence,
    Delivery,
    Dossier,
    DossierFile,
    Event,
    Status,
    SupplementRequest,
)
from motcua.eforms.selectors import form_for, prefill
from motcua.notifications.services import notify

if TYPE_CHECKING:
    from django.core.files.base import File

    from motcua.catalogue.models import Procedure
    from motcua.units.models import Agency

# Which of a procedure's documents a file is for: its order, as posted (None: another document).
DocumentOrder = int | str | None

UPLOAD_FOLDER = "ho-so"


def _event(
    dossier: Dossier,
    actor: User | None,
    action: str,
    *,
    from_status: int | None = None,
    to_status: int | None = None,
    note: str = "",
) -> Event:
    return Event.objects.create(
        dossier=dossier, actor=actor, action=action, from_status=from_status, to_status=to_status, note=note
    )


def log_access(dossier: Dossier, user: User, *, channel: str, action: str) -> None:
    """Every look at a dossier's personal data is written down (Decree 13/2023; the 2025 law)."""
    Access.objects.create(dossier=dossier, user=user, channel=channel, action=action[:40])


# --- Drafts --------------------------------------------------------------------------------------
@transaction.atomic
def start_draft(
    procedure: Procedure,
    *,
    user: User,
    applicant: User | None = None,
    consent_method: str = "",
    counter: Agency | None = None,
) -> Dossier:
    """A new draft with the form pre-filled from what is known about the applicant. An agent
    names the applicant and how they consented; a reception officer takes a paper dossier at the
    counter of ``counter`` (their agency); everyone else applies for themselves."""
    applicant = applicant or user
    if counter is not None:
        if not user.memberships.filter(agency=counter, role=Role.RECEPTION).exists():
            raise ValidationError({"applicant": f"Chỉ cán bộ một cửa của {counter.name} tiếp nhận hồ sơ tại quầy."})
        if not selectors.agencies_for(procedure).filter(pk=counter.pk).exists():
            raise ValidationError({"procedure": f"{counter.name} không giải quyết thủ tục này."})
        consent_method = consent_method.strip() or "Người yêu cầu nộp hồ sơ giấy trực tiếp tại bộ phận một cửa"
    elif applicant != user:
        if user.kind != User.Kind.AGENT:
            raise ValidationError({"applicant": "Chỉ đại lý dịch vụ công được nộp hồ sơ thay người khác."})
        if not consent_method.strip():
            raise ValidationError(
                {"consent_method": "Vui lòng ghi rõ người yêu cầu đã đồng ý cho nộp thay như thế nào."}
            )
    if procedure.status != procedure.Status.PUBLISHED:
        raise ValidationError({"procedure": "Thủ tục này không còn được công bố."})
    refuse_if_handled_elsewhere(procedure)
    if counter is None:
        refuse_if_not_online(procedure)
    eform, spec = form_for(procedure)  # the generic form when the procedure has no e-form of its own
    form_data, _ = prefill(spec, selectors.profile_of(applicant), selectors.remembered_values(applicant))
    dossier = Dossier.objects.create(
        procedure=procedure,
        eform=eform,
        form_definition={} if eform is not None else spec.definition,
        applicant=applicant,
        submitted_by=user,
        consent_method=consent_method.strip()[:300],
        consent_recorded_at=timezone.now() if applicant != user else None,
        agency=counter or selectors.default_agency(procedure, applicant),
        channel=Channel.COUNTER if counter is not None else Channel.ONLINE,
        form_data=form_data,
        delivery_address=applicant.address,
    )
    _event(dossier, user, Event.Action.CREATED, to_status=Status.DRAFT)
    return dossier


def refuse_if_handled_elsewhere(procedure: Procedure) -> None:
    """A procedure of a central body's local branch (customs, tax, treasury …) is not submitted
    through motcua: the refusal says where to go instead (catalogue/routing.py). Nor is one whose
    record is index-only (no documents or time limit yet) until an editor has completed it."""
    elsewhere = routing.handled_elsewhere(procedure)
    if elsewhere:
        raise ValidationError({"procedure": routing.elsewhere_message(elsewhere)})
    if procedure.is_index_only:
        raise ValidationError({"procedure": routing.index_only_message(procedure)})


def refuse_if_not_online(procedure: Procedure) -> None:
    """A procedure the city does not offer online (catalogue: online level) is received at the
    counter or by post only: an online submission is refused, saying so."""
    if not procedure.offered_online:
        raise ValidationError({"procedure": routing.not_online_message(procedure)})


def _check_draft(dossier: Dossier, user: User) -> None:
    if dossier.status != Status.DRAFT:
        raise ValidationError("Hồ sơ đã được nộp, không sửa được nữa.")
    if dossier.submitted_by_id != user.pk:
        raise ValidationError("Bạn không có quyền sửa bản nháp này.")


@transaction.atomic
def save_draft(
    dossier: Dossier,
    *,
    user: User,
    data: Mapping[str, object],
    delivery: str = "",
    delivery_address: str = "",
    agency: Agency | None = None,
    fee_exemption: str = "",
) -> Dossier:
    """Keeps what was typed, complete or not; checking happens on submission."""
    dossier = Dossier.objects.select_for_update(no_key=True).get(pk=dossier.pk)
    _check_draft(dossier, user)
    spec = selectors.form_spec(dossier)
    if spec is not None:
        dossier.form_data = spec.coerce(data)
        if dossier.eform_id is None and not dossier.form_definition:
            dossier.form_definition = spec.definition  # a draft begun before generic forms were kept
    if delivery:
        if delivery not in Delivery.values:
            raise ValidationError({"delivery": "Hình thức nhận kết quả không hợp lệ."})
        dossier.delivery = delivery
    dossier.delivery_address = delivery_address.strip()[:300]
    dossier.fee_exemption = fee_exemption.strip()[:300]
    if agency is not None:
        if not selectors.agencies_for(dossier.procedure).filter(pk=agency.pk).exists():
            raise ValidationError({"agency": "Cơ quan này không giải quyết thủ tục đã chọn."})
        dossier.agency = agency
    dossier.save()
    return dossier


def _document(dossier: Dossier, order: DocumentOrder) -> dict:
    if order in (None, ""):
        return {"order": None, "name": "Giấy tờ khác"}
    for document in selectors.required_documents(dossier.procedure):
        if document["order"] == int(order):
            return document
    raise ValidationError({"document": "Thành phần hồ sơ không có trong thủ tục này."})


def record_file(
    dossier: Dossier,
    *,
    user: User,
    document: dict,
    stored: StoredFile,
    supplement: SupplementRequest | None = None,
    reused: bool = False,
) -> DossierFile:
    return DossierFile.objects.create(
        dossier=dossier,
        document_order=document["order"],
        document_name=document["name"],
        file=stored.name,
        original_name=stored.checked.name,
        content_type=stored.checked.kind.content_type,
        size=stored.checked.size,
        sha256=stored.checked.sha256,
        supplement=supplement,
        reused=reused,
        uploaded_by=user,
    )


def _store_all(uploads: Sequence[tuple[str, File]]) -> list[StoredFile]:
    """Checks every (key, file) pair, then stores them all. Raises ValidationError naming the key
    of each bad file, before anything is stored."""
    errors: dict[str, list[str]] = {}
    for key, upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as error:
            errors.setdefault(key, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return [store(upload, UPLOAD_FOLDER) for _, upload in uploads]


@transaction.atomic
def add_file(dossier: Dossier, *, user: User, document_order: DocumentOrder, upload: File) -> DossierFile:
    _check_draft(dossier, user)
    document = _document(dossier, document_order)
    return record_file(dossier, user=user, document=document, stored=store(upload, UPLOAD_FOLDER))


@transaction.atomic
def attach_from_store(dossier: Dossier, *, user: User, document_order: DocumentOrder, item: StoreItem) -> DossierFile:
    """Hands in a document the applicant already holds instead of uploading it again."""
    _check_draft(dossier, user)
    if item.owner_id != dossier.applicant_id:
        raise ValidationError({"store_item": "Giấy tờ này không thuộc kho dữ liệu của người yêu cầu."})
    document = _document(dossier, document_order)
    StoreReuse.objects.create(item=item, dossier=dossier, used_by=user)
    return DossierFile.objects.create(
        dossier=dossier,
        document_order=document["order"],
        document_name=document["name"],
        file=item.file.name,
        original_name=item.original_name,
        content_type=item.content_type,
        size=item.size,
        sha256=item.sha256,
        store_item=item,
        reused=True,
        uploaded_by=user,
    )


@transaction.atomic
def remove_file(dossier_file: DossierFile, *, user: User) -> None:
    """Takes a file out of a draft. The stored file itself is kept."""
    _check_draft(dossier_file.dossier, user)
    DossierFile.objects.filter(pk=dossier_file.pk).update(removed_at=timezone.now())


# --- Submission ------------------------------------------------------------------------------------
def next_code(agency: Agency, day: date) -> str:
    """``{agency code}-{YYMMDD}-{NNNN}``. The day's counter row is incremented in the caller's
    transaction and stays locked until it commits: concurrent submissions queue on it, and a
    rolled-back submission gives its number back, so there are no duplicates and no gaps."""
    number = advance(DailySequence, agency=agency, day=day.isoformat())
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"


def _validate_for_submission(dossier: Dossier) -> None:
    refuse_if_handled_elsewhere(dossier.procedure)  # a draft begun before the procedure moved
    if dossier.channel == Channel.ONLINE:
        refuse_if_not_online(dossier.procedure)  # or before the city took it offline
    errors = {}
    spec = selectors.form_spec(dossier)
    if spec is not None:
        for name, messages in spec.validate(dossier.form_data).items():
            errors[f"form_data.{name}"] = messages
    if dossier.agency_id is None or not selectors.agencies_for(dossier.procedure).filter(pk=dossier.agency_id).exists():
        errors["agency"] = ["Vui lòng chọn cơ quan tiếp nhận hồ sơ."]
    if dossier.delivery == Delivery.POST and not dossier.delivery_address.strip():
        errors["delivery_address"] = ["Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."]
    errors.update(missing_documents(dossier))
    if errors:
        raise ValidationError(errors)


def missing_documents(dossier: Dossier) -> dict[str, list[str]]:
    """No empty dossier: a file for every document the applicant must hand in by this channel
    (selectors.required_documents says which), keyed ``files.<order>``. The same rule for a
    dossier taken at the counter: the officer scans what the applicant hands in. Documents asked
    in one case only ("Trường hợp …", "nếu có") or only shown (xuất trình) need no file; reception
    asks once for what is missing (request_supplement)."""
    handed_in = selectors.current_files(dossier).values_list("document_order", flat=True)
    return _missing(dossier.procedure, dossier.channel, handed_in)


def _missing(procedure: Procedure, channel: str, handed_in: Iterable[DocumentOrder]) -> dict[str, list[str]]:
    orders = {str(order) for order in handed_in if order not in (None, "")}
    return {
        f"files.{document['order']}": [f"Vui lòng đính kèm {shorten(document['name'], 160)} (giấy tờ bắt buộc)."]
        for document in selectors.required_documents(procedure, channel)
        if document["must_upload"] and str(document["order"]) not in orders
    }


@transaction.atomic
def submit(dossier: Dossier, *, user: User) -> Dossier:
    """Sends a draft. Submitting one that is already sent returns it unchanged, so a double
    click or a retried request never makes a second dossier."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",), no_key=True)
        .select_related("procedure", "agency", "eform", "applicant")
        .get(pk=dossier.pk)
    )
    if dossier.status != Status.DRAFT:
        if dossier.submitted_by_id != user.pk:
            raise ValidationError("Bạn không có quyền với hồ sơ này.")
        return dossier
    _check_draft(dossier, user)
    _validate_for_submission(dossier)
    now = timezone.now()
    dossier.code = next_code(dossier.submitted_to, timezone.localdate(now))  # checked just above
    dossier.submitted_at = now
    dossier.procedure_version = dossier.procedure.versions.order_by("-number").first()
    # The fee at submission and the applicant's message are among its effects.
    lifecycle.move(dossier, "submit", user, tell={"submitted_at": f"{timezone.localtime(now):%H:%M ngày %d/%m/%Y}"})
    _keep_in_store(dossier)
    tell_officers_new(dossier)
    return dossier


def _keep_in_store(dossier: Dossier) -> None:
    """What the applicant uploaded joins their personal data store, once per file content."""
    for item in selectors.current_files(dossier).filter(store_item__isnull=True):
        StoreItem.objects.get_or_create(
            owner=dossier.applicant,
            sha256=item.sha256,
            defaults={
                "kind": StoreItem.Kind.DOCUMENT,
                "title": item.document_name[:500],
                "file": item.file.name,
                "original_name": item.original_name,
                "content_type": item.content_type,
                "size": item.size,
                "source_dossier": dossier,
            },
        )


def site_link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def tell_applicant(dossier: Dossier, what: str, event: str, **values: object) -> None:
    """Tells the applicant, and the agent who submitted for them, of a change (``event`` names the
    wording, see notifications.texts); ``what`` makes the message one of a kind for the dossier."""
    values = {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": dossier.agency.name if dossier.agency else "",  # no query when there is none
        "link": site_link(reverse("dossiers:detail", args=[dossier.code])),
        **values,
    }
    people = [dossier.applicant] + (
        [dossier.submitted_by] if dossier.submitted_by_id not in (None, dossier.applicant_id) else []
    )
    for person in people:
        suffix = "" if person.pk == dossier.applicant_id else f":agent-{person.pk}"
        notify(
            person,
            key=f"dossier:{dossier.pk}:{what}{suffix}",
            topic=f"dossier:{dossier.pk}",
            event=event,
            values=values,
        )


def tell_officers_new(dossier: Dossier) -> None:
    """The agency's one-stop officers hear of a dossier waiting in their inbox."""
    values = {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": dossier.submitted_to.name,
        "channel": dossier.get_channel_display().lower(),
        "link": site_link(reverse("workflow:work", args=[dossier.code])),
    }
    officers = officers_of(dossier.submitted_to, Role.RECEPTION)
    for officer in officers:
        notify(
            officer,
            key=f"dossier:{dossier.pk}:new:{officer.pk}",
            topic=f"dossier:{dossier.pk}",
            event="officer.new_dossier",
            values=values,
        )


@dataclass
class Submission:
    dossier: Dossier
    replayed: bool


def submit_new(
    procedure: Procedure,
    *,
    user: User,
    form_values: dict,
    uploads: Sequence[tuple[DocumentOrder, File]] = (),
    store_items: Iterable[tuple[DocumentOrder, StoreItem]] = (),
    applicant: User | None = None,
    consent_method: str = "",
    delivery: str = Delivery.ONLINE,
    delivery_address: str = "",
    agency: Agency | None = None,
    idempotency_key: str | None = None,
    fee_exemption: str = "",
) -> Submission:
    """One call that makes and sends a dossier (the API's POST). ``uploads`` and ``store_items``
    are (document order, file or item) pairs. With an idempotency key, a replay returns the
    dossier the first call made. Nothing is written unless everything is valid."""
    key = (idempotency_key or "").strip()[:100] or None
    if key:
        existing = Dossier.objects.filter(submitted_by=user, idempotency_key=key).first()
        if existing is not None:
            return Submission(existing, replayed=True)
    refuse_if_handled_elsewhere(procedure)  # before any file is stored
    refuse_if_not_online(procedure)
    _, spec = form_for(procedure)
    errors = {f"form_data.{name}": messages for name, messages in spec.validate(form_values).items()}
    store_items = list(store_items)
    errors.update(_missing(procedure, Channel.ONLINE, [order for order, _ in [*uploads, *store_items]]))
    if errors:  # everything wrong at once, before any file is stored
        raise ValidationError(errors)
    # Files are checked and written to storage before the transaction, which then only records
    # them: the database (SQLite's single writer above all) is locked for milliseconds, not for
    # the time a large file takes to copy. If the transaction fails, the files are removed.
    stored = _store_all([(f"document_{order}", upload) for order, upload in uploads])
    try:
        with transaction.atomic():
            dossier = start_draft(procedure, user=user, applicant=applicant, consent_method=consent_method)
            dossier.idempotency_key = key
            dossier.form_data = form_values
            dossier.delivery = delivery
            dossier.delivery_address = delivery_address or dossier.delivery_address
            dossier.fee_exemption = fee_exemption.strip()[:300]
            if agency is not None:
                dossier.agency = agency
            dossier.save()
            for (order, _), file in zip(uploads, stored, strict=True):
                record_file(dossier, user=user, document=_document(dossier, order), stored=file)
            for order, item in store_items:
                attach_from_store(dossier, user=user, document_order=order, item=item)
            return Submission(submit(dossier, user=user), replayed=False)
    except IntegrityError:
        discard(stored)
        if key:  # the same key raced with itself: the other request made the dossier
            existing = Dossier.objects.filter(submitted_by=user, idempotency_key=key).first()
            if existing is not None:
                return Submission(existing, replayed=True)
        raise
    except BaseException:
        discard(stored)
        raise


# --- After submission --------------------------------------------------------------------------------
def lock(dossier: Dossier | int) -> Dossier:
    """The dossier's row, locked for the move. FOR NO KEY UPDATE on PostgreSQL: another
    transaction may still insert a row that points at the dossier (a receipt issued by the
    worker, a message) without waiting for this one, which would otherwise deadlock with a
    transaction that locked that row first."""
    return (
        Dossier.objects.select_for_update(of=("self",), no_key=True)
        .select_related("agency", "procedure", "applicant")
        .get(pk=dossier if isinstance(dossier, int) else dossier.pk)
    )


@transaction.atomic
def request_supplement(
    dossier: Dossier, *, officer: User, reason: str, orders: list[int], notes: dict | None = None
) -> SupplementRequest:
    """Asks, once, for exactly these documents and why (slip 02 is the workflow's). The clock
    stops until the applicant answers; the answer returns the dossier to where it stood."""
    dossier = lock(dossier)
    lifecycle.check(dossier, "supplement", officer)
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng nêu rõ lý do yêu cầu bổ sung."})
    documents = {d["order"]: d for d in selectors.required_documents(dossier.procedure)}
    if not orders or any(o not in documents for o in orders):
        raise ValidationError({"items": "Vui lòng chọn các giấy tờ cần bổ sung trong thành phần hồ sơ."})
    items = [{"order": o, "name": documents[o]["name"], "note": (notes or {}).get(o, "")} for o in orders]
    change = lifecycle.move(
        dossier,
        "supplement",
        officer,
        note=reason,
        tell={"items": ", ".join(i["name"][:80] for i in items), "reason": reason.strip()},
    )
    return SupplementRequest.objects.create(
        dossier=dossier, requested_by=officer, reason=reason.strip(), items=items, status_before=change.from_status
    )


@transaction.atomic
def answer_supplement(dossier: Dossier, *, user: User, files: Mapping[int, Sequence[File]], note: str = "") -> Dossier:
    """The applicant uploads exactly the documents asked for: one file at least for each, none
    for others. The dossier goes back to the state, step and officer it had when asked, and the
    due date moves by the time the applicant took."""
    dossier = lock(dossier)
    lifecycle.check(dossier, "answer_supplement", user)
    request = dossier.supplement_request
    asked = {item["order"]: item for item in request.items}
    errors = {}
    for order in set(files) - set(asked):
        errors[f"document_{order}"] = ["Giấy tờ này không nằm trong yêu cầu bổ sung."]
    for order, item in asked.items():
        if not files.get(order):
            errors[f"document_{order}"] = [f"Vui lòng tải lên: {item['name'][:120]}."]
    pairs = [(order, upload) for order, uploads in files.items() for upload in uploads]
    try:
        stored = _store_all([(f"document_{order}", upload) for order, upload in pairs])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    for (order, _), file in zip(pairs, stored, strict=True):
        record_file(
            dossier, user=user, document={"order": order, "name": asked[order]["name"]}, stored=file, supplement=request
        )
    lifecycle.move(dossier, "answer_supplement", user, note=note)
    request.answered_at = timezone.now()
    request.answer_note = note.strip()
    request.save()
    _keep_in_store(dossier)
    return dossier


@transaction.atomic
def request_withdrawal(dossier: Dossier, *, user: User, reason: str) -> Dossier:
    """The applicant asks to withdraw; the one-stop office stops the dossier (slip 05), or the
    applicant changes their mind and it goes back to where it stood."""
    dossier = lock(dossier)
    lifecycle.check(dossier, "withdraw", user)
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng nêu lý do rút hồ sơ."})
    dossier.withdraw_reason = reason.strip()
    lifecycle.move(dossier, "withdraw", user, note=reason)
    return dossier


@transaction.atomic
def cancel_withdrawal(dossier: Dossier, *, user: User) -> Dossier:
    dossier = lock(dossier)
    lifecycle.move(dossier, "cancel_withdrawal", user, note="Người nộp thôi đề nghị rút hồ sơ")
    return dossier
