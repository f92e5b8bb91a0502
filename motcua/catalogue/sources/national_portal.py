"""Parser for procedures published on the national portal (Cổng Dịch vụ công quốc gia).

The crawl (``national_procedures.jsonl``) keeps each record's tables flattened into one string
with the header cells glued on, e.g. ``"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày
làm việc10,000 Việt Nam Đồng(...)Trực tiếp..."``. These functions turn a record into the
catalogue's exchange format (motcua/catalogue/records.py). They do not guess: what cannot be
read is left empty, and the published text is always kept beside the parsed value. One
convention, written into the time text where it is used: a bare number in the time cell that no
text of the record gives a unit counts in working days ("… (không ghi đơn vị; đọc là ngày làm
việc)").
The tables have their own modules: channels.py (time limits per channel, with
time_limits.py), fees.py, documents.py and legal.py; this one puts a record together.
Pure Python: no Django, so it can be tested and run anywhere.
"""

import csv
import gzip
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from motcua.catalogue.sources import channels as channel_parser
from motcua.catalogue.sources import documents as document_parser
from motcua.catalogue.sources import fees as fee_parser
from motcua.catalogue.sources import legal as legal_parser

NO_INFO = "Không có thông tin"
CHANNELS = {"Trực tuyến": "online", "Trực tiếp": "direct", "Dịch vụ bưu chính": "post"}
_TIME = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng)?", re.IGNORECASE)
TIME_UNITS = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "giờ làm việc": "hours",
    "giờ": "hours",
    "tháng": "months",
}
_STEP = re.compile(r"(?:^|\n)\s*[-–+*]?\s*(Bước\s*\d+)\s*[:.\-–]?\s*", re.IGNORECASE)
_RESULT_ROW = re.compile(r"Mã:\s*(?P<code>KQ\.[A-Z0-9]+\.\d+)")
_REFUSAL = re.compile(
    r"từ\s+chối|không\s+(?:đủ\s+điều\s+kiện|chấp\s+thuận|cấp|đồng\s+ý|phê\s+duyệt|được|giải\s+quyết|công\s+nhận|xác\s+nhận)"
    r"|nêu\s+rõ\s+lý\s+do|trả\s+lại\s+hồ\s+sơ|thông\s+báo\s+trả\s+hồ\s+sơ|lý\s+do\s+không",
    re.IGNORECASE,
)
_OR_REFUSAL = re.compile(
    r"[,;]?\s*(?:hoặc|hay|/)\s+(?=(?:văn\s+bản|thông\s+báo|phiếu|quyết\s+định)?[^.;]{0,40}?(?:từ\s+chối|không\s+(?:cấp|chấp\s+thuận|đủ|đồng\s+ý|phê\s+duyệt)|nêu\s+rõ\s+lý\s+do|trả\s+lời))",
    re.IGNORECASE,
)

APPLICANT_TYPES = [
    # (prefix of an item in doi_tuong_thuc_hien, our code), most specific first
    ("Tổ chức (không bao gồm doanh nghiệp, HTX)", "organization"),
    ("Cán bộ, công chức, viên chức", "official"),
    ("Người Việt Nam định cư ở nước ngoài", "overseas_vietnamese"),
    ("Người nước ngoài", "foreigner"),
    ("Tổ chức nước ngoài", "organization"),
    ("Tổ chức Đảng", "organization"),
    ("Đảng viên", "official"),
    ("Doanh nghiệp", "business"),
    ("Hợp tác xã", "cooperative"),
    ("Công dân Việt Nam", "citizen"),
    ("Tổ chức", "organization"),
]
APPLICANT_ORDER = ["citizen", "business", "organization", "cooperative", "foreigner", "overseas_vietnamese", "official"]


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def useful(text: str | None) -> str:
    text = nfc(text)
    return "" if text in (NO_INFO, "--", "-") else text


# --- small parsers (each tested with hypothesis) -----------------------------------------------


def parse_number(text: str) -> int | None:
    """'10,000' and '10.000' are ten thousand (thousands separators); '150' is 150."""
    return fee_parser.parse_number(text)


