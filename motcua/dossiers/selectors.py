"""Reads of dossiers, always through who may see them."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from motcua.accounts.models import Role, User
from motcua.catalogue.models import RequiredDocument
from motcua.dossiers.models import Access, Dossier, DossierFile, Event, IssuedDocument, Status
from motcua.units.selectors import service_point, successor

if TYPE_CHECKING:
    from motcua.catalogue.models import Procedure
    from motcua.eforms.engine import FormSpec, Section
    from motcua.units.models import Agency

CITY_ROLES = (Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN)
# Documents that begin "Trường hợp …" / "Đối với …" or say "(nếu có)" are not asked of everyone.
_CONDITIONAL = re.compile(r"^[-–•\s]*(trường hợp|đối với)\b|\bnếu có\b", re.IGNORECASE)
# A document asked only of one way of submitting: "nếu nộp hồ sơ theo hình thức trực tiếp hoặc gửi
# qua hệ thống bưu chính" (the paper declaration), "khi làm thủ tục trực tiếp" (an ID card shown at
# the desk), "nếu … theo hình thức trực tuyến" (the interactive e-form).
_BY_HAND = re.compile(
    r"\b(nộp|gửi|làm|thực hiện)( hồ sơ| thủ tục)?( theo hình thức| theo cách thức)? trực tiếp\b"
    r"|\bhình thức trực tiếp\b|\b(qua|thông qua) (hệ thống |dịch vụ )?bưu chính\b",
    re.IGNORECASE,
)
_ONLINE = re.compile(r"\b(hình thức|cách thức|nộp|gửi)( hồ sơ)?( theo hình thức)? trực tuyến\b", re.IGNORECASE)
# The national records list the portal's interactive form as a document: the e-form is that one.
_THE_EFORM = re.compile(r"điện tử tương tác", re.IGNORECASE)
# A case that is only the way of submitting, not a circumstance of the applicant.
_CIRCUMSTANCE = re.compile(r"trường hợp|đối với|nếu có", re.IGNORECASE)


def visible_to(user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Dossiers whose personal data this person may see: their own, those they submitted for
    someone (agents), and for officers those of the agencies they work in."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    condition = Q(applicant=user) | Q(submitted_by=user)
    memberships = user.memberships.all()
    if any(m.role in CITY_ROLES for m in memberships):
        condition |= ~Q(status=Status.DRAFT)
    else:
        agencies = [m.agency_id for m in memberships if m.agency_id]
        if agencies:
            # Their agencies' dossiers, and those sent to them for a part of the work (liên thông).
            condition |= (Q(agency__in=agencies) | Q(transfers__to_agency__in=agencies)) & ~Q(status=Status.DRAFT)
    return Dossier.objects.filter(condition).distinct()


def my_dossiers(user: User) -> QuerySet[Dossier]:
    """ "Hồ sơ của tôi": what a person applied for or submitted for others."""
    return (
        Dossier.objects.filter(Q(applicant=user) | Q(submitted_by=user))
        .select_related("procedure", "agency", "applicant")
        .order_by("-submitted_at", "-created_at")
    )


def dossier_for(user: User | AnonymousUser, code: str) -> Dossier | None:
    return (
        visible_to(user)
        .select_related("procedure", "agency", "applicant", "submitted_by", "eform")
        .filter(code=code)
        .first()
    )


def draft_for(user: User, public_id: uuid.UUID | str) -> Dossier | None:
    return (
        Dossier.objects.select_related("procedure", "agency", "applicant", "eform")
        .filter(public_id=public_id, submitted_by=user, status=Status.DRAFT)
        .first()
    )


def open_draft(user: User, procedure: Procedure) -> Dossier | None:
    """The draft a person already started for themselves on this procedure, if any."""
    return (
        Dossier.objects.filter(submitted_by=user, applicant=user, procedure=procedure, status=Status.DRAFT)
        .order_by("-updated_at")
        .first()
    )


def timeline(dossier: Dossier) -> QuerySet[Event]:
    """The dossier's events, oldest first, each with who made it: one query however long."""
    return dossier.events.select_related("actor")


def issued_documents(dossier: Dossier) -> QuerySet[IssuedDocument]:
    """The slips and results issued for the dossier, each with who issued it: one query."""
    return dossier.issued.select_related("issued_by")


def current_files(dossier: Dossier) -> QuerySet[DossierFile]:
    return dossier.files.filter(removed_at__isnull=True).select_related("store_item")


def _channels(document: RequiredDocument) -> tuple[bool, bool]:
    """(asked when submitted by hand or post, asked when submitted online), from the words of
    its case (or of its name when it has none)."""
    text = document.condition or document.name
    by_hand, online = bool(_BY_HAND.search(text)), bool(_ONLINE.search(text)) or bool(_THE_EFORM.search(text))
    if by_hand == online:  # neither named, or both
        return True, True
    return by_hand, online


