"""The national portal's own detail record of a procedure (the JSON its API answers, as stored
under ``data-gl/details/<id>.json`` in duynghiaqn/Crawler-TTHC) into the exchange format.

What is read: ``executionMethods`` (one per submission method: ``processingTime`` with its
``processingTimeUnit`` and the ``fees`` of that method), ``executionCases[].profileComponents``
(the documents of each case with ``originalQty``, ``copyQty``, ``required`` and the template in
``attachments``), ``executionSteps``, ``legalBasisesDetails``, ``resultsDetails``,
``requirementsAndConditions``, ``executingAgencies``, ``subjectTypesDetails``, the level flags
(``isProvince``, ``isWard``) and the publishing decision. The shipped file keeps only these keys
(data/portal_details.json.gz, data/SOURCES.md).

A record with a time limit and at least one document is ``record_status = "full"``; otherwise
it stays ``index_only`` (it still replaces what the index row knew).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from motcua.catalogue.sources.channels import online_level
from motcua.catalogue.sources.portal_index import INDEX_ONLY, ministry_name

FULL = "full"
PORTAL_URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/"
SOURCE = "Cổng Dịch vụ công quốc gia: bản ghi chi tiết (bản thu thập duynghiaqn/Crawler-TTHC, {path}, commit {commit})"
COMMIT = "0ee18a41a722ab232e13e3e24d20cd1b8c124dc4"

CHANNELS = {"DIRECT": "direct", "ONLINE": "online", "POSTAL": "post"}
CHANNEL_ORDER = ("direct", "online", "post")
UNITS = {
    "WORKING_DAY": ("working_days", "ngày làm việc"),
    "DAY": ("days", "ngày"),
    "WORKING_HOUR": ("hours", "giờ làm việc"),
    "HOUR": ("hours", "giờ làm việc"),
    "MONTH": ("months", "tháng"),
}
FEE_KINDS = {"FEE": "fee", "CHARGE": "charge"}
APPLICANTS = (
    ("công dân", "citizen"),
    ("người việt nam định cư", "overseas_vietnamese"),
    ("người nước ngoài", "foreigner"),
    ("doanh nghiệp", "business"),
    ("hợp tác xã", "cooperative"),
    ("tổ chức", "organization"),
    ("cán bộ", "official"),
)
_BULLET = re.compile(r"^[\s\-+*•]+")
# Fees "theo quy định của pháp luật về phí, lệ phí" state no amount: the amount is set elsewhere.
_FEE_BY_LAW = re.compile(r"theo quy định|theo quy định của pháp luật", re.IGNORECASE)
_FREE = re.compile(r"miễn phí|không thu|miễn lệ phí", re.IGNORECASE)
# A body of another province among the performing agencies ("Sở Văn hóa và Thể thao Thành phố Hà
# Nội"): the record is the national one, the body is not Đà Nẵng's.
_OTHER_PROVINCE = re.compile(r"\b(Thành phố|Tỉnh)\s+(?!Đà Nẵng)[A-ZĐÂ]")


def agencies_text(text: str) -> str:
    """The performing agencies of the record without those of another named province."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    return ", ".join(part for part in parts if not _OTHER_PROVINCE.search(part))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number >= 0 else None


def _quantity(number: Decimal) -> int | Decimal:
    return int(number) if number == number.to_integral_value() else number


def time_limit(method: Mapping[str, Any]) -> dict[str, Any] | None:
    """A method's limit: ``{"value", "unit", "text"}`` with the unit the record gives it."""
    value = _number(method.get("processingTime"))
    unit = UNITS.get(_text(method.get("processingTimeUnit")).upper())
    if value is None or value == 0 or unit is None:
        return None
    shown = f"{int(value):02d}" if value == value.to_integral_value() else str(value)
    return {"value": _quantity(value), "unit": unit[0], "text": f"{shown} {unit[1]}"}