def parse_time(text: str) -> tuple[float | int | None, str, str]:
    """'7 Ngày làm việc' → (7, 'working_days', rest). A bare number has no unit: (None, '', rest)."""
    match = _TIME.match(text)
    if not match:
        return None, "", text
    number = match.group(1).replace(",", ".")
    value = float(number) if "." in number else int(number)
    unit = TIME_UNITS.get((match.group(2) or "").lower(), "")
    if not unit:
        return None, "", text[match.end(1) :]
    return value, unit, text[match.end() :]


def parse_quantity(text: str) -> tuple[int, int]:
    """'1 bản chính', '0 bản chính,1 bản sao', '2 bản sao' → (originals, copies)."""
    return document_parser.parse_quantity(text)


def parse_fee_cell(text: str) -> tuple[list[dict], str]:
    """The fee cell at the start of ``text``: its fee rows and the text after it (the description)."""
    return fee_parser.parse_fee_cell(text)


def parse_channels(text: str, *, steps: str = "", conditions: str = "") -> tuple[list[dict], list[dict]]:
    """cach_thuc_thuc_hien → (channels, fees); ``steps`` and ``conditions`` give the unit of a
    bare number. Fees identical on every channel are given once."""
    return channel_parser.parse_channels(text, steps=steps, conditions=conditions)


def parse_documents(text: str) -> list[dict]:
    """thanh_phan_ho_so → the documents (the notes around them: ``parse_documents_and_notes``)."""
    return document_parser.parse_documents(text)[0]


def parse_documents_and_notes(text: str) -> tuple[list[dict], str]:
    documents, notes = document_parser.parse_documents(text)
    return documents, "\n".join(f"- {note}" for note in notes)


def parse_legal_basis(text: str) -> list[dict]:
    """can_cu_phap_ly → [{name, number, date, issuer}]."""
    return legal_parser.parse_legal_basis(text)


def parse_steps(text: str) -> list[dict]:
    text = nfc(text)
    if not text or text == NO_INFO:
        return []
    marks = list(_STEP.finditer(text))
    if not marks:
        return [{"title": "", "description": text}]
    steps = []
    preamble = text[: marks[0].start()].strip()
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        body = text[mark.end() : end].strip()
        if index == 0 and preamble:
            body = f"{preamble}\n{body}"
        title = re.sub(r"\s+", " ", mark.group(1)).capitalize()
        steps.append({"title": title, "description": body or title})
    return steps


def parse_results(text: str, name: str = "") -> dict:
    """ket_qua_xu_ly → {result, result_code, refusal}: the document issued (the first row that
    is not a refusal, then the other such rows) and apart from it what the applicant gets when
    the request is refused ("Văn bản từ chối …", "… hoặc văn bản nêu rõ lý do"). ``name``, the
    procedure's: a refusal it is about ("Chứng thực văn bản từ chối nhận di sản") is its result."""
    text = nfc(text)
    subject = nfc(name).lower()
    text = text.split("Từ khóa")[0]
    rows: list[tuple[str, str]] = []
    start = 0
    for match in _RESULT_ROW.finditer(text):
        rows.append((text[start : match.start()].strip(), match.group("code")))
        start = match.end()
    tail = text[start:].strip()
    if tail or not rows:
        rows.append((tail, ""))
    issued: list[tuple[str, str]] = []
    refusals: list[str] = []
    for row, code in rows:
        row = useful(row).strip(" .,;")
        if not row:
            continue
        refusal = _REFUSAL.search(row)
        if refusal and refusal.group(0).lower() in subject:
            issued.append((row, code))  # the procedure is about it
            continue
        kept, refused = _split_refusal(row)
        if kept:
            issued.append((kept, code))
        if refused:
            refusals.append(refused)
    if not issued and refusals and not any(_REFUSAL.search(r[:40]) for r in refusals):
        issued, refusals = [(r, "") for r in refusals], []
    result = "\n".join(dict.fromkeys(row for row, _ in issued))
    code = next((code for _, code in issued if code), "") or next((code for _, code in rows if code), "")
    return {"result": result, "result_code": code, "refusal": "\n".join(dict.fromkeys(refusals))}


