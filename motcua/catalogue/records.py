"""The catalogue's exchange format: one plain dict per procedure.

The same shape is the JSON import/export format, the rows of the Excel workbook, the snapshot
kept in each ProcedureVersion and the output of the national-portal parser. ``clean_record``
checks one record and returns it normalised, or raises RecordError with a Vietnamese message
per field; it never touches the database.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models

from motcua.catalogue.models import (
    Channel,
    Fee,
    LegalBasis,
    Level,
    OnlineLevel,
    OnlineLevelSetBy,
    Procedure,
    RequiredDocument,
    Step,
    TimeUnit,
    validate_national_code,
)
from motcua.core.text import nfc

APPLICANT_TYPES = {
    "citizen": "Công dân Việt Nam",
    "business": "Doanh nghiệp",
    "organization": "Tổ chức",
    "cooperative": "Hợp tác xã",
    "foreigner": "Người nước ngoài",
    "overseas_vietnamese": "Người Việt Nam định cư ở nước ngoài",
    "official": "Cán bộ, công chức, viên chức",
}

TEXT_FIELDS = [
    "issuing_body",
    "decision_number",
    "procedure_type",
    "applicant_types_text",
    "competent_authority",
    "performing_agency_text",
    "receiving_address",
    "authorized_agency",
    "coordinating_agency",
    "conditions",
    "documents_note",
    "result",
    "result_code",
    "result_refusal",
    "related_procedures",
    "source",
    "source_url",
]
CHILD_LISTS: dict[str, dict[str, object]] = {
    "steps": {"title": "", "description": ""},
    "channels": {"kind": "", "time_value": None, "time_unit": "", "time_text": "", "fee_text": "", "description": ""},
    "fees": {
        "kind": "",
        "amount": None,
        "currency": "VND",
        "per": "",
        "channel": "",
        "condition": "",
        "set_by": "",
        "description": "",
        "valid_from": None,
        "valid_to": None,
    },
    "documents": {
        "group": "",
        "name": "",
        "kind": "submit",
        "required": True,
        "condition": "",
        "note": "",
        "template_name": "",
        "originals": 0,
        "copies": 0,
        "quantity_text": "",
    },
    "legal_basis": {"name": "", "number": "", "date": None, "issuer": ""},
}
CHILD_MODELS = {
    "steps": Step,
    "channels": Channel,
    "fees": Fee,
    "documents": RequiredDocument,
    "legal_basis": LegalBasis,
}
CHILD_LABELS = {
    "steps": "Trình tự",
    "channels": "Cách thức thực hiện",
    "fees": "Phí, lệ phí",
    "documents": "Thành phần hồ sơ",
    "legal_basis": "Căn cứ pháp lý",
}


class RecordError(Exception):
    """A record that cannot be imported: ``errors`` maps a field path to Vietnamese messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in errors.items()))
        self.errors = errors


def _text(value: object, field: str, errors: dict) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors.setdefault(field, []).append("Giá trị phải là chuỗi ký tự.")
        return ""
    return nfc(value).strip()


def _number(value: object, field: str, errors: dict, *, whole: bool = False) -> Decimal | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        errors.setdefault(field, []).append("Giá trị phải là số.")
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if not isinstance(value, (int, Decimal)) else Decimal(value)
    except InvalidOperation:
        errors.setdefault(field, []).append(f"“{value}” không phải là số.")
        return None
    if number < 0:
        errors.setdefault(field, []).append("Giá trị không được âm.")
        return None
    if whole:
        if number != number.to_integral_value():
            errors.setdefault(field, []).append("Giá trị phải là số nguyên.")
            return None
        return int(number)
    return number


