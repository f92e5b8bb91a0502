"""The portal's "Cách thức thực hiện" table: one row per way to submit, each with its time
limit, its fees and a description, flattened into one string:

    "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(…)
     Trực tiếp1Miễn phíDịch vụ bưu chínhKhông có thông tinMiễn phí05 ngày làm việc kể từ …"

The time cell is "7 Ngày làm việc", "15 Ngày", "4 Giờ", "Không có thông tin", a bare number
(the unit was lost) or words. A bare number is read with the unit the record's own text gives
that number (the description, the steps: "Trong thời hạn 02 ngày làm việc …"), a bare 1 with
the same-day rule the steps state; an empty cell with the limit its description states.
Pure Python, no Django.
"""

import json
import re
import unicodedata

from motcua.catalogue.sources import fees as fee_parser
from motcua.catalogue.sources import time_limits

NO_INFO = "Không có thông tin"
HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
KINDS = {"Trực tuyến": "online", "Trực tiếp": "direct", "Dịch vụ bưu chính": "post"}
_LABEL = re.compile(r"Trực tuyến|Trực tiếp|Dịch vụ bưu chính")
_TIME_CELL = re.compile(
    r"^\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng)"
    r"(?-i:(?![" + time_limits.VN_LOWER + r"]))",
    re.IGNORECASE,
)
CELL_UNITS = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "giờ làm việc": "hours",
    "giờ": "hours",
    "tháng": "months",
}
_CURRENCY = r"(?:Việt Nam Đồng|VNĐ|VND|đồng|Đồng|USD)"
_GLUED_AMOUNT = re.compile(r"^(?P<digits>\d+)(?P<groups>(?:[.,]\d{3})*)\s*(?P<unit>" + _CURRENCY + ")")
_FEE_START = re.compile(r"Miễn phí|Không có thông tin|Không thu|\d[\d.,]*\s*" + _CURRENCY)
_TOTAL = re.compile(
    r"(?:thời\s+hạn\s+giải\s+quyết|thời\s+gian\s+giải\s+quyết|tổng\s+thời\s+gian|thời\s+hạn\s+trả\s+kết\s+quả)",
    re.IGNORECASE,
)
_FROM_RECEIPT = re.compile(
    r"kể\s+từ\s+(?:ngày|khi|thời\s+điểm)\s+(?:cơ\s+quan[^,.;]{0,60}?)?(?:tiếp\s+nhận|nhận)\s+(?:được\s+)?(?:đủ|đầy\s+đủ)?\s*"
    r"(?:hồ\s+sơ|tờ\s+khai|đơn|văn\s+bản\s+(?:đề\s+nghị|yêu\s+cầu)|yêu\s+cầu|khiếu\s+nại|tố\s+cáo|đề\s+nghị)",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    return re.sub(r"[\u200b-\u200f\ufeff]", "", unicodedata.normalize("NFC", text or "")).strip()


def segments(text: str) -> list[tuple[str, str]]:
    """(kind, the row's text after its label) for each row of the table. A label starts a row
    only when a cell is glued to it ("Trực tuyến7 Ngày", "Trực tiếpKhông"), not when it is a
    word of a description ("+ Trực tiếp: nộp hồ sơ …")."""
    text = _clean(text).replace(HEADER, "", 1)
    starts = [
        m for m in _LABEL.finditer(text) if m.end() < len(text) and (text[m.end()].isdigit() or text[m.end()].isupper())
    ]
    rows = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        rows.append((KINDS[match.group(0)], text[match.end() : end]))
    return rows


def _split_glued(segment: str) -> tuple[str, str] | None:
    """'1100 VNĐ(… 100.000 đồng/lần …)': a bare time glued to an amount → ('1', '100 VNĐ(…)').
    The split is where the amount (or a thousandth of it) is the one the remark states."""
    match = _GLUED_AMOUNT.match(segment)
    if not match or len(match.group("digits")) < 2:
        return None
    digits, groups = match.group("digits"), match.group("groups")
    stated = {
        fee_parser.parse_number(m.group("number"))
        for m in fee_parser._AMOUNT.finditer(segment[match.end() : match.end() + 400])
    }
    for cut in range(1, len(digits)):
        amount = fee_parser.parse_number(digits[cut:] + groups)
        if amount and (amount in stated or amount * 1000 in stated) and not digits[cut:].startswith("0"):
            return digits[:cut], segment[cut:]
    return digits[:1], segment[1:]


def time_cell(segment: str) -> tuple[str, str, str]:
    """A row's text → (what the time cell is: "unit", "bare", "text", "none"; the cell as
    written; the rest of the row: fees and description)."""
    if segment.startswith(NO_INFO):
        return "none", "", segment[len(NO_INFO) :]
    structured = _TIME_CELL.match(segment)
    if structured:
        return "unit", segment[: structured.end()].strip(), segment[structured.end() :]
    glued = _split_glued(segment)
    if glued:
        return "bare", glued[0], glued[1]
    bare = re.match(r"^(\d+)(?=\D|$)", segment)
    if bare:
        return "bare", bare.group(1), segment[bare.end() :]
    fee = _FEE_START.search(segment)
    cell = segment[: fee.start()] if fee else ""
    if cell.strip():
        return "text", cell.strip(), segment[len(cell) :]
    return "none", "", segment


def _unit_limit(cell: str) -> dict | None:
    match = _TIME_CELL.match(cell)
    if match is None:
        return None
    number = match.group("value").replace(",", ".")
    value = float(number) if "." in number else int(number)
    return {"value": value, "unit": CELL_UNITS[match.group("unit").lower()], "text": cell}


def stated_limit(text: str) -> dict | None:
    """The limit a description or a step states for the whole procedure: a limit next to
    "Thời hạn giải quyết" or "kể từ ngày nhận đủ hồ sơ", or one the text begins with."""
    text = _clean(text)
    if not text:
        return None
    limits = [f for f in time_limits.find_limits(text) if f.unit != "same_day" or f.start < 60]
    if not limits:
        return None
    for found in limits:
        around = text[max(0, found.start - 80) : found.end + 120]
        if _TOTAL.search(text[max(0, found.start - 80) : found.start]) or _FROM_RECEIPT.search(around[80:]):
            return _as_limit(found, text)
    first = limits[0]
    if first.start < 25:
        return _as_limit(first, text)
    return None


def _as_limit(found: time_limits.Found, text: str) -> dict:
    if found.unit == "same_day":
        cutoff = time_limits.cutoff_hour(text)
        return {"value": cutoff or time_limits.SAME_DAY_NO_CUTOFF, "unit": "same_day", "text": found.text}
    return {"value": found.value, "unit": found.unit, "text": _phrase(text, found)}


def _phrase(text: str, found: time_limits.Found) -> str:
    """The words of a limit with what qualifies it, up to the end of its clause."""
    start = max(text.rfind(mark, 0, found.start) + 1 for mark in ".;\n")
    if found.start - start > 60:
        space = text.find(" ", found.start - 40)
        start = space + 1 if 0 <= space < found.start else found.start
    end_match = re.search(r"[.;\n]", text[found.end :])
    end = found.end + (end_match.start() if end_match else len(text) - found.end)
    return re.sub(r"\s+", " ", text[start : min(end, found.end + 160)]).strip(" ,;:-+")[:500]


_LIMIT_CONTEXT = re.compile(
    r"(?:(?<!sau\s)thời\s+hạn|(?<!sau\s)thời\s+gian|trong\s+vòng|không\s+quá|chậm\s+nhất|trong)\s*(?:là\s*)?[:\s]*$",
    re.I,
)


def _office_limit(text: str, found: time_limits.Found) -> bool:
    """A limit the office is held to ("Trong thời hạn 03 ngày làm việc", "… kể từ ngày nhận hồ
    sơ"), not one the applicant has ("xác nhận (tối đa một ngày)")."""
    before = text[max(0, found.start - 30) : found.start]
    after = text[found.end : found.end + 120].lstrip(" ,")
    return bool(_LIMIT_CONTEXT.search(before) or _FROM_RECEIPT.match(after) or re.match(r"\s*\d", found.text))


def corroborated(number: str, texts: list[str]) -> dict | None:
    """A bare number read with the unit the record's own text writes it with: the description
    first, then the steps' same-day rule for a bare 1, then a limit of the steps."""
    value = int(number)
    description, *others = texts
    for found in time_limits.find_limits(description):
        if found.unit in ("working_days", "days", "hours", "months") and found.value == value:
            return {"value": value, "unit": found.unit, "text": _phrase(_clean(description), found)}
    if value == 1:
        for text in texts:
            rule = time_limits.same_day_with_cutoff(text)
            if rule:
                return rule
    for text in others:
        clean = _clean(text)
        for found in time_limits.find_limits(clean):
            if (
                found.unit in ("working_days", "days", "hours", "months")
                and found.value == value
                and _office_limit(clean, found)
                and re.search(r"\d", found.text)
            ):
                return {"value": value, "unit": found.unit, "text": _phrase(clean, found)}
    if value == 1:
        for text in texts:
            clean = _clean(text)
            for found in time_limits.find_limits(clean):
                if found.unit == "same_day":
                    return {"value": time_limits.SAME_DAY_NO_CUTOFF, "unit": "same_day", "text": _phrase(clean, found)}
    return None


BARE_AS_WORKING_DAYS = "đọc là ngày làm việc"


def from_receipt(text: str) -> dict | None:
    """The longest limit the steps count from the receipt of the dossier ("Trong thời hạn 05
    ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, …")."""
    text = _clean(text)
    found = [
        f
        for f in time_limits.find_limits(text)
        if f.unit in ("working_days", "days", "hours", "months")
        and _FROM_RECEIPT.match(text[f.end : f.end + 120].lstrip(" ,"))
    ]
    if not found:
        return None
    best = max(found, key=lambda f: time_limits.days_equivalent({"value": f.value, "unit": f.unit}))
    return {"value": best.value, "unit": best.unit, "text": _phrase(text, best)}


def uncorroborated(number: str, description: str, steps: str) -> dict:
    """A bare number no text of the record repeats. A bare 1 is the portal's placeholder when
    the steps state the limit ("kể từ ngày nhận đủ hồ sơ"), which is then read; otherwise the
    number counts in working days, the unit of two thirds of the portal's limits, as the text
    says."""
    if number == "1":
        stated = from_receipt(description) or from_receipt(steps)
        if stated:
            return stated
    return {"value": int(number), "unit": "working_days", "text": BARE_AS_WORKING_DAYS}


def parse_channels(text: str, *, steps: str = "", conditions: str = "") -> tuple[list[dict], list[dict]]:
    """cach_thuc_thuc_hien → (channels, fees). A channel: kind, time_value, time_unit,
    time_text (the cell, or the words the limit was read from), fee_text, description. Fees
    identical on every channel are given once; otherwise each row names its channel."""
    channels, fees_by_channel = [], []
    for kind, segment in segments(text):
        cell_kind, cell, rest = time_cell(segment)
        fee_rows, description = fee_parser.parse_fee_cell(rest)
        fee_cell = rest[: len(rest) - len(description)].strip() if description else rest.strip()
        description = "" if description in (NO_INFO, "--", "-") else description.strip()
        if not fee_rows and re.search(r"\bphí\b", description, re.IGNORECASE):
            # "Không có thông tin" in the fee cell, the fee in the description: "Phí, lệ phí (nếu có):
            # Hội đồng nhân dân cấp tỉnh quyết định …"
            fee_rows = [
                row
                for row in fee_parser.parse_remark(description)
                if (row["amount"] is not None or row["set_by"]) and re.search(r"\bphí\b", row["description"], re.I)
            ]
        limit: dict | None = None
        time_text = cell
        if cell_kind == "unit":
            limit = _unit_limit(cell)
        elif cell_kind == "text":
            limit = time_limits.parse_time_limit(cell)
        elif cell_kind == "bare":
            limit = corroborated(cell, [description, steps, conditions]) or uncorroborated(cell, description, steps)
        if limit is None and cell_kind in ("none", "text"):
            limit = stated_limit(description)
        if limit is not None and cell_kind != "unit":
            time_text = limit["text"] if cell_kind != "bare" else f"{cell} (không ghi đơn vị; {limit['text']})"
        channels.append(
            {
                "kind": kind,
                "time_value": limit["value"] if limit else None,
                "time_unit": limit["unit"] if limit else "",
                "time_text": time_text[:500],
                "fee_text": "" if fee_cell == NO_INFO else fee_cell,
                "description": description,
            }
        )
        fees_by_channel.append((kind, fee_rows))
    distinct = {json.dumps(f, sort_keys=True, ensure_ascii=False, default=str) for _, f in fees_by_channel}
    if len(distinct) == 1:
        fees = fees_by_channel[0][1] if fees_by_channel else []
    else:
        fees = []
        for kind, rows in fees_by_channel:
            for row in rows:
                # a rate the remark gives for online submission stays online
                fees.append({**row, "channel": row["channel"] or kind})
        fees = _dedupe(fees)
    return channels, fees


def _dedupe(rows: list[dict]) -> list[dict]:
    seen, unique = set(), []
    for row in rows:
        key = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def processing_time(channels: list[dict], *, steps: str = "", conditions: str = "") -> dict | None:
    """The procedure's own time limit: the in-person channel's (the longest when the record
    lists several in-person cases), else the longest of the others; without any, the limit
    the steps state for the whole procedure, or their same-day rule."""
    with_limit = [c for c in channels if c["time_value"] is not None]
    direct = [c for c in with_limit if c["kind"] == "direct"]
    pool = direct or with_limit
    if pool:
        chosen = max(
            pool,
            key=lambda c: time_limits.days_equivalent({"value": c["time_value"], "unit": c["time_unit"]}),
        )
        return {"value": chosen["time_value"], "unit": chosen["time_unit"], "text": chosen["time_text"]}
    for text in (steps, conditions):
        rule = time_limits.same_day_with_cutoff(text)
        if rule:
            return rule
        stated = _stated_in_steps(text) or from_receipt(text)
        if stated:
            return stated
    for channel in channels:
        stated = stated_limit(channel["fee_text"]) or _stated_in_steps(channel["fee_text"])
        if stated:
            return stated
    for channel in sorted(channels, key=lambda c: c["kind"] != "direct"):
        if channel["time_text"]:
            return {"value": None, "unit": "", "text": channel["time_text"]}
    return None


def _stated_in_steps(text: str) -> dict | None:
    """A limit the steps give for the whole procedure ("Thời hạn giải quyết: 05 ngày làm việc")."""
    text = _clean(text)
    for match in _TOTAL.finditer(text):
        window = text[match.end() : match.end() + 120]
        limits = time_limits.find_limits(window)
        if limits and limits[0].start < 40:
            found = limits[0]
            if found.unit == "same_day":
                cutoff = time_limits.cutoff_hour(text)
                return {"value": cutoff or time_limits.SAME_DAY_NO_CUTOFF, "unit": "same_day", "text": found.text}
            return {"value": found.value, "unit": found.unit, "text": _phrase(window, found)}
    return None


def online_level(name: str, channels: list[dict]) -> str:
    """The default the city starts from (it may decide otherwise: OnlineLevelSetBy.CITY): "full"
    when the published name says toàn trình, "partial" when it says một phần or a channel is
    online, "none" when channels are published and none is online, "" (unknown) otherwise."""
    lowered = name.lower()
    if "toàn trình" in lowered:
        return "full"
    if "một phần" in lowered or any(c["kind"] == "online" for c in channels):
        return "partial"
    return "none" if channels else ""