def _split_refusal(row: str) -> tuple[str, str]:
    """A result row → (what is issued, the refusal it names as the alternative)."""
    cases = [
        part.strip(" -+.;")
        for part in re.split(r"(?:^|\s)[-+]\s+(?=Trường hợp|Nếu)|(?<=[.;])\s+(?=Trường hợp|Nếu)", row)
    ]
    if len(cases) > 1:
        issued: list[str] = []
        refused: list[str] = []
        for case in filter(None, cases):
            body = re.sub(r"^(?:Trường hợp|Nếu)[^:]{0,200}:\s*", "", case)
            (refused if _REFUSAL.search(case.split(":")[0] if ":" in case else case) else issued).append(body)
        return "; ".join(issued), "; ".join(refused)
    if re.search(r"(\w+(?:\s\w+){0,2})\s*(?:/\s*hoặc|/|hoặc|,)\s*không\s+\1\b", row, re.IGNORECASE):
        return row, ""  # "Thông báo xác nhận/không xác nhận …": issued either way
    otherwise = re.search(r"[.;,]?\s+(?:trường\s+hợp|nếu)\s+(?:không|từ\s+chối)\b", row, re.IGNORECASE)
    if otherwise and otherwise.start() > 10:
        head = row[: otherwise.start()].strip(" ,;.")
        if re.search(r"(?:đối\s+với|trong|cho)$", head, re.IGNORECASE):
            return "", row  # "Văn bản trả lời đối với trường hợp không chấp thuận …"
        return head, _capital(row[otherwise.start() :].strip(" ,;."))
    alternative = _OR_REFUSAL.search(row)
    if alternative and alternative.start() > 10:
        return row[: alternative.start()].strip(" ,;"), row[alternative.end() :].strip(" .,;")
    if _REFUSAL.search(row[:80]) and not re.match(r"(?:giấy|quyết\s+định\s+(?!không))", row, re.IGNORECASE):
        return "", row
    return row, ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def parse_result(text: str) -> tuple[str, str]:
    """ket_qua_xu_ly → (the document issued, its result code)."""
    parsed = parse_results(text)
    return parsed["result"], parsed["result_code"]


def parse_levels(text: str) -> list[str]:
    levels = []
    if "Cấp tỉnh" in text:
        levels.append("city")
    if "Cấp xã" in text:
        levels.append("commune")
    return levels


def parse_applicant_types(text: str) -> list[str]:
    found, rest = set(), nfc(text)
    for prefix, code in APPLICANT_TYPES:
        if prefix in rest:
            found.add(code)
            rest = rest.replace(prefix, "")
    return [code for code in APPLICANT_ORDER if code in found]


def processing_time(channels: list[dict], *, steps: str = "", conditions: str = "") -> dict | None:
    """The procedure's own limit: the in-person channel's, else the longest (channels.py)."""
    return channel_parser.processing_time(channels, steps=steps, conditions=conditions)


# --- records ------------------------------------------------------------------------------------


def parse_record(raw: dict) -> dict:
    steps_text, conditions = raw.get("trinh_tu_thuc_hien", ""), raw.get("yeu_cau_dieu_kien", "")
    channels, fees = parse_channels(raw.get("cach_thuc_thuc_hien", ""), steps=steps_text, conditions=conditions)
    name = nfc(raw["ten_thu_tuc"])
    results = parse_results(raw.get("ket_qua_xu_ly", ""), name)
    documents, documents_note = parse_documents_and_notes(raw.get("thanh_phan_ho_so", ""))
    steps = parse_steps(steps_text)
    return {
        "code": nfc(raw["ma_thu_tuc"]),
        "name": name,
        "field": nfc(raw.get("linh_vuc")),
        "levels": parse_levels(raw.get("cap_thuc_hien", "")),
        "decision_number": useful(raw.get("so_quyet_dinh")),
        "procedure_type": useful(raw.get("loai_thu_tuc")),
        "applicant_types": parse_applicant_types(raw.get("doi_tuong_thuc_hien", "")),
        "applicant_types_text": useful(raw.get("doi_tuong_thuc_hien")),
        "competent_authority": useful(raw.get("co_quan_co_tham_quyen")),
        "receiving_address": useful(raw.get("dia_chi_tiep_nhan")),
        "authorized_agency": useful(raw.get("co_quan_duoc_uy_quyen")),
        "coordinating_agency": useful(raw.get("co_quan_phoi_hop")),
        "performing_agency_text": useful(raw.get("co_quan_thuc_hien")),
        "online_level": channel_parser.online_level(name, channels),
        "processing_time": processing_time(channels, steps=steps_text, conditions=conditions),
        "channels": channels,
        "fees": [_jsonable_fee(fee) for fee in fees],
        "steps": steps,
        "documents": documents,
        "documents_note": documents_note,
        "conditions": useful(conditions),
        "result": results["result"],
        "result_code": results["result_code"],
        "result_refusal": results["refusal"],
        "legal_basis": parse_legal_basis(raw.get("can_cu_phap_ly", "")),
        "related_procedures": useful(raw.get("thu_tuc_lien_quan")),
        "source": "Cổng Dịch vụ công quốc gia",
        "source_url": raw.get("detail_url", ""),
    }