def _date(value: object, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        errors.setdefault(field, []).append(f"“{value}” không phải ngày hợp lệ (YYYY-MM-DD).")
        return None


def _choice(value: object, field: str, choices: Iterable[str], errors: dict, *, label: str) -> str:
    value = "" if value is None else str(value).strip()
    allowed = list(choices)
    if value not in allowed:
        shown = ", ".join(c for c in allowed if c) or "(trống)"
        errors.setdefault(field, []).append(f"{label} “{value}” không hợp lệ; dùng một trong: {shown}.")
        return ""
    return value


def _boolean(value: object, field: str, errors: dict, default: bool) -> bool:
    """True/False, 1/0, and the words an Excel sheet holds ("có", "không", "x")."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in ("true", "1", "có", "x", "yes", "bắt buộc"):
        return True
    if word in ("false", "0", "không", "no"):
        return False
    errors.setdefault(field, []).append(f"“{value}” không phải là có/không.")
    return default


def _list(value: object, field: str, errors: dict) -> list:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        errors.setdefault(field, []).append("Giá trị phải là một danh sách.")
        return []
    return value


def clean_record(raw: dict) -> dict:
    """Validate and normalise one procedure record. Raises RecordError listing every problem."""
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        raise RecordError({"": ["Mỗi thủ tục phải là một đối tượng JSON."]})

    record: dict = {}
    record["code"] = _text(raw.get("code"), "code", errors)
    try:
        validate_national_code(record["code"])
    except ValidationError as exc:
        errors.setdefault("code", []).extend(exc.messages)
    record["name"] = _text(raw.get("name"), "name", errors)
    if not record["name"]:
        errors.setdefault("name", []).append("Tên thủ tục không được để trống.")
    elif len(record["name"]) > cast(int, Procedure._meta.get_field("name").max_length):  # 2000
        errors.setdefault("name", []).append("Tên thủ tục quá dài (tối đa 2000 ký tự).")
    record["field"] = _text(raw.get("field"), "field", errors)
    if not record["field"]:
        errors.setdefault("field", []).append("Lĩnh vực không được để trống.")

    levels = _list(raw.get("levels"), "levels", errors)
    record["levels"] = []
    for level in levels:
        if level not in Level.values:
            errors.setdefault("levels", []).append(f"Cấp thực hiện “{level}” không hợp lệ; dùng city hoặc commune.")
        elif level not in record["levels"]:
            record["levels"].append(level)
    record["levels"].sort(key=Level.values.index)
    record["status"] = _choice(
        raw.get("status") or Procedure.Status.PUBLISHED, "status", Procedure.Status.values, errors, label="Trạng thái"
    )
    record["online_level"] = _choice(
        raw.get("online_level"), "online_level", OnlineLevel.values, errors, label="Mức độ trực tuyến"
    )
    record["online_level_set_by"] = _choice(
        raw.get("online_level_set_by") or OnlineLevelSetBy.RECORD,
        "online_level_set_by",
        OnlineLevelSetBy.values,
        errors,
        label="Mức độ trực tuyến do",
    )
    record["online_level_basis"] = _text(raw.get("online_level_basis"), "online_level_basis", errors)
    if record["online_level_set_by"] == OnlineLevelSetBy.CITY and not record["online_level_basis"]:
        errors.setdefault("online_level_basis", []).append(
            "Khi thành phố quyết định mức độ trực tuyến, ghi rõ căn cứ (số, ngày quyết định của Ủy ban nhân dân)."
        )

    types = _list(raw.get("applicant_types"), "applicant_types", errors)
    record["applicant_types"] = []
    for kind in types:
        if kind not in APPLICANT_TYPES:
            errors.setdefault("applicant_types", []).append(
                f"Đối tượng “{kind}” không hợp lệ; dùng: {', '.join(APPLICANT_TYPES)}."
            )
        elif kind not in record["applicant_types"]:
            record["applicant_types"].append(kind)
    record["applicant_types"].sort(key=list(APPLICANT_TYPES).index)

    for field in TEXT_FIELDS:
        record[field] = _text(raw.get(field), field, errors)

    time = raw.get("processing_time")
    if time in (None, "", {}):
        record["processing_time"] = None
    elif not isinstance(time, dict):
        errors.setdefault("processing_time", []).append("Thời hạn phải có dạng {value, unit, text}.")
        record["processing_time"] = None
    else:
        value = _number(time.get("value"), "processing_time.value", errors)
        unit = _choice(
            time.get("unit"), "processing_time.unit", [""] + TimeUnit.values, errors, label="Đơn vị thời hạn"
        )
        if value is not None and not unit:
            errors.setdefault("processing_time.unit", []).append("Cần đơn vị cho thời hạn giải quyết.")
        text = _text(time.get("text"), "processing_time.text", errors)
        record["processing_time"] = (
            {"value": value, "unit": unit if value is not None else "", "text": text}
            if value is not None or text
            else None
        )

    # None (absent) lets the import choose the agencies; a list, even empty, is kept as given.
    agencies = _list(raw.get("agencies"), "agencies", errors) if raw.get("agencies") is not None else None
    record["agencies"] = [str(code).strip() for code in agencies] if agencies is not None else None

    for key, defaults in CHILD_LISTS.items():
        items = []
        for index, item in enumerate(_list(raw.get(key), key, errors), start=1):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                errors.setdefault(where, []).append("Mỗi dòng phải là một đối tượng.")
                continue
            items.append(_clean_child(key, item, defaults, where, errors))
        record[key] = items

    record["record_status"] = _record_status(raw.get("record_status"), record, errors)
    _check_lengths(record, errors)
    if errors:
        raise RecordError(errors)
    return record


def _record_status(value: object, record: dict, errors: dict) -> str:
    """``full`` or ``index_only`` (Procedure.RecordStatus). A full record has what processing a
    dossier needs: a time limit and at least one document; a record that says nothing is full
    when it has them and index-only otherwise."""
    complete = bool(record["processing_time"]) and bool(record["documents"])
    if value in (None, ""):
        return Procedure.RecordStatus.FULL if complete else Procedure.RecordStatus.INDEX_ONLY
    status = _choice(value, "record_status", Procedure.RecordStatus.values, errors, label="Mức đầy đủ của bản ghi")
    if status == Procedure.RecordStatus.FULL and not complete:
        missing = [
            label
            for label, present in (
                ("thời hạn giải quyết", record["processing_time"]),
                ("ít nhất một thành phần hồ sơ", record["documents"]),
            )
            if not present
        ]
        errors.setdefault("record_status", []).append(
            f"Bản ghi đầy đủ (full) phải có {' và '.join(missing)} để tiếp nhận hồ sơ; "
            "bổ sung trước khi chuyển sang đầy đủ, hoặc để ở trạng thái index_only."
        )
    return status


def _max_length(model: type[models.Model], name: str) -> int | None:
    try:
        return getattr(model._meta.get_field(name), "max_length", None)
    except Exception:  # not a model field (e.g. "levels")
        return None


def _check_lengths(record: dict, errors: dict) -> None:
    """What the database would refuse (PostgreSQL enforces varchar lengths), said in Vietnamese."""

    def check(model: type[models.Model], name: str, value: object, path: str) -> None:
        limit = _max_length(model, name)
        if limit and isinstance(value, str) and len(value) > limit:
            errors.setdefault(path, []).append(f"Quá dài: {len(value)} ký tự, tối đa {limit}.")

    for name, value in record.items():
        if name != "name":
            check(Procedure, name, value, name)
    if record.get("processing_time"):
        check(Procedure, "time_text", record["processing_time"]["text"], "processing_time.text")
    for key, model in CHILD_MODELS.items():
        for index, item in enumerate(record.get(key, []), start=1):
            for name, value in item.items():
                check(model, name, value, f"{key}[{index}].{name}")


def _clean_child(key: str, item: dict, defaults: dict, where: str, errors: dict) -> dict:
    child: dict[str, Any] = {}
    for name, default in defaults.items():
        value = item.get(name, default)
        path = f"{where}.{name}"
        if name in ("time_value",):
            child[name] = _number(value, path, errors)
        elif name in ("amount", "originals", "copies"):
            number = _number(value, path, errors, whole=True)
            child[name] = default if number is None and default is not None else number
        elif name in ("valid_from", "valid_to", "date"):
            child[name] = _date(value, path, errors)
        elif name == "required":
            child[name] = _boolean(value, path, errors, default=True)
        elif name == "kind" and key == "documents":
            child[name] = _choice(value or "submit", path, RequiredDocument.Kind.values, errors, label="Nộp/xuất trình")
        elif name == "set_by":
            child[name] = _choice(value, path, Fee.SetBy.values, errors, label="Mức thu")
        elif name == "kind" and key == "channels":
            child[name] = _choice(value, path, Channel.Kind.values, errors, label="Hình thức nộp")
        elif name == "kind" and key == "fees":
            child[name] = _choice(value, path, Fee.Kind.values, errors, label="Loại phí")
        elif name == "channel":
            child[name] = _choice(value, path, [""] + Channel.Kind.values, errors, label="Kênh áp dụng")
        elif name == "time_unit":
            child[name] = _choice(value, path, [""] + TimeUnit.values, errors, label="Đơn vị thời hạn")
        else:
            child[name] = _text(value, path, errors) or (default if isinstance(default, str) else "")
    if key in ("documents", "legal_basis") and not child["name"]:
        errors.setdefault(f"{where}.name", []).append("Tên không được để trống.")
    if key == "steps" and not child["description"]:
        errors.setdefault(f"{where}.description", []).append("Nội dung bước không được để trống.")
    if key == "fees" and child["valid_from"] and child["valid_to"] and child["valid_to"] < child["valid_from"]:
        errors.setdefault(f"{where}.valid_to", []).append("Ngày kết thúc phải sau ngày bắt đầu.")
    if key == "fees" and not child["currency"]:
        child["currency"] = "VND"
    return child
