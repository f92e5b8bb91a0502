"""Writes to the catalogue. Every change goes through ``save_procedure`` so the search columns,
the agency assignment and the version history stay right."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.utils.text import slugify

from motcua.catalogue import quality, routing, selectors
from motcua.catalogue.models import (
    ApplicantType,
    Channel,
    Fee,
    Field,
    LegalBasis,
    OnlineLevel,
    OnlineLevelSetBy,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    Step,
)
from motcua.catalogue.records import APPLICANT_TYPES, CHILD_LABELS, TEXT_FIELDS, RecordError, clean_record
from motcua.core.text import fold, nfc
from motcua.units.models import Agency

if TYPE_CHECKING:
    from motcua.accounts.models import User


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class CatalogueImportError(Exception):
    """The file was refused as a whole; ``errors`` are per-row Vietnamese messages."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def ensure_applicant_types() -> dict[str, ApplicantType]:
    existing = {t.code: t for t in ApplicantType.objects.all()}
    for code, name in APPLICANT_TYPES.items():
        if code not in existing:
            existing[code] = ApplicantType.objects.create(code=code, name=name)
    return existing


def get_or_create_field(name: str) -> Field:
    found = Field.objects.filter(name=name).first()
    if found:
        return found
    base = slugify(fold(name)) or "linh-vuc"
    slug, n = base, 1
    while Field.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Field.objects.create(name=name, slug=slug)


def search_name(name: str) -> str:
    """The folded name, without the "Thủ tục" many published names start with, so that
    "Thủ tục đăng ký khai sinh" is the whole-name match for "đăng ký khai sinh"."""
    folded = fold(name)
    return folded.removeprefix("thu tuc ") if folded != "thu tuc" else folded


def _search_text(record: dict) -> str:
    parts = [record["code"], record["field"], record["result"]]
    parts += [f"{d['name']} {d['template_name']}" for d in record["documents"]]
    return fold(" ".join(parts))


@transaction.atomic
def save_procedure(
    record: dict, *, user: User | None = None, note: str = "", agency_index: selectors.AgencyIndex | None = None
) -> tuple[Procedure, str]:
    """Create or update the procedure described by a record (see records.py).

    Returns the procedure and "created", "updated" or "unchanged". A version is appended only
    when the content changed. Raises RecordError for an invalid record, changing nothing. A
    record that does not say who set its online level keeps the city's decision, if there is one.
    """
    names_online_setter = bool(record.get("online_level_set_by"))
    record = clean_record(record)
    procedure = Procedure.objects.filter(code=record["code"]).first()
    outcome = "created" if procedure is None else "updated"
    if procedure is not None and record["agencies"] is None:
        # A record without an agency list keeps the agencies the procedure has.
        record["agencies"] = sorted(procedure.agencies.values_list("code", flat=True))
    if record["agencies"] is None:
        record["agencies"] = suggested_agency_codes(record, agency_index)
    else:
        unknown = sorted(
            set(record["agencies"])
            - set(Agency.objects.filter(code__in=record["agencies"]).values_list("code", flat=True))
        )
        if unknown:
            raise RecordError({"agencies": [f"Không có cơ quan mã {', '.join(unknown)}."]})
    record["agencies"] = sorted(record["agencies"])
    if procedure is not None and procedure.online_level_set_by == OnlineLevelSetBy.CITY and not names_online_setter:
        # The city decided this procedure's online level: a record from the source, which knows
        # nothing of that decision, does not undo it (an editor undoes it by saying "record").
        record["online_level"] = procedure.online_level
        record["online_level_set_by"] = procedure.online_level_set_by
        record["online_level_basis"] = procedure.online_level_basis

    latest = procedure.versions.order_by("-number").first() if procedure else None
    if procedure is not None and latest is not None and latest.data == _jsonable(record):
        return procedure, "unchanged"

    procedure = procedure or Procedure(code=record["code"])
    time = record["processing_time"] or {}
    procedure.name = record["name"]
    procedure.field = get_or_create_field(record["field"])
    procedure.at_city = "city" in record["levels"]
    procedure.at_commune = "commune" in record["levels"]
    procedure.status = record["status"]
    procedure.record_status = record["record_status"]
    procedure.online_level = record["online_level"]
    procedure.online_level_set_by = record["online_level_set_by"]
    procedure.online_level_basis = record["online_level_basis"]
    procedure.time_value = time.get("value")
    procedure.time_unit = time.get("unit", "")
    procedure.time_text = time.get("text", "")
    for name in TEXT_FIELDS:
        setattr(procedure, name, record[name])
    procedure.save()

    types = ensure_applicant_types()
    procedure.applicant_types.set([types[code] for code in record["applicant_types"]])
    procedure.agencies.set(Agency.objects.filter(code__in=record["agencies"]))
    _replace_children(procedure, record)
    record_version(procedure, user=user, note=note)
    return procedure, outcome


