"""Exchange with the national portal: dossiers submitted there enter the reception inbox (once per
MaHoSo), and every status change goes to the portal through an outbox until it acknowledges it:
of those dossiers, and (``MOTCUA_NATIONAL_PORTAL["sync_local"]``, as Decision 766 counts every
dossier's synchronisation) of the dossiers submitted here, under their local code."""

import base64
import binascii
import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.validators import validate_national_id, validate_tax_code
from motcua.catalogue.models import Procedure
from motcua.core.http import urlopen
from motcua.documents.files import discard, store
from motcua.dossiers import lifecycle
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Channel, Dossier, Event, Status
from motcua.exchange import protocol
from motcua.exchange.models import PortalDossier, StatusUpdate
from motcua.notifications.services import claim_for

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
CHANNELS = {"1": "trực tiếp", "2": "trực tuyến", "3": "bưu chính công ích"}


def _text(payload: dict, name: str, errors: dict[str, list[str]], *, required: bool = True, limit: int = 300) -> str:
    value = payload.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors[name] = ["Trường này là bắt buộc."]
    return value[:limit]


def validate(payload: dict) -> dict:
    """The national payload checked field by field; raises ValidationError naming each bad field."""
    if not isinstance(payload, dict):
        raise ValidationError({"non_field_errors": ["Dữ liệu phải là một đối tượng JSON."]})
    errors: dict[str, list[str]] = {}
    code = _text(payload, "MaHoSo", errors, limit=60)
    procedure_code = _text(payload, "MaTTHC", errors, limit=10)
    procedure = (
        Procedure.objects.filter(code=procedure_code, status=Procedure.Status.PUBLISHED).first()
        if procedure_code
        else None
    )
    if procedure_code and procedure is None:
        errors["MaTTHC"] = [f"Không có thủ tục mã {procedure_code} trong danh mục của thành phố."]
    channel = _text(payload, "KenhThucHien", errors, limit=2)
    if channel and channel not in CHANNELS:
        errors["KenhThucHien"] = ["Kênh thực hiện phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)."]
    owner = _text(payload, "ChuHoSo", errors, limit=200)
    identifier = _text(payload, "DinhDanhCHS", errors, limit=14)
    kind = User.Kind.CITIZEN
    if identifier:
        try:
            validate_national_id(identifier)
        except ValidationError:
            try:
                validate_tax_code(identifier)
                kind = User.Kind.BUSINESS
            except ValidationError:
                errors["DinhDanhCHS"] = ["Phải là số định danh cá nhân (12 chữ số) hoặc mã số thuế của chủ hồ sơ."]
    status = _text(payload, "TrangThaiHoSo", errors, limit=2)
    if status and status != str(Status.SUBMITTED):
        errors["TrangThaiHoSo"] = ["Hồ sơ chuyển về phải ở trạng thái 1 (mới đăng ký)."]
    agency = None
    agency_code = _text(payload, "MaCoQuan", errors, required=False, limit=35)
    if procedure is not None:
        candidates = dossier_selectors.agencies_for(procedure)
        agency = candidates.filter(code=agency_code).first() if agency_code else candidates.first()
        if agency is None:
            errors["MaCoQuan"] = ["Không xác định được cơ quan tiếp nhận của thành phố cho thủ tục này."]
    documents = payload.get("TaiLieuNop") or []
    if not isinstance(documents, list):
        errors["TaiLieuNop"] = ["Phải là danh sách tài liệu."]
        documents = []
    files = []
    for index, item in enumerate(documents):
        name = str((item or {}).get("TenTepDinhKem", "")).strip()
        try:
            content = base64.b64decode(str((item or {}).get("NoiDung", "")), validate=True)
        except (binascii.Error, ValueError):
            content = b""
        if not name or not content:
            errors[f"TaiLieuNop[{index}]"] = ["Cần TenTepDinhKem và NoiDung (base64) của tệp."]
            continue
        files.append(
            {
                "name": name[:200],
                "content": content,
                "document": str(item.get("TenGiayTo") or name)[:500],
                "digitized": bool(item.get("DuocSoHoa")),
                "reused": bool(item.get("DuocTaiSuDung")),
            }
        )
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "procedure": procedure,
        "agency": agency,
        "owner": owner,
        "identifier": identifier,
        "kind": kind,
        "phone": _text(payload, "SoDienThoai", {}, required=False, limit=20),
        "channel": channel,
        "files": files,
    }


