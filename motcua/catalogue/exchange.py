"""Catalogue files: JSON (a list of records) and Excel (one sheet per table, joined by code).

Reading a file only turns it into records; ``services.import_records`` validates and saves them
all or nothing. Writing uses ``selectors.procedure_record`` so an exported file imports back
unchanged.
"""

import csv
import gzip
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from motcua.catalogue import selectors
from motcua.catalogue.services import CatalogueImportError
from motcua.core.text import nfc

MAIN_SHEET = "Thủ tục"
# (record key, column header). Lists are written comma-separated.
MAIN_COLUMNS = [
    ("code", "Mã thủ tục"),
    ("name", "Tên thủ tục"),
    ("field", "Lĩnh vực"),
    ("levels", "Cấp thực hiện (city, commune)"),
    ("status", "Trạng thái (published, draft, withdrawn)"),
    ("online_level", "Mức độ trực tuyến (full, partial, none)"),
    ("online_level_set_by", "Mức độ trực tuyến do (record, city)"),
    ("online_level_basis", "Căn cứ mức độ trực tuyến"),
    ("time_value", "Thời hạn giải quyết"),
    ("time_unit", "Đơn vị thời hạn (working_days, days, hours, months, same_day)"),
    ("time_text", "Thời hạn (nguyên văn)"),
    ("applicant_types", "Đối tượng (citizen, business, ...)"),
    ("applicant_types_text", "Đối tượng (nguyên văn)"),
    ("agencies", "Mã cơ quan thực hiện"),
    ("decision_number", "Quyết định công bố"),
    ("procedure_type", "Loại thủ tục"),
    ("competent_authority", "Cơ quan có thẩm quyền"),
    ("performing_agency_text", "Cơ quan thực hiện (nguyên văn)"),
    ("receiving_address", "Địa chỉ tiếp nhận"),
    ("authorized_agency", "Cơ quan được ủy quyền"),
    ("coordinating_agency", "Cơ quan phối hợp"),
    ("conditions", "Yêu cầu, điều kiện"),
    ("documents_note", "Ghi chú về thành phần hồ sơ"),
    ("result", "Kết quả"),
    ("result_code", "Mã kết quả"),
    ("result_refusal", "Kết quả khi không giải quyết"),
    ("related_procedures", "Thủ tục liên quan"),
    ("source", "Nguồn"),
    ("source_url", "Đường dẫn nguồn"),
]
LIST_COLUMNS = {"levels", "applicant_types", "agencies"}
CHILD_SHEETS = {
    "steps": ("Trình tự", [("title", "Bước"), ("description", "Nội dung")]),
    "channels": (
        "Cách thức",
        [
            ("kind", "Hình thức (direct, online, post)"),
            ("time_value", "Thời hạn"),
            ("time_unit", "Đơn vị thời hạn"),
            ("time_text", "Thời hạn (nguyên văn)"),
            ("fee_text", "Phí, lệ phí (nguyên văn)"),
            ("description", "Mô tả"),
        ],
    ),
    "fees": (
        "Phí lệ phí",
        [
            ("kind", "Loại (fee, charge)"),
            ("amount", "Số tiền"),
            ("currency", "Đơn vị tiền"),
            ("per", "Đơn vị tính (lần, trang, …)"),
            ("channel", "Áp dụng cho (direct, online, post)"),
            ("condition", "Trường hợp áp dụng"),
            ("set_by", "Mức thu (province, law)"),
            ("description", "Mô tả"),
            ("valid_from", "Áp dụng từ (YYYY-MM-DD)"),
            ("valid_to", "Áp dụng đến (YYYY-MM-DD)"),
        ],
    ),
    "documents": (
        "Thành phần hồ sơ",
        [
            ("group", "Nhóm"),
            ("name", "Tên giấy tờ"),
            ("kind", "Nộp hay xuất trình (submit, show)"),
            ("required", "Bắt buộc (có, không)"),
            ("condition", "Trường hợp phải nộp"),
            ("note", "Ghi chú"),
            ("template_name", "Mẫu đơn, tờ khai"),
            ("originals", "Số bản chính"),
            ("copies", "Số bản sao"),
            ("quantity_text", "Số lượng (nguyên văn)"),
        ],
    ),
    "legal_basis": (
        "Căn cứ pháp lý",
        [
            ("name", "Tên văn bản"),
            ("number", "Số hiệu"),
            ("date", "Ngày ban hành (YYYY-MM-DD)"),
            ("issuer", "Cơ quan ban hành"),
        ],
    ),
}
CODE_HEADER = "Mã thủ tục"


# --- JSON -----------------------------------------------------------------------------------------


def read_json(data: bytes) -> list[dict]:
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueImportError([f"Tệp JSON không đọc được: {exc}."]) from exc
    if not isinstance(records, list):
        raise CatalogueImportError(["Tệp JSON phải là một danh sách thủ tục ([...])."])
    return records


def write_json(records: list[dict]) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def read_path(path: Path) -> tuple[list[dict], list[str] | None]:
    data = Path(path).read_bytes()
    if str(path).endswith(".xlsx"):
        return read_excel(data)
    return read_json(data), None


def export_records() -> list[dict]:
    return [selectors.procedure_record(p) for p in selectors.export_queryset()]


# --- Excel ----------------------------------------------------------------------------------------