@transaction.atomic
def record_version(procedure: Procedure, *, user: User | None = None, note: str = "") -> ProcedureVersion | None:
    """After any edit (import, admin): refresh the search columns from what is stored and append
    a version when the content differs from the latest one. Returns the new version, if any."""
    record = _jsonable(selectors.procedure_record(procedure))
    Procedure.objects.filter(pk=procedure.pk).update(
        search_name=search_name(record["name"]), search_text=_search_text(record)
    )
    latest = procedure.versions.order_by("-number").first()
    if latest is not None and latest.data == record:
        return None
    # This process sees the change at once (now, and again once it is committed).
    cache.delete("catalogue:revision")
    transaction.on_commit(lambda: cache.delete("catalogue:revision"))
    return ProcedureVersion.objects.create(
        procedure=procedure, number=(latest.number if latest else 0) + 1, data=record, created_by=user, note=note[:300]
    )


def _replace_children(procedure: Procedure, record: dict) -> None:
    templates = {d.name: d.template_file for d in procedure.documents.exclude(template_file="")}
    for model in (Step, Channel, Fee, RequiredDocument, LegalBasis):
        model.objects.filter(procedure=procedure).delete()
    Step.objects.bulk_create(Step(procedure=procedure, order=i, **s) for i, s in enumerate(record["steps"], 1))
    Channel.objects.bulk_create(Channel(procedure=procedure, order=i, **c) for i, c in enumerate(record["channels"], 1))
    Fee.objects.bulk_create(Fee(procedure=procedure, order=i, **f) for i, f in enumerate(record["fees"], 1))
    RequiredDocument.objects.bulk_create(
        RequiredDocument(procedure=procedure, order=i, template_file=templates.get(d["name"], ""), **d)
        for i, d in enumerate(record["documents"], 1)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(procedure=procedure, order=i, **b) for i, b in enumerate(record["legal_basis"], 1)
    )


def _jsonable(record: dict) -> dict:
    return json.loads(json.dumps(record, default=_json_default, ensure_ascii=False))


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Cannot serialise {type(value)!r}")


# --- An editor's change -------------------------------------------------------------------------