def channels(detail: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = []
    for method in detail.get("executionMethods") or []:
        kind = CHANNELS.get(_text(method.get("submissionMethod")).upper())
        if kind is None:
            continue
        limit = time_limit(method) or {}
        found.append(
            {
                "kind": kind,
                "time_value": limit.get("value"),
                "time_unit": limit.get("unit", ""),
                "time_text": limit.get("text", ""),
                "fee_text": "; ".join(_fee_text(fee) for fee in method.get("fees") or [] if _fee_text(fee)),
                "description": _text(method.get("description")),
            }
        )
    return sorted(found, key=lambda channel: CHANNEL_ORDER.index(channel["kind"]))


def processing_time(detail: Mapping[str, Any]) -> dict[str, Any] | None:
    """The in-person method's limit, else the longest one (as the crawl's parser does)."""
    limits = {}
    for method in detail.get("executionMethods") or []:
        kind = CHANNELS.get(_text(method.get("submissionMethod")).upper())
        limit = time_limit(method)
        if kind and limit:
            limits[kind] = limit
    if "direct" in limits:
        return limits["direct"]
    return max(limits.values(), key=lambda limit: limit["value"]) if limits else None


def _fee_text(fee: Mapping[str, Any]) -> str:
    amount = _number(fee.get("value"))
    label = "Lệ phí" if FEE_KINDS.get(_text(fee.get("type")).upper()) == "charge" else "Phí"
    remark = _text(fee.get("description"))
    if amount:
        text = f"{label}: {int(amount):,} đồng".replace(",", ".")
        return f"{text} ({remark})" if remark else text
    return f"{label}: {remark}" if remark else ""


def fees(detail: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The fees of each method; a fee every method charges alike is listed once, for all."""
    per_channel: dict[str, list[dict[str, Any]]] = {}
    for method in detail.get("executionMethods") or []:
        kind = CHANNELS.get(_text(method.get("submissionMethod")).upper())
        if kind is None:
            continue
        method_text = _text(method.get("description"))
        rows = []
        for fee in method.get("fees") or []:
            amount = _number(fee.get("value"))
            remark = _text(fee.get("description"))
            by_law = bool(_FEE_BY_LAW.search(f"{remark} {method_text}"))
            if not amount and not remark and not by_law:
                continue
            stated = amount if amount else (Decimal(0) if _FREE.search(remark) else None)
            rows.append(
                {
                    "kind": FEE_KINDS.get(_text(fee.get("type")).upper(), ""),
                    "amount": _quantity(stated) if stated is not None else None,
                    "set_by": "law" if stated is None and by_law else "",
                    "description": remark or (method_text if by_law else ""),
                }
            )
        per_channel[kind] = rows
    lists = list(per_channel.values())
    if lists and all(rows == lists[0] for rows in lists):
        return [{**row, "channel": ""} for row in lists[0]]
    return [{**row, "channel": kind} for kind, rows in per_channel.items() for row in rows]


def _quantity_text(originals: int, copies: int) -> str:
    parts = [f"{originals} bản chính" if originals else "", f"{copies} bản sao" if copies else ""]
    return ", ".join(part for part in parts if part)


def documents(detail: Mapping[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The documents of every case and the rows that are notes, not documents: a heading
    ("Hồ sơ … gồm:") or a remark ("+ Cơ quan giải quyết TTHC khai thác …"), with no quantity."""
    found: list[dict[str, Any]] = []
    notes: list[str] = []
    for case in detail.get("executionCases") or []:
        group = _text(case.get("name"))
        for component in case.get("profileComponents") or []:
            raw = _text(component.get("name"))
            name = _BULLET.sub("", raw).rstrip(";").strip()
            if not name:
                continue
            originals = int(_number(component.get("originalQty")) or 0)
            copies = int(_number(component.get("copyQty")) or 0)
            if not originals and not copies and (name.endswith(":") or raw.lstrip().startswith("+")):
                notes.append(name)
                continue
            attachments = component.get("attachments") or []
            template = _text(attachments[0].get("fileName")) if attachments else ""
            found.append(
                {
                    "group": group,
                    "name": name,
                    "required": bool(component.get("required")),
                    "originals": originals,
                    "copies": copies,
                    "quantity_text": _quantity_text(originals, copies),
                    "template_name": template,
                }
            )
    return found, "\n".join(notes)


def applicant_types(detail: Mapping[str, Any]) -> list[str]:
    kinds: list[str] = []
    for subject in detail.get("subjectTypesDetails") or []:
        name = _text(subject.get("name")).lower()
        kind = next((kind for words, kind in APPLICANTS if name.startswith(words)), None)
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def detail_record(detail: Mapping[str, Any], indexed: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One detail record in the exchange format; ``indexed`` is the index row's record of the
    same code, whose field and levels are kept when the detail does not give them."""
    indexed = indexed or {}
    levels = [level for level, flag in (("city", "isProvince"), ("commune", "isWard")) if detail.get(flag)]
    docs, documents_note = documents(detail)
    time = processing_time(detail)
    steps = [
        {"title": _text(step.get("name")) or f"Bước {number}", "description": _text(step.get("description"))}
        for number, step in enumerate(detail.get("executionSteps") or [], start=1)
        if _text(step.get("description"))
    ]
    category = detail.get("category") or {}
    executing = agencies_text(_text(detail.get("executingAgencies")))
    authority = _text(detail.get("authority")) or executing
    path = _text(detail.get("path")) or f"data-gl/details/{detail['id']}.json"
    published_channels = channels(detail)
    return {
        "code": _text(detail.get("code")),
        "name": _text(detail.get("name")) or indexed.get("name", ""),
        "field": indexed.get("field") or _text(category.get("name")),
        "levels": levels or list(indexed.get("levels") or []),
        "status": "published",
        "record_status": FULL if time and docs else INDEX_ONLY,
        "online_level": "full"
        if detail.get("isFullProcess")
        else online_level(_text(detail.get("name")), published_channels),
        "applicant_types": applicant_types(detail),
        "applicant_types_text": "; ".join(
            _text(s.get("name")) for s in detail.get("subjectTypesDetails") or [] if _text(s.get("name"))
        ),
        "procedure_type": indexed.get("procedure_type", ""),
        "issuing_body": ministry_name(_text(detail.get("departmentPromulgateName"))) or indexed.get("issuing_body", ""),
        "decision_number": _text(detail.get("proposalNumber")),
        "competent_authority": authority,
        "performing_agency_text": executing,
        "authorized_agency": _text(detail.get("authorizedAgencies")) or _text(detail.get("delegatedAgencies")),
        "coordinating_agency": _text(detail.get("coordinatingAgencies")),
        "receiving_address": _text(detail.get("dossierReceivingAddresses")),
        "conditions": _text(detail.get("requirementsAndConditions")),
        "result": "; ".join(_text(r.get("name")) for r in detail.get("resultsDetails") or [] if _text(r.get("name"))),
        "processing_time": time,
        "steps": steps,
        "channels": published_channels,
        "fees": fees(detail),
        "documents": docs,
        "documents_note": documents_note,
        "legal_basis": [
            {"name": _text(basis.get("name")) or _text(basis.get("code")), "number": _text(basis.get("code"))}
            for basis in detail.get("legalBasisesDetails") or []
            if _text(basis.get("name")) or _text(basis.get("code"))
        ],
        "source": SOURCE.format(path=path, commit=(_text(detail.get("commit")) or COMMIT)[:7]),
        "source_url": PORTAL_URL + _text(detail.get("id")),
    }


def read_details(path: Path) -> list[dict[str, Any]]:
    """The shipped detail records (a JSON list, gzip-compressed or not)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    items = json.loads(data.decode("utf-8"))
    return [item for item in items if isinstance(item, dict)]


def detail_records(details: Iterable[Mapping[str, Any]], indexed: Mapping[str, Mapping[str, Any]]) -> list[dict]:
    return [detail_record(detail, indexed.get(_text(detail.get("code")))) for detail in details]
