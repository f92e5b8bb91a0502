"""Parser for procedures published on the national portal (Cổng Dịch vụ công quốc gia).

The crawl (``national_procedures.jsonl``) keeps each record's tables flattened into one string
with the header cells glued on, e.g. ``"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày
làm việc10,000 Việt Nam Đồng(...)Trực tiếp..."``. These functions turn a record into the
catalogue's exchange format (motcua/catalogue/records.py). They never guess: what cannot be read
is left empty, and the published text is always kept beside the parsed value.
Pure Python: no Django, so it can be tested and run anywhere.
"""

import csv
import json
import re
import unicodedata
from pathlib import Path

NO_INFO = "Không có thông tin"
CHANNELS = {"Trực tuyến": "online", "Trực tiếp": "direct", "Dịch vụ bưu chính": "post"}
_CHANNEL = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Trong|Không|Miễn|Phí|Lệ)")
_TIME = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng)?", re.IGNORECASE)
TIME_UNITS = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "giờ làm việc": "hours",
    "giờ": "hours",
    "tháng": "months",
}
_AMOUNT = re.compile(
    r"(?P<kind>Lệ phí|Phí)?\s*:?\s*(?P<number>\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?P<unit>Việt Nam Đồng|VNĐ|VND|đồng|Đồng|USD)",
)
_FREE = re.compile(r"^(Miễn phí|Không thu phí|Không thu|Miễn lệ phí|0 đồng)", re.IGNORECASE)
_DOC_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_QUANTITY = re.compile(
    r"(?:(?P<orig>\d+)\s*[Bb]ản chính(?:\s*,\s*(?P<copy1>\d+)\s*[Bb]ản sao)?|(?P<copy2>\d+)\s*[Bb]ản sao)"
)
_TEMPLATE_EXT = re.compile(r"\.(?:docx?|xlsx?|pdf|rtf|odt|zip|rar)$", re.IGNORECASE)
_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_LEGAL_NUMBER = re.compile(
    r"(?:(?:Bộ luật|Luật|Nghị quyết|Pháp lệnh)\s?(?:số\s?)?)?\d+[A-Za-z]?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9-]*[A-ZĐ0-9]"
)
_STEP = re.compile(r"(?:^|\n)\s*[-–+*]?\s*(Bước\s*\d+)\s*[:.\-–]?\s*", re.IGNORECASE)
_RESULT_CODE = re.compile(r"Mã:\s*(KQ\.[A-Za-z0-9.]+?)(?=Từ khóa|$)")

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


def nfc(text) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def useful(text: str) -> str:
    text = nfc(text)
    return "" if text in (NO_INFO, "--", "-") else text


# --- small parsers (each tested with hypothesis) -----------------------------------------------