def check_edit(record: dict, procedure: Procedure | None = None) -> dict:
    """An editor's change to ``procedure`` (None: a new one), checked before anything is saved:
    ``clean_record``, then the rule of quality.refused_by_change: a change may not leave a
    published procedure unable to process dossiers (no due date, no documents, no fee, no result,
    no agency in Đà Nẵng) when it could before, and a procedure is published for processing (a new
    one, a draft published, an index-only record made full) only without blockers. Returns the
    cleaned record; raises RecordError with the reasons, in Vietnamese, by field."""
    record = clean_record(record)
    codes = record["agencies"] if record["agencies"] is not None else suggested_agency_codes(record)
    agencies = list(Agency.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {agency.code for agency in agencies})
    if unknown:
        raise RecordError({"agencies": [f"Không có cơ quan mã {', '.join(unknown)}."]})
    if record["status"] != Procedure.Status.PUBLISHED:
        return record
    after = quality.problems_of(quality.Facts.from_record(record, agencies))
    # As stored (the admin's form may have set the new values on the instance already).
    stored = Procedure.objects.filter(pk=procedure.pk).first() if procedure is not None and procedure.pk else None
    offered_before = (
        stored is not None
        and stored.status == Procedure.Status.PUBLISHED
        and (stored.record_status == record["record_status"] or record["record_status"] != Procedure.RecordStatus.FULL)
    )
    before = quality.procedure_problems(stored) if offered_before and stored is not None else None
    refused = quality.refused_by_change(
        after, before, index_only=record["record_status"] != Procedure.RecordStatus.FULL
    )
    if refused:
        errors: dict[str, list[str]] = {}
        lead = (
            "Không lưu: sau thay đổi này thủ tục đang công bố không giải quyết được hồ sơ"
            if before is not None
            else "Chưa công bố được để nhận hồ sơ"
        )
        for problem in refused:
            label = problem.label[0].lower() + problem.label[1:]
            errors.setdefault(problem.kind.field, []).append(f"{lead}: {label}. {problem.reason}")
        raise RecordError(errors)
    return record


@transaction.atomic
def save_edited_procedure(
    record: dict, *, procedure: Procedure | None = None, user: User | None = None, note: str = ""
) -> tuple[Procedure, str]:
    """An editor's change (the admin's form): ``check_edit``, then ``save_procedure``."""
    record = check_edit(record, procedure)
    return save_procedure(record, user=user, note=note)


# --- Which Đà Nẵng agencies perform a procedure -------------------------------------------------


def suggested_agency_codes(record: dict, index: selectors.AgencyIndex | None = None) -> list[str]:
    """The agencies the routing table (catalogue/routing.py, first matching rule wins) gives the
    record: central bodies' branches for their fields, the commune or city police for police
    procedures, otherwise every commune/ward People's Committee for commune procedures and the
    department responsible for the field (data/field_departments.json) for city ones. Editors
    can change the result."""
    _, codes = routing.agency_codes(record, index or selectors.agency_index())
    return codes


# --- Import -----------------------------------------------------------------------------------


def import_records(
    records: list[dict], *, user: User | None = None, note: str = "", row_labels: list[str] | None = None
) -> ImportResult:
    """Import many records all or nothing: every record is checked first; one bad record and
    nothing changes. ``row_labels`` names each record in messages (sheet and row for Excel)."""
    if not isinstance(records, list):
        raise CatalogueImportError(["Tệp phải chứa một danh sách thủ tục."])
    errors: list[str] = []
    seen: dict[str, str] = {}
    cleaned = []
    for position, raw in enumerate(records):
        label = row_labels[position] if row_labels else f"Thủ tục thứ {position + 1}"
        try:
            record = clean_record(raw)
        except RecordError as exc:
            errors.extend(_describe(label, exc.errors))
            continue
        if record["code"] in seen:
            errors.append(f"{label}: mã thủ tục {record['code']} trùng với {seen[record['code']]}.")
            continue
        seen[record["code"]] = label
        cleaned.append((label, record))
    if errors:
        raise CatalogueImportError(errors)

    result = ImportResult()
    index = selectors.agency_index()
    with transaction.atomic():
        for label, record in cleaned:
            try:
                _, outcome = save_procedure(record, user=user, note=note, agency_index=index)
            except RecordError as exc:
                errors.extend(_describe(label, exc.errors))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        if errors:
            transaction.set_rollback(True)
            raise CatalogueImportError(errors)
    return result


FIELD_LABELS = {
    "code": "mã thủ tục",
    "name": "tên thủ tục",
    "field": "lĩnh vực",
    "levels": "cấp thực hiện",
    "status": "trạng thái",
    "record_status": "mức đầy đủ của bản ghi",
    "issuing_body": "bộ, ngành công bố",
    "online_level": "mức độ trực tuyến",
    "online_level_set_by": "mức độ trực tuyến do",
    "online_level_basis": "căn cứ mức độ trực tuyến",
    "applicant_types": "đối tượng",
    "agencies": "cơ quan thực hiện",
    "processing_time": "thời hạn",
    "decision_number": "quyết định công bố",
    "procedure_type": "loại thủ tục",
    "result_code": "mã kết quả",
    "source": "nguồn",
    "source_url": "đường dẫn nguồn",
}