def _applicant(data: dict) -> User:
    field = "national_id" if data["kind"] == User.Kind.CITIZEN else "tax_code"
    found = User.objects.filter(**{field: data["identifier"]}).first()
    if found is not None:
        return found
    user = User(
        username=data["identifier"],
        kind=data["kind"],
        full_name=data["owner"],
        phone=data["phone"],
        **{field: data["identifier"]},
    )
    user.set_unusable_password()  # they sign in with VNeID, or set a password with "Quên mật khẩu"
    user.save()
    return user


def receive(payload: dict) -> tuple[Dossier, bool]:
    """A dossier from the national portal: once per MaHoSo (a repeat answers the same dossier),
    with its files stored, in state 1 in the receiving agency's inbox; the officers are told."""
    data = validate(payload)
    existing = PortalDossier.objects.select_related("dossier").filter(national_code=data["code"]).first()
    if existing is not None:
        return existing.dossier, False
    stored = []
    try:
        # One at a time, not a comprehension: if a later file fails, the ones already stored are discarded.
        for item in data["files"]:
            stored.append(store(ContentFile(item["content"], name=item["name"]), "cong-quoc-gia"))  # noqa: PERF401
        with transaction.atomic():
            applicant = _applicant(data)
            now = timezone.now()
            dossier = Dossier.objects.create(
                procedure=data["procedure"],
                agency=data["agency"],
                applicant=applicant,
                submitted_by=applicant,
                channel=Channel.NATIONAL_PORTAL,
            )
            portal = PortalDossier.objects.create(
                dossier=dossier, national_code=data["code"], payload=_without_contents(payload)
            )
            for item, file in zip(data["files"], stored, strict=True):
                dossier_services.record_file(
                    dossier,
                    user=applicant,
                    document={"order": None, "name": item["document"]},
                    stored=file,
                    reused=item["reused"],
                )
            dossier.code = dossier_services.next_code(data["agency"], timezone.localdate(now))
            dossier.submitted_at = now
            dossier.procedure_version = data["procedure"].versions.order_by("-number").first()
            lifecycle.move(
                dossier,
                "submit",
                None,
                note=f"Nhận từ Cổng Dịch vụ công quốc gia, mã {portal.national_code} (nộp {CHANNELS.get(data['channel'], '')})",
            )
            dossier_services.tell_officers_new(dossier)
            return dossier, True
    except IntegrityError:
        discard(stored)  # the same MaHoSo arrived twice at once: the other one made it
        return PortalDossier.objects.get(national_code=data["code"]).dossier, False
    except Exception:
        discard(stored)
        raise


def _without_contents(payload: dict) -> dict:
    kept = dict(payload)
    kept["TaiLieuNop"] = [
        {k: v for k, v in (item or {}).items() if k != "NoiDung"} for item in payload.get("TaiLieuNop") or []
    ]
    return kept


KENH: dict[str, str] = {Channel.ONLINE: "2", Channel.COUNTER: "1", Channel.NATIONAL_PORTAL: "2"}


def stamp(moment: datetime | None) -> str:
    """A time as the national portal writes it (yyyyMMddHHmmss, Vietnam's time)."""
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S") if moment else ""


def _known(dossier: Dossier) -> PortalDossier | None:
    """The dossier as the national portal knows it; a local one is made known at its first change."""
    if dossier.channel == Channel.NATIONAL_PORTAL:
        return PortalDossier.objects.filter(dossier_id=dossier.pk).first()
    if not settings.MOTCUA_NATIONAL_PORTAL["sync_local"] or not dossier.code:
        return None
    portal, _ = PortalDossier.objects.get_or_create(
        dossier=dossier, defaults={"national_code": dossier.code, "origin": PortalDossier.Origin.LOCAL, "payload": {}}
    )
    return portal


