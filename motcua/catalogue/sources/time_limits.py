"""Time limits as the published records write them, read into a value and a unit.

The national portal's "Thời gian" cell holds "7 Ngày làm việc", "15 Ngày", "4 Giờ", or a bare
number; the description beside it, the steps and the conditions write the limit in words:
"Ngay trong ngày làm việc", "Trong ngày", "03 ngày làm việc", "Không quá 15 ngày", "05 (năm)
ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "04 giờ làm việc", "02 tháng", "nửa ngày",
"05 đến 07 ngày" (the upper bound counts), "nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong
ngày làm việc tiếp theo" (the same day, with a cut-off).

Units are those of ``catalogue.models.TimeUnit``: working_days, days, hours (working hours),
months, and same_day, whose value is the cut-off hour (15 = a dossier received from 15:00 on is
answered the next working day; 24 = no cut-off stated). Pure Python, no Django.
"""

import re
import unicodedata
from dataclasses import dataclass

SAME_DAY_NO_CUTOFF = 24
# Vietnamese letters for character classes ("à-ỹ" would also take the capitals between them)
VN_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VN_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"

_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mươi": 10,
}
_WORD = r"(?:một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|mốt)"
# "05", "5,5", "1/2", "05 (năm)", "năm (05)", "mười lăm", "(05)"
_NUMBER = (
    r"(?:(?P<{n}d>\d{{1,4}}(?:[.,]\d+)?|1/2)(?:\s*\(\s*" + _WORD + r"(?:\s+" + _WORD + r")*\s*\))?"
    r"|(?P<{n}w>" + _WORD + r"(?:\s+" + _WORD + r")*)\s*(?:\(\s*(?P<{n}p>\d{{1,4}})\s*\))?)"
)
_UNIT = (
    r"(?P<unit>ngày\s+làm\s+việc|ngày\s+làm\s+viêc|ngày\s+lảm\s+việc|ngày\s+làm|ngày|giờ\s+làm\s+việc|giờ|tiếng"
    r"|phút|tháng|buổi\s+làm\s+việc|buổi)"
)
_LIMIT = re.compile(
    r"(?<![\w/.,])(?:(?:từ|trong\s+vòng|trong)\s+)?"
    + _NUMBER.format(n="a")
    + r"(?:\s*(?:ngày\s*)?(?:đến|tới|-|–|hoặc)\s*"
    + _NUMBER.format(n="b")
    + r")?\s*"
    + _UNIT
    + r"(?![\w])",
    re.IGNORECASE,
)
_HALF_DAY = re.compile(r"(?<!\w)(?:nửa|1/2|0[.,]5)\s+ngày(?:\s+làm\s+việc)?(?!\w)", re.IGNORECASE)
_SAME_DAY = re.compile(
    r"(?<!\w)(?:ngay\s+trong\s+ngày|trong\s+ngày\s+làm\s+việc|trong\s+ngày(?!\s+làm\s+việc\s+tiếp)|trả\s+(?:kết\s+quả\s+)?ngay"
    r"|giải\s+quyết\s+ngay|cấp\s+ngay|đổi\s+ngay|trong\s+buổi\s+làm\s+việc|ngay\s+sau\s+khi\s+nhận)"
    r"(?!\s+(?:làm\s+việc\s+)?(?:tiếp\s+theo|hôm\s+sau|kế\s+tiếp))",
    re.IGNORECASE,
)
_CUTOFF = re.compile(
    r"sau\s+(?P<hour>\d{1,2})\s*(?:giờ|h)(?:\s*(?P<minute>\d{1,2})\s*(?:phút)?)?"
    r"(?P<rest>[^.;]{0,200}?)(?:ngày\s+làm\s+việc\s+(?:tiếp\s+theo|kế\s+tiếp)|ngày\s+hôm\s+sau|ngày\s+tiếp\s+theo)",
    re.IGNORECASE,
)
_TIME_UNITS = {
    "ngày làm việc": "working_days",
    "ngày làm viêc": "working_days",
    "ngày lảm việc": "working_days",
    "ngày làm": "working_days",
    "ngày": "days",
    "giờ làm việc": "hours",
    "giờ": "hours",
    "tiếng": "hours",
    "phút": "minutes",
    "tháng": "months",
    "buổi làm việc": "half_days",
    "buổi": "half_days",
}
# No limit at all: the record says so, which is an answer too (no due date).
_NO_LIMIT = re.compile(
    r"(?:không\s+quy\s+định|chưa\s+quy\s+định|không\s+có\s+thời\s+hạn|không\s+phải\s+trả\s+kết\s+quả"
    r"|phản\s+hồi\s+tự\s+động|theo\s+thời\s+hạn\s+chung|căn\s+cứ\s+quy\s+chế)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """One time limit found in a text: value in unit, where it stands, the words as written."""

    value: float | int
    unit: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"value": self.value, "unit": self.unit, "text": self.text}


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return re.sub(r"[\u200b-\u200f\ufeff]", "", text)


def _word_number(words: str) -> int | None:
    """'mười lăm' → 15, 'hai mươi' → 20, 'ba mươi lăm' → 35, 'năm' → 5."""
    parts = words.lower().split()
    if not parts:
        return None
    total, current = 0, 0
    for part in parts:
        if part in ("mười",):
            current = (current or 1) * 10 if current else 10
        elif part == "mươi":
            current = (current or 1) * 10
        elif part in ("lăm",):
            current += 5
        elif part == "mốt":
            current += 1
        elif part in _WORDS:
            current += _WORDS[part]
        else:
            return None
    total += current
    return total or None


def _number(match: re.Match, prefix: str) -> float | int | None:
    digits, words, paren = match.group(f"{prefix}d"), match.group(f"{prefix}w"), match.group(f"{prefix}p")
    if digits:
        if digits == "1/2":
            return 0.5
        digits = digits.replace(",", ".")
        if re.fullmatch(r"\d{1,3}\.\d{3}", digits):  # a thousands separator, not a fraction
            return int(digits.replace(".", ""))
        return float(digits) if "." in digits else int(digits)
    if paren:
        return int(paren)
    if words:
        return _word_number(words)
    return None


def _normalise(value: float | int, unit: str) -> tuple[float | int, str] | None:
    """Minutes become hours, half days working days; a zero is no limit."""
    if value is None or value <= 0:
        return None
    if unit == "minutes":
        hours = value / 60
        return (int(hours) if hours == int(hours) else round(hours, 2)), "hours"
    if unit == "half_days":
        days = value / 2
        return (int(days) if days == int(days) else days), "working_days"
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return value, unit


def find_limits(text: str) -> list[Found]:
    """Every time limit written in ``text``, in order (a range counts as its upper bound)."""
    text = _clean(text)
    found: list[Found] = []
    for match in _LIMIT.finditer(text):
        unit_words = re.sub(r"\s+", " ", match.group("unit").lower())
        unit = _TIME_UNITS.get(unit_words)
        if unit is None:
            continue
        if unit in ("hours",) and re.match(r"\s*\d", text[match.end() :]):
            continue  # "15 giờ 30": a clock time
        before = text[max(0, match.start() - 12) : match.start()].lower()
        if unit == "hours" and re.search(r"(?:sau|trước|từ|lúc|đến)\s*$", before):
            continue  # "sau 15 giờ", "trước 10 giờ": a clock time, not a duration
        if re.search(r"(?:ngày|tháng|mẫu|số|điều|khoản|điểm|phụ lục)\s*$", before) and unit != "hours":
            continue  # "ngày 15 tháng", "Mẫu số 05 ngày": not a duration
        first = _number(match, "a")
        second = _number(match, "b") if (match.group("bd") or match.group("bw") or match.group("bp")) else None
        if first is None:
            continue
        value = max(first, second) if second is not None else first
        normal = _normalise(value, unit)
        if normal is None:
            continue
        found.append(Found(normal[0], normal[1], match.start(), match.end(), text[match.start() : match.end()].strip()))
    for match in _HALF_DAY.finditer(text):
        if not any(f.start <= match.start() < f.end for f in found):
            found.append(Found(0.5, "working_days", match.start(), match.end(), match.group(0)))
    for match in _SAME_DAY.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        found.append(Found(SAME_DAY_NO_CUTOFF, "same_day", match.start(), match.end(), match.group(0)))
    found.sort(key=lambda f: f.start)
    return found


def cutoff_hour(text: str) -> float | None:
    """'tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo' → 15."""
    match = _CUTOFF.search(_clean(text))
    if not match:
        return None
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    if not 6 <= hour <= 23 or minute >= 60:
        return None
    value = hour + minute / 60
    return int(value) if value == int(value) else round(value, 2)


def says_no_limit(text: str) -> bool:
    return bool(_NO_LIMIT.search(_clean(text)))


def parse_time_limit(text: str) -> dict | None:
    """The time limit a short text states: its first limit, the same day with the cut-off the
    text gives, or None. ``{"value", "unit", "text"}`` with the text as published."""
    text = _clean(text).strip()
    if not text:
        return None
    limits = find_limits(text)
    if not limits:
        return None
    first = limits[0]
    if first.unit == "same_day":
        cutoff = cutoff_hour(text)
        return {"value": cutoff or SAME_DAY_NO_CUTOFF, "unit": "same_day", "text": text[:500]}
    return {"value": first.value, "unit": first.unit, "text": text[:500]}


def same_day_with_cutoff(text: str) -> dict | None:
    """The same-day rule with its cut-off as the steps of a civil-status procedure write it
    ("nếu tiếp nhận hồ sơ sau 15 giờ thì ... trả kết quả ... trong ngày làm việc tiếp theo")."""
    text = _clean(text)
    match = _CUTOFF.search(text)
    if not match:
        return None
    hour = cutoff_hour(text)
    if hour is None:
        return None
    phrase = re.sub(r"\s+", " ", match.group(0)).strip()
    return {"value": hour, "unit": "same_day", "text": f"Trong ngày làm việc; {phrase}"[:500]}


def days_equivalent(limit: dict) -> float:
    """A rough length in days, to compare limits written in different units."""
    value, unit = float(limit["value"]), limit["unit"]
    return {
        "working_days": value * 7 / 5,
        "days": value,
        "hours": value / 8 * 7 / 5,
        "months": value * 30,
        "same_day": 1.0,
    }.get(unit, 0.0)