def parse_number(text: str) -> int | None:
    """'10,000' and '10.000' are ten thousand (thousands separators); '150' is 150."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"\d+", text):
        return int(text)
    return None


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
    originals = copies = 0
    for match in _QUANTITY.finditer(text):
        if match.group("orig") is not None:
            originals += int(match.group("orig"))
            copies += int(match.group("copy1") or 0)
        else:
            copies += int(match.group("copy2"))
    return originals, copies


def _balanced_prefix(text: str) -> int:
    """Length of a leading '( ... )' group, nested parentheses included; 0 if none."""
    if not text.startswith("("):
        return 0
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index + 1
    return len(text)


def parse_fee_cell(text: str) -> tuple[list[dict], str]:
    """The fee cell at the start of ``text``: its fee items and the text after it (the description)."""
    fees, rest = [], nfc(text)
    while rest:
        if rest.startswith(NO_INFO):
            rest = rest[len(NO_INFO) :]
            break
        free = _FREE.match(rest)
        amount = _AMOUNT.match(rest)
        if free:
            rest = rest[free.end() :]
            fees.append({"kind": "", "amount": 0, "currency": "VND", "channel": "", "description": free.group(1)})
        elif amount:
            rest = rest[amount.end() :]
            unit = amount.group("unit")
            fees.append(
                {
                    "kind": {"Lệ phí": "charge", "Phí": "fee"}.get(amount.group("kind") or "", ""),
                    "amount": parse_number(amount.group("number")),
                    "currency": "USD" if unit == "USD" else "VND",
                    "channel": "",
                    "description": "",
                }
            )
        else:
            break
        remark = _balanced_prefix(rest)
        if remark:
            note = rest[1 : remark - 1].strip() if rest[remark - 1 : remark] == ")" else rest[1:remark].strip()
            fees[-1]["description"] = " ".join(filter(None, [fees[-1]["description"], note]))
            rest = rest[remark:]
    return fees, rest.strip()


def parse_channels(text: str) -> tuple[list[dict], list[dict]]:
    """cach_thuc_thuc_hien → (channels, fees). Fees identical on every channel are given once."""
    text = nfc(text).replace("Hình thức nộpThời gianPhí, lệ phíMô tả", "", 1)
    parts = _CHANNEL.split(text)
    channels, fees_by_channel = [], []
    for index in range(1, len(parts), 2):
        kind, segment = CHANNELS[parts[index]], parts[index + 1]
        time_text = ""
        if segment.startswith(NO_INFO):
            value, unit, rest = None, "", segment[len(NO_INFO) :]
        else:
            value, unit, rest = parse_time(segment)
            time_text = segment[: len(segment) - len(rest)].strip()
            if time_text and value is None:
                time_text = f"{time_text} (không ghi đơn vị)"  # the portal shows a bare number
        fees, description = parse_fee_cell(rest)
        fee_text = rest[: len(rest) - len(description)].strip() if description else rest.strip()
        channels.append(
            {
                "kind": kind,
                "time_value": value,
                "time_unit": unit,
                "time_text": time_text,
                "fee_text": "" if fee_text == NO_INFO else fee_text,
                "description": useful(description),
            }
        )
        fees_by_channel.append((kind, fees))
    distinct = {json.dumps(f, sort_keys=True, ensure_ascii=False) for _, f in fees_by_channel}
    if len(distinct) == 1:
        fees = fees_by_channel[0][1] if fees_by_channel else []
    else:
        fees = [{**fee, "channel": kind} for kind, items in fees_by_channel for fee in items]
    return channels, fees


def _split_template(row: str) -> tuple[str, str]:
    """'Tờ khai theo mẫu NA17Mau NA17.doc' → ('Tờ khai theo mẫu NA17', 'Mau NA17.doc')."""
    if not _TEMPLATE_EXT.search(row):
        return row.strip(), ""
    for index in range(len(row) - 1, 0, -1):
        before, here = row[index - 1], row[index]
        if (
            before in ")]"
            or (before.isalpha() and (here.isupper() or here.isdigit()) and before.islower())
            or (before.isupper() and here.isupper() and index + 1 < len(row) and row[index + 1].islower())
        ):
            name, template = row[:index].strip(), row[index:].strip()
            if name and len(template) <= 200:
                return name, template
    return row.strip(), row.strip()


def parse_documents(text: str) -> list[dict]:
    """thanh_phan_ho_so → documents with group, name, template and counts."""
    text = nfc(text)
    if not text or text == NO_INFO:
        return []
    sections = text.split(_DOC_HEADER)
    documents, group = [], ""
    for index, section in enumerate(sections):
        if index == 0:
            group = section.strip(" -:")
            continue
        body = section
        next_group = ""
        if index + 1 < len(sections):
            # the text after the last quantity of this section names the next group
            last = None
            for last in _QUANTITY.finditer(body):
                pass
            if last is not None:
                body, next_group = body[: last.end()], body[last.end() :].strip(" -:")
        matches = list(_QUANTITY.finditer(body))
        start = 0
        for position, match in enumerate(matches):
            adjacent = position + 1 < len(matches) and matches[position + 1].start() == match.end()
            if adjacent:
                continue  # "01 bản chính0 bản chính": the first belongs to the name
            row = body[start : match.start()]
            quantity = match.group(0)
            start = match.end()
            name, template = _split_template(row.strip(" ;"))
            if not name:
                continue
            originals, copies = parse_quantity(quantity)
            documents.append(
                {
                    "order": len(documents) + 1,
                    "group": "" if group in ("", "--") else group,
                    "name": name,
                    "template_name": template,
                    "originals": originals,
                    "copies": copies,
                    "quantity_text": quantity.strip(),
                }
            )
        tail = body[start:].strip(" ;")
        if tail and not matches:
            name, template = _split_template(tail)
            documents.append(
                {
                    "order": len(documents) + 1,
                    "group": "" if group in ("", "--") else group,
                    "name": name,
                    "template_name": template,
                    "originals": 0,
                    "copies": 0,
                    "quantity_text": "",
                }
            )
        group = next_group
    return documents


def parse_legal_basis(text: str) -> list[dict]:
    """can_cu_phap_ly → [{name, number}]: a number glued to the text before it ends a row."""
    text = nfc(text).replace(_LEGAL_HEADER, "", 1)
    if not text or text == NO_INFO:
        return []
    rows, start = [], 0
    for match in _LEGAL_NUMBER.finditer(text):
        begin, end = match.start(), match.end()
        if end < len(text) and text[end].islower() and text[end - 1].isupper():
            end -= 1  # "TT-BCAThông tư": the last capital starts the next row
        glued = begin > 0 and not text[begin - 1].isspace()
        at_row_end = end >= len(text) or text[end].isupper() or text[end] in '0123456789(“"'
        if glued and at_row_end:
            name = text[start:begin].strip(" ,;")
            if name:
                rows.append({"name": name, "number": text[begin:end].strip()})
                start = end
    tail = text[start:].strip(" ,;")
    if tail:
        rows.append({"name": tail, "number": ""})
    return rows


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


def parse_result(text: str) -> tuple[str, str]:
    text = nfc(text)
    code = _RESULT_CODE.search(text)
    result = text.split("Mã:")[0] if "Mã:" in text else text.split("Từ khóa")[0]
    return useful(result), code.group(1) if code else ""


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


def online_level(name: str, channels: list[dict]) -> str:
    lowered = name.lower()
    if "toàn trình" in lowered:
        return "full"
    if "một phần" in lowered or any(c["kind"] == "online" for c in channels):
        return "partial"
    return ""


def processing_time(channels: list[dict]) -> dict | None:
    ordered = sorted(channels, key=lambda c: c["kind"] != "direct")
    for channel in ordered:
        if channel["time_value"] is not None:
            return {"value": channel["time_value"], "unit": channel["time_unit"], "text": channel["time_text"]}
    for channel in ordered:
        if channel["time_text"]:
            return {"value": None, "unit": "", "text": channel["time_text"]}
    return None


# --- records ------------------------------------------------------------------------------------


def parse_record(raw: dict) -> dict:
    channels, fees = parse_channels(raw.get("cach_thuc_thuc_hien", ""))
    result, result_code = parse_result(raw.get("ket_qua_xu_ly", ""))
    name = nfc(raw["ten_thu_tuc"])
    documents = parse_documents(raw.get("thanh_phan_ho_so", ""))
    steps = parse_steps(raw.get("trinh_tu_thuc_hien", ""))
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
        "online_level": online_level(name, channels),
        "processing_time": processing_time(channels),
        "channels": channels,
        "fees": fees,
        "steps": steps,
        "documents": [{k: v for k, v in d.items() if k != "order"} for d in documents],
        "conditions": useful(raw.get("yeu_cau_dieu_kien")),
        "result": result,
        "result_code": result_code,
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
        fees = [{"kind": "", "amount": None, "currency": "VND", "channel": "", "description": nfc(row["fee"])}]
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
            nfc(row.get("online", "")).lower(), online_level(name, [])
        ),
        "processing_time": {"value": None, "unit": "", "text": f"{days} ngày"} if days else None,
        "channels": [],
        "fees": fees,
        "steps": [],
        "documents": [],
        "conditions": "",
        "result": "",
        "result_code": "",
        "legal_basis": [],
        "related_procedures": "",
        "source": source.split(" (")[0],
        "source_url": url.group(1) if url else "",
    }


def build_catalogue(csv_path, jsonl_path) -> list[dict]:
    """Every code of procedures.csv once: its full record when the crawl has one, else the row."""
    full = {}
    with open(jsonl_path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                raw = json.loads(line)
                full[nfc(raw["ma_thu_tuc"])] = raw
    records = {}
    with open(Path(csv_path), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = nfc(row["code"])
            if code in records:
                continue
            records[code] = parse_record(full[code]) if code in full else row_from_csv(row)
    return [records[code] for code in sorted(records)]