def required_documents(procedure: Procedure, channel: str | None = None) -> list[dict]:
    """The procedure's documents as the applicant sees them: order, name, group, whether
    everyone must hand it in (conditional ones are not: optional, asked in one case only, or
    shown at the counter rather than handed in), the case and the template to download.

    With ``channel`` (a dossier's), each also says whether it ``applies`` to that way of
    submitting and whether it ``must_upload``: the rule submission checks (no empty dossier).
    A file is required for a document that is required (``RequiredDocument.required``), asked of
    every applicant (no case of its own, its name not "Trường hợp …"/"nếu có"), handed in
    (``Kind.SUBMIT``) and asked for this channel. Not for a document only shown (``Kind.SHOW``,
    "xuất trình"): the original is seen at the desk, and online the data comes from the national
    databases; if it cannot, reception asks for it once as a supplement. Not for the national
    records' "mẫu điện tử tương tác": the e-form is that document. A case that only names the
    channel ("nếu nộp hồ sơ theo hình thức trực tiếp") is no case for that channel: at the
    counter the paper declaration is scanned, online it is not asked."""
    documents = []
    for d in procedure.documents.all():
        by_hand, online = _channels(d)
        applies = channel is None or (online if channel != "counter" else by_hand)
        channel_only = bool(d.condition) and not (by_hand and online) and not _CIRCUMSTANCE.search(d.condition)
        shown = d.kind == RequiredDocument.Kind.SHOW or "xuất trình" in d.group.lower()
        conditional = (
            not d.required
            or (bool(d.condition) and not (channel is not None and channel_only))
            or shown
            or bool(_CONDITIONAL.search(d.name))
        )
        filled_by_form = bool(_THE_EFORM.search(d.name))
        documents.append(
            {
                "order": d.order,
                "name": d.name.lstrip("-–• ").strip(),
                "group": d.group,
                "conditional": conditional,
                "required": d.required,
                "condition": "" if channel is not None and channel_only else d.condition,
                "shown": shown,
                "note": d.note,
                "template_name": d.template_name,
                "template_url": d.template_file.url if d.template_file else "",
                "originals": d.originals,
                "copies": d.copies,
                "applies": applies and not (filled_by_form and channel != "counter"),
                "filled_by_form": filled_by_form,
                "must_upload": applies and not conditional and not filled_by_form,
            }
        )
    return documents


def profile_of(user: User) -> dict:
    """What the system knows of a person, under the names e-forms prefill from."""
    unit = successor(user.address_unit)  # an address under an old commune resolves to today's
    return {
        "profile.full_name": user.full_name,
        "profile.date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else "",
        "profile.gender": user.gender,
        "profile.national_id": user.national_id or "",
        "profile.tax_code": user.tax_code or "",
        "profile.phone": user.phone,
        "profile.email": user.email,
        "profile.address": user.address,
        "profile.address_unit": unit.code if unit else "",
    }


def remembered_values(applicant: User, *, exclude: Dossier | None = None) -> dict:
    """What this person typed in their earlier dossiers, newest first, by field name."""
    values: dict[str, Any] = {}
    earlier = Dossier.objects.filter(applicant=applicant).exclude(form_data={}).order_by("-updated_at")
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude.pk)
    for form_data in earlier.values_list("form_data", flat=True)[:20]:
        for name, value in form_data.items():
            values.setdefault(name, value)
    return values


def agencies_for(procedure: Procedure) -> QuerySet[Agency]:
    return procedure.agencies.filter(is_active=True).select_related("unit").order_by("kind", "name")


def default_agency(procedure: Procedure, applicant: User) -> Agency | None:
    """The applicant's commune's People's Committee, or another agency of that commune that
    performs the procedure (its police, for residence), else the first one."""
    agencies = list(agencies_for(procedure))
    unit = applicant.address_unit
    if unit is not None:
        point = service_point(unit)
        if point is not None and point in agencies:
            return point
        current = successor(unit)
        local = [agency for agency in agencies if current is not None and agency.unit_id == current.pk]
        if local:
            return local[0]
    return agencies[0] if agencies else None


def public_status(code: str, contact: str) -> Dossier | None:
    """A dossier found by its code and the applicant's phone or ID number (public lookup)."""
    contact = re.sub(r"\s+", "", contact or "")
    if not code or not contact:
        return None
    return (
        Dossier.objects.select_related("procedure", "agency")
        .exclude(status=Status.DRAFT)
        .filter(code=code.strip().upper())
        .filter(Q(applicant__phone=contact) | Q(applicant__national_id=contact))
        .first()
    )


def documents_with_files(dossier: Dossier) -> tuple[list[dict], list[DossierFile]]:
    """The procedure's documents, each with the files handed in for it, and the files for no
    listed document. Each says whether it applies to the dossier's channel (``applies``) and
    whether submission requires a file for it (``must_upload``): see required_documents."""
    files = list(current_files(dossier))
    documents = required_documents(dossier.procedure, dossier.channel)
    for document in documents:
        document["files"] = [f for f in files if f.document_order == document["order"]]
    listed = {d["order"] for d in documents}
    return documents, [f for f in files if f.document_order not in listed]


def form_spec(dossier: Dossier) -> FormSpec | None:
    """The form the dossier is (being) filled with: its e-form, else the copy it keeps of the
    generic form (Dossier.form_definition). A draft begun before it kept one gets today's
    generic form; a dossier sent without any form has none."""
    from motcua.eforms.engine import FormSpec
    from motcua.eforms.selectors import filled_with, generic_definition

    spec = filled_with(dossier.eform if dossier.eform_id else None, dossier.form_definition)  # no query without one
    if spec is not None:
        return spec
    if dossier.status == Status.DRAFT:
        return FormSpec.from_definition(generic_definition(dossier.procedure))
    return None


def readable_values(dossier: Dossier) -> list[Section]:
    """The form's sections with each answer as a person reads it."""
    spec = form_spec(dossier)
    return spec.bind(dossier.form_data) if spec else []


def accesses_by_others(dossier: Dossier) -> QuerySet[Access]:
    """Who else opened the dossier: what the applicant may see of the access log."""
    return dossier.accesses.exclude(user_id__in=[dossier.applicant_id, dossier.submitted_by_id]).select_related("user")