def _describe(label: str, errors: dict[str, list[str]]) -> list[str]:
    messages = []
    for path, texts in errors.items():
        head = path.split(".")[0].split("[")[0]
        where = FIELD_LABELS.get(head) or CHILD_LABELS.get(head) or head
        if "[" in path:
            where = f"{where} dòng {path.split('[')[1].split(']')[0]}"
        messages.append(f"{label}, {where}: {' '.join(texts)}")
    return messages


SHIPPED_FILES = ["national_procedures.json.gz", "extra/procedures.json"]
# The national portal's index rows of the ministries the crawl lacks (index-only records) and the
# detail records read for some of them (data/SOURCES.md).
SHIPPED_INDEX = "national_index_extra.jsonl.gz"
SHIPPED_DETAILS = "portal_details.json.gz"


def shipped_records() -> list[dict]:
    """Every record shipped in motcua/catalogue/data, one per code: the index-only records first,
    so that a full record of the same code (the crawl, the hand-added ones, a detail record read
    from the portal) replaces its index row."""
    from motcua.catalogue import exchange
    from motcua.catalogue.sources import portal_index
    from motcua.catalogue.sources.portal_detail import detail_records, read_details

    records: list[dict] = []
    index_path = selectors.DATA_DIR / SHIPPED_INDEX
    if index_path.exists():
        records.extend(portal_index.index_records(portal_index.read_rows(index_path)))
    for name in SHIPPED_FILES:
        path = selectors.DATA_DIR / name
        if path.exists():
            records.extend(exchange.read_json(path.read_bytes()))
    details_path = selectors.DATA_DIR / SHIPPED_DETAILS
    if details_path.exists():
        indexed = {record["code"]: record for record in records}
        records.extend(detail_records(read_details(details_path), indexed))
    return list({record["code"]: record for record in records}.values())  # a later one corrects an earlier one


def load_shipped_catalogue() -> ImportResult:
    """The real catalogue shipped in motcua/catalogue/data: procedures published on the national
    portal (parsed by sources/national_portal.py), those added to fill its gaps, and the index of
    the ministries the crawl lacks with the detail records read for some of them."""
    return import_records(shipped_records(), note="Dữ liệu danh mục đi kèm motcua")


# --- The city's decisions --------------------------------------------------------------------


@transaction.atomic
def set_online_levels(levels: dict[str, str], *, basis: str, user: User | None = None) -> int:
    """Records the city's decision on the online level of these procedures (code → full,
    partial or none), citing ``basis`` (the People's Committee's decision). All or nothing:
    an unknown code or level and nothing changes. Returns how many procedures changed."""
    basis = nfc(basis).strip()
    errors: list[str] = []
    if not basis:
        errors.append("Ghi rõ căn cứ: số, ngày quyết định của Ủy ban nhân dân thành phố.")
    allowed = {level for level in OnlineLevel.values if level}
    for code, level in levels.items():
        if level not in allowed:
            errors.append(f"{code}: mức độ “{level}” không hợp lệ; dùng full, partial hoặc none.")
    procedures = {p.code: p for p in selectors.export_queryset().filter(code__in=levels)}
    errors.extend(f"{code}: không có thủ tục này trong danh mục." for code in levels if code not in procedures)
    if errors:
        raise CatalogueImportError(errors)
    changed = 0
    for code, level in levels.items():
        record = selectors.procedure_record(procedures[code])
        record.update(online_level=level, online_level_set_by=OnlineLevelSetBy.CITY, online_level_basis=basis)
        _, outcome = save_procedure(record, user=user, note=f"Mức độ trực tuyến theo {basis}")
        changed += outcome != "unchanged"
    return changed