def queue_status(event: Event, dossier: Dossier) -> StatusUpdate | None:
    """The portal's copy of the dossier's state and appointment, queued in the transaction of
    the move (``dossier`` is saved, ``event`` its entry; exchange/effects.py decides when)."""
    portal = _known(dossier)
    if portal is None:
        return None
    payload = {
        "MaHoSo": portal.national_code,
        "MaHoSoDiaPhuong": dossier.code,
        "TrangThaiHoSo": str(event.to_status),
        "ThoiGian": stamp(event.at),
        "GhiChu": event.note[:500],
        "NgayHenTra": stamp(dossier.due_at),
    }
    if portal.origin == PortalDossier.Origin.LOCAL:  # the portal learns the dossier from us
        payload.update(
            {
                "MaTTHC": dossier.procedure.code,
                "MaCoQuan": dossier.agency.code if dossier.agency else "",
                "KenhThucHien": KENH.get(dossier.channel, "2"),
                "NgayNopHoSo": stamp(dossier.submitted_at),
                "NgayTiepNhan": stamp(dossier.received_at),
                "ChuHoSo": dossier.applicant.full_name,
            }
        )
    update = StatusUpdate.objects.create(
        portal=portal, key=f"{portal.national_code}:{event.pk}", status=dossier.status, payload=payload
    )
    transaction.on_commit(partial(_enqueue, update.pk))
    return update


def _enqueue(pk: int, run_after: datetime | None = None) -> None:
    from motcua.exchange.tasks import push

    backend = push.get_backend()
    if run_after is not None:
        if backend.supports_defer:
            push.using(run_after=run_after).enqueue(pk)
        return
    push.enqueue(pk)


def push(pk: int) -> StatusUpdate:
    """Sends one update if it is next for its dossier (earlier ones first, so the portal sees the
    states in order); on failure, tries again later (1, 2, 4 … minutes). Claimed in one short
    transaction, the outcome recorded in another: the portal is called with no row locked (a
    worker killed meanwhile leaves it to be sent again, under the same id, once the claim passes)."""
    with transaction.atomic():
        update = StatusUpdate.objects.select_for_update().select_related("portal").get(pk=pk)
        now = timezone.now()
        if update.state != StatusUpdate.State.PENDING or (update.claimed_until and update.claimed_until > now):
            return update  # sent, given up, or being pushed by another worker
        earlier = StatusUpdate.objects.filter(
            portal=update.portal, state=StatusUpdate.State.PENDING, pk__lt=update.pk
        ).exists()
        if earlier:
            return update  # the earlier one, when it goes, brings this one along
        update.attempts += 1
        update.claimed_until = now + claim_for()
        update.save(update_fields=["attempts", "claimed_until"])
    try:
        _send(update)
    except OSError as error:
        failure: OSError | None = error
    else:
        failure = None
    with transaction.atomic():
        update = StatusUpdate.objects.select_for_update().select_related("portal").get(pk=pk)
        update.claimed_until = None
        if failure is not None:
            update.last_error = str(failure)[:2000]
            if update.attempts >= MAX_ATTEMPTS:
                update.state, update.next_attempt_at = StatusUpdate.State.FAILED, None
            else:
                update.next_attempt_at = timezone.now() + timedelta(minutes=2 ** (update.attempts - 1))
                transaction.on_commit(partial(_enqueue, pk, update.next_attempt_at))
        else:
            update.state, update.sent_at, update.next_attempt_at = StatusUpdate.State.SENT, timezone.now(), None
            following = (
                StatusUpdate.objects.filter(portal=update.portal, state=StatusUpdate.State.PENDING, pk__gt=update.pk)
                .order_by("pk")
                .first()
            )
            if following is not None:
                transaction.on_commit(partial(_enqueue, following.pk))
        update.save()
    return update


def _send(update: StatusUpdate) -> None:
    body = protocol.dumps({"id": update.key, **update.payload})
    with urlopen(
        settings.MOTCUA_NATIONAL_PORTAL["status_url"],
        data=body,
        method="POST",
        headers=protocol.headers_for(body),
        timeout=settings.MOTCUA_GATEWAY_TIMEOUT,
    ) as response:
        if response.status >= 300:
            raise OSError(f"HTTP {response.status}")


def requeue_due(now: datetime | None = None) -> int:
    """Puts every update whose time has come back in the worker's queue (the first pending one of
    each dossier; the rest follow in order)."""
    now = now or timezone.now()
    firsts: dict[int, int] = {}
    for update in (
        StatusUpdate.objects.filter(state=StatusUpdate.State.PENDING)
        .exclude(next_attempt_at__gt=now)
        .exclude(claimed_until__gt=now)
        .order_by("pk")
    ):
        firsts.setdefault(update.portal_id, update.pk)
    for pk in firsts.values():
        _enqueue(pk)
    return len(firsts)