def row_from_csv(row: dict) -> dict:
    """A procedures.csv row without a full record: only what the row holds."""
    levels = [{"tinh": "city", "xa": "commune"}[part] for part in row.get("level", "").split(";") if part]
    days = row.get("processing_days", "").strip()
    fees, _ = parse_fee_cell(row.get("fee", ""))
    if not fees and useful(row.get("fee", "")):
        fees = [fee_parser._row(description=nfc(row["fee"]))]
    name = nfc(row["name"])
    source = nfc(row.get("source", ""))
    url = re.search(r"\((https?://[^)]+)\)", source)
    return {
        "code": nfc(row["code"]),
        "name": name,
        "field": nfc(row.get("field")),
        "levels": levels,
        "decision_number": "",
        "procedure_type": "",
        "applicant_types": [],
        "applicant_types_text": "",
        "competent_authority": "",
        "receiving_address": "",
        "authorized_agency": "",
        "coordinating_agency": "",
        "performing_agency_text": "",
        "online_level": {"toàn trình": "full", "một phần": "partial"}.get(
            nfc(row.get("online", "")).lower(), channel_parser.online_level(name, [])
        ),
        # the row's number has no unit (procedures.csv, "processing_days"): read as the portal's bare numbers
        "processing_time": (
            {
                "value": int(days),
                "unit": "working_days",
                "text": f"{days} (không ghi đơn vị; {channel_parser.BARE_AS_WORKING_DAYS})",
            }
            if days.isdigit()
            else None
        ),
        "channels": [],
        "fees": [_jsonable_fee(fee) for fee in fees],
        "steps": [],
        "documents": [],
        "documents_note": "",
        "conditions": "",
        "result": "",
        "result_code": "",
        "result_refusal": "",
        "legal_basis": [],
        "related_procedures": "",
        "source": source.split(" (")[0],
        "source_url": url.group(1) if url else "",
    }


def _jsonable_fee(fee: dict) -> dict:
    return {**fee, **{k: fee[k].isoformat() for k in ("valid_from", "valid_to") if fee.get(k) is not None}}


def _open_text(path: str | Path) -> io.TextIOBase:
    """A text file, gzip-compressed when its name ends in .gz."""
    if str(path).endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_crawl(jsonl_path: str | Path) -> Iterator[dict]:
    """The crawl's records, one JSON object a line."""
    with _open_text(jsonl_path) as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def build_catalogue(csv_path: str | Path, jsonl_path: str | Path) -> list[dict]:
    """Every code of procedures.csv once: its full record when the crawl has one, else the row.
    Either file may be gzip-compressed (.gz)."""
    full = {nfc(raw["ma_thu_tuc"]): raw for raw in read_crawl(jsonl_path)}
    records = {}
    with _open_text(csv_path) as handle:
        for row in csv.DictReader(handle):
            code = nfc(row["code"])
            if code in records:
                continue
            records[code] = parse_record(full[code]) if code in full else row_from_csv(row)
    return [records[code] for code in sorted(records)]