def write_excel(records: list[dict]) -> bytes:
    workbook = Workbook()
    main = cast(Worksheet, workbook.active)  # a new workbook has its one sheet
    main.title = MAIN_SHEET
    _header(main, [label for _, label in MAIN_COLUMNS])
    sheets = {}
    for key, (title, columns) in CHILD_SHEETS.items():
        sheets[key] = workbook.create_sheet(title)
        _header(sheets[key], [CODE_HEADER] + [label for _, label in columns])
    for record in records:
        time = record.get("processing_time") or {}
        row: list[object] = []
        for key, _ in MAIN_COLUMNS:
            if key in LIST_COLUMNS:
                row.append(", ".join(record.get(key) or []))
            elif key.startswith("time_"):
                row.append(time.get(key.removeprefix("time_")))
            else:
                row.append(record.get(key))
        main.append(row)
        for key, (_, columns) in CHILD_SHEETS.items():
            for item in record.get(key) or []:
                sheets[key].append([record["code"]] + [item.get(name) for name, _ in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    sheet.freeze_panes = "A2"


def read_excel(data: bytes) -> tuple[list[dict], list[str]]:
    """Records and a label per record ("Trang “Thủ tục”, dòng 5"), or CatalogueImportError."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CatalogueImportError(
            [f"Tệp Excel không đọc được ({exc.__class__.__name__}): hãy dùng tệp .xlsx."]
        ) from exc
    errors: list[str] = []
    if MAIN_SHEET not in workbook.sheetnames:
        raise CatalogueImportError([f"Tệp Excel thiếu trang “{MAIN_SHEET}”."])

    records: list[dict] = []
    labels: list[str] = []
    by_code: dict[str, dict] = {}
    # Opened read_only: every worksheet is a ReadOnlyWorksheet.
    main = cast(ReadOnlyWorksheet, workbook[MAIN_SHEET])
    for row_number, values in _rows(main, [label for _, label in MAIN_COLUMNS], errors):
        record: dict = {}
        time: dict = {}
        for (key, _), value in zip(MAIN_COLUMNS, values, strict=True):
            if key in LIST_COLUMNS:
                record[key] = [part.strip() for part in str(value or "").split(",") if part.strip()]
            elif key.startswith("time_"):
                time[key.removeprefix("time_")] = value
            else:
                record[key] = value
        record["processing_time"] = time if any(v not in (None, "") for v in time.values()) else None
        if not record["agencies"]:
            record.pop("agencies")  # empty column: let the import assign agencies
        for child in CHILD_SHEETS:
            record[child] = []
        code = str(record.get("code") or "").strip()
        records.append(record)
        labels.append(f"Trang “{MAIN_SHEET}”, dòng {row_number}" + (f" (mã {code})" if code else ""))
        by_code.setdefault(code, record)

    for key, (title, columns) in CHILD_SHEETS.items():
        if title not in workbook.sheetnames:
            continue
        sheet = cast(ReadOnlyWorksheet, workbook[title])
        for row_number, values in _rows(sheet, [CODE_HEADER] + [label for _, label in columns], errors):
            code = str(values[0] or "").strip()
            if code not in by_code:
                errors.append(
                    f"Trang “{title}”, dòng {row_number}: mã thủ tục “{code}” không có trong trang “{MAIN_SHEET}”."
                )
                continue
            by_code[code][key].append({name: value for (name, _), value in zip(columns, values[1:], strict=True)})
    if errors:
        raise CatalogueImportError(errors)
    return records, labels


def _rows(sheet: ReadOnlyWorksheet, expected: list[str], errors: list[str]) -> Iterator[tuple[int, list[object]]]:
    # The stubs copy Worksheet.iter_rows onto ReadOnlyWorksheet with a Worksheet self.
    rows = sheet.iter_rows(values_only=True)  # type: ignore[misc]
    header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
    missing = [label for label in expected if label not in header]
    if missing:
        errors.append(f"Trang “{sheet.title}” thiếu cột: {', '.join(missing)}.")
        return
    positions = [header.index(label) for label in expected]
    for row_number, row in enumerate(rows, start=2):
        if row is None or all(v in (None, "") for v in row):
            continue
        cells = list(row) + [None] * (len(header) - len(row))
        yield row_number, [cells[i] for i in positions]


# The city's list of online services, as its decisions publish it: a code and a level a row.
ONLINE_LEVEL_WORDS = {
    "full": "full",
    "toàn trình": "full",
    "partial": "partial",
    "một phần": "partial",
    "none": "none",
    "không": "none",
    "không cung cấp trực tuyến": "none",
}


def read_online_levels(data: bytes) -> dict[str, str]:
    """A CSV (UTF-8, a header row) or Excel workbook of ``mã thủ tục, mức độ`` rows: the level
    in the exchange's words (full, partial, none) or the decision's (toàn trình, một phần,
    không). Raises CatalogueImportError listing every bad row."""
    if data[:2] == b"PK":
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
            raise CatalogueImportError(["Không đọc được tệp Excel."]) from exc
        table = [[("" if cell is None else str(cell)) for cell in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        except UnicodeDecodeError as exc:
            raise CatalogueImportError(["Tệp CSV phải mã hóa UTF-8."]) from exc
    levels: dict[str, str] = {}
    errors: list[str] = []
    for number, row in enumerate(table[1:], start=2):
        cells = [nfc(cell).strip() for cell in row[:2]] + ["", ""]
        code, word = cells[0], cells[1].lower()
        if not code and not word:
            continue
        if word not in ONLINE_LEVEL_WORDS:
            errors.append(f"Dòng {number}: mức độ “{cells[1]}” không hợp lệ; dùng toàn trình, một phần hoặc không.")
        elif code in levels:
            errors.append(f"Dòng {number}: mã thủ tục {code} đã có ở dòng trước.")
        else:
            levels[code] = ONLINE_LEVEL_WORDS[word]
    if errors:
        raise CatalogueImportError(errors)
    return levels
