"""The catalogue both ways with the national procedures database (CSDL quốc gia về TTHC).

In: the national database publishes each procedure by its national code, in its own field names
(ma_thu_tuc, ten_thu_tuc, cap_thuc_hien, thanh_phan_ho_so, … and trang_thai). ``sync`` pulls
what changed since a date, reads each record with the same parser that built the shipped
catalogue, and imports them all or nothing. A code the city does not have yet arrives as a
draft (its agencies suggested, not public) for the catalogue editors to check and publish; a
known procedure takes the national content and keeps the city's agencies and publication; an
abolished one (trang_thai "Bãi bỏ") is withdrawn.

Out: ``published`` lists the city's catalogue as the national portal reads it (which procedures
the city performs, where, how far online, published or withdrawn), served signed at
GET /api/v1/national-portal/catalogue.
"""

from __future__ import annotations

import json
import urllib.parse
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from motcua.catalogue import services as catalogue_services
from motcua.catalogue.models import OnlineLevel, Procedure
from motcua.catalogue.sources.national_portal import parse_record
from motcua.core.http import urlopen
from motcua.core.text import fold
from motcua.exchange import protocol

if TYPE_CHECKING:
    from motcua.accounts.models import User

ABOLISHED = {"bai bo", "da bai bo", "het hieu luc"}


class SyncError(Exception):
    """The national database could not be read, or sent something that is not a catalogue."""


def fetch(since: date | None = None) -> list[dict]:
    url = settings.MOTCUA_NATIONAL_PORTAL["catalogue_url"]
    if since is not None:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"since": since.isoformat()})
    try:
        with urlopen(
            url, method="GET", headers=protocol.headers_for(b""), timeout=settings.MOTCUA_GATEWAY_TIMEOUT * 4
        ) as response:
            payload = json.load(response)
    except (OSError, ValueError) as error:
        raise SyncError(f"Không đọc được danh mục từ CSDL quốc gia về TTHC: {error}") from error
    records = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(records, list):
        raise SyncError('CSDL quốc gia về TTHC trả về dữ liệu không phải danh sách thủ tục (thiếu "data").')
    return records


def records_from(raws: list[dict]) -> list[dict]:
    """The national records in the catalogue's own form, with the city's status decided."""
    statuses = dict(Procedure.objects.values_list("code", "status"))
    records = []
    for position, raw in enumerate(raws):
        if (
            not isinstance(raw, dict)
            or not str(raw.get("ma_thu_tuc") or "").strip()
            or not str(raw.get("ten_thu_tuc") or "").strip()
        ):
            raise catalogue_services.CatalogueImportError(
                [f"Thủ tục thứ {position + 1}: thiếu ma_thu_tuc hoặc ten_thu_tuc."]
            )
        record = parse_record(raw)
        if fold(str(raw.get("trang_thai") or "")) in ABOLISHED:
            record["status"] = Procedure.Status.WITHDRAWN
        else:
            record["status"] = statuses.get(record["code"], Procedure.Status.DRAFT)
        record["agencies"] = None  # keep the city's; suggest them for a new code
        records.append(record)
    return records


def sync(since: date | None = None, *, user: User | None = None) -> catalogue_services.ImportResult:
    """Pulls and imports the national changes since ``since`` (everything when None). Raises
    SyncError or CatalogueImportError, having changed nothing."""
    raws = fetch(since)
    note = "Đồng bộ từ CSDL quốc gia về TTHC" + (f" (thay đổi từ {since:%d/%m/%Y})" if since else "")
    return catalogue_services.import_records(
        records_from(raws), user=user, note=note, row_labels=[f"Thủ tục {str(r.get('ma_thu_tuc', '?'))}" for r in raws]
    )


STATUS_NAMES: dict[str, str] = {Procedure.Status.PUBLISHED: "Công bố", Procedure.Status.WITHDRAWN: "Bãi bỏ"}
LEVEL_NAMES: dict[str, str] = {OnlineLevel.FULL: "Toàn trình", OnlineLevel.PARTIAL: "Một phần"}


def published(since: date | None = None) -> list[dict]:
    """The city's catalogue for the national portal: published and withdrawn procedures (drafts
    are the city's business), changed since ``since`` when given."""
    procedures = Procedure.objects.filter(status__in=list(STATUS_NAMES)).prefetch_related("agencies").order_by("code")
    if since is not None:
        procedures = procedures.filter(updated_at__date__gte=since)
    return [
        {
            "MaTTHC": p.code,
            "TenTTHC": p.name,
            "TrangThai": STATUS_NAMES[p.status],
            "MucDo": LEVEL_NAMES.get(p.online_level, ""),
            "CapThucHien": [name for flag, name in ((p.at_city, "Cấp tỉnh"), (p.at_commune, "Cấp xã")) if flag],
            "CoQuanThucHien": [{"MaCoQuan": a.code, "TenCoQuan": a.name} for a in p.agencies.all() if a.is_active],
            "SoQuyetDinh": p.decision_number,
            "NgayCapNhat": timezone.localtime(p.updated_at).strftime("%Y%m%d%H%M%S"),
        }
        for p in procedures
    ]
