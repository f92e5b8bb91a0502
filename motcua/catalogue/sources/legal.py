"""The legal basis (căn cứ pháp lý) read from the portal's flattened two-column table.

Each row is the document's name (often with its own number, date and issuer: "Nghị định số
123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ …") glued to the code column ("123/2015/NĐ-CP"),
and the next row glued to that: "… Luật Hộ tịch123/2015/NĐ-CPThông tư …", "Luật
60/2014/QH1360/2014/QH13". A number is therefore read with the grammar of Vietnamese legal
document numbers (number / year / type-issuer, the National Assembly's QH with its two-digit
term), so "QH1360/2014" splits after "QH13"; a number glued to the text before it ends a row.
Pure Python, no Django.
"""

import re
import unicodedata
from datetime import date

NO_INFO = "Không có thông tin"
HEADER = "Tên văn bản pháp lýMã văn bản"
_TYPES = r"TTLT|NQLT|VBHN|TTg|TT|NĐ|ND|NQ|QĐ|QD|PL|CT|HD|KH|TB|CV|L|BC"
ISSUERS = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "BTC": "Bộ Tài chính",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "BGTVT": "Bộ Giao thông vận tải",
    "BXD": "Bộ Xây dựng",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BYT": "Bộ Y tế",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BCT": "Bộ Công Thương",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BQP": "Bộ Quốc phòng",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNV": "Bộ Nội vụ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BNG": "Bộ Ngoại giao",
    "VPCP": "Văn phòng Chính phủ",
    "VPQH": "Văn phòng Quốc hội",
    "KTNN": "Kiểm toán nhà nước",
    "CSXH": "Ngân hàng Chính sách xã hội",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "UBDT": "Ủy ban Dân tộc",
    "CTN": "Chủ tịch nước",
}
_ISSUER = "|".join(sorted((re.escape(k) for k in ISSUERS), key=len, reverse=True))
_SUFFIX = (
    r"(?:UBTVQH\d{2}|QH\d{2}|(?:" + _TYPES + r")-UBTVQH\d{2}|(?:" + _TYPES + r")(?:-(?:" + _ISSUER + r"|[A-ZĐ]{2,10}))+"
    r"|L-CTN|(?:" + _TYPES + r")(?![A-Za-zĐđ]))"
)
_PREFIX = (
    r"(?:(?:Bộ\s+luật|Luật|Nghị\s+định|Thông\s+tư\s+liên\s+tịch|Thông\s+tư|Quyết\s+định|Nghị\s+quyết|Pháp\s+lệnh"
    r"|Chỉ\s+thị|Văn\s+bản\s+hợp\s+nhất|LUẬT|NĐ|TT|QĐ|NQ)\s+(?:số\s*)?|[sS]ố\s+)"
)
_NUMBER = re.compile(
    r"(?P<prefix>"
    + _PREFIX
    + r")?(?<![/])(?<!\d\.)(?P<number>\d{1,4}(?:\.\d{1,3})?[a-z]?/(?:(?:19|20)\d{2}/)?"
    + _SUFFIX
    + r"|\d{1,4}/(?:19|20)\d{2}(?!/|\d))"
)
_FULL = re.compile(r"^(?:" + _PREFIX + r")?\d{1,4}(?:\.\d{1,3})?[a-z]?/(?:(?:19|20)\d{2}/)?" + _SUFFIX + "$")
_FULL_SHORT = re.compile(r"^(?:" + _PREFIX + r")?\d{1,4}/(?:19|20)\d{2}$")
_DATE = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s*(?:/|-|tháng\s+)(?P<m>\d{1,2})\s*(?:/|-|năm\s+)(?P<y>(?:19|20)\d{2})", re.IGNORECASE
)
_OF = re.compile(
    r"\bcủa\s+(?P<issuer>(?:Bộ\s+trưởng\s+)?(?:Bộ|Chính\s+phủ|Quốc\s+hội|Thủ\s+tướng(?:\s+Chính\s+phủ)?|Ủy\s+ban|Uỷ\s+ban"
    r"|Ngân\s+hàng|Thống\s+đốc|Hội\s+đồng|Tổng\s+Giám\s+đốc|Chủ\s+tịch|Bảo\s+hiểm|Tòa\s+án|Viện|Kiểm\s+toán|Văn\s+phòng)"
    r"[^,.;:(]{0,80}?)(?=\s+(?:quy\s+định|hướng\s+dẫn|về|sửa\s+đổi|ban\s+hành|bãi\s+bỏ|phân|quy|thi\s+hành|bổ\s+sung)\b|[,.;:(]|$)",
)


_TYPE_NAMES = {
    "TT": "Thông tư",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "TTLT": "Thông tư liên tịch",
}


def _type_of(number: str) -> str:
    match = re.search(r"/(?:\d{4}/)?([A-ZĐ]+)-", number)
    return match.group(1) if match else ""


def fold_type(name: str) -> bool:
    """A name that is only a document type ("Luật", "Nghị định")."""
    return bool(
        re.fullmatch(r"(?:Bộ\s+luật|Luật|Nghị\s+định|Thông\s+tư|Quyết\s+định|Nghị\s+quyết|Pháp\s+lệnh)", name, re.I)
    )


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[\u200b-\u200f\ufeff]", "", text)
    return re.sub(r"[ \t\u00a0]+", " ", text)


def is_clean_number(number: str) -> bool:
    """A legal document number as it is written: '123/2015/NĐ-CP', 'Luật 60/2014/QH13'."""
    number = number.strip()
    return bool(_FULL.match(number) or _FULL_SHORT.match(number))


def _date(text: str) -> date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _core(number: str) -> str:
    match = re.search(r"\d[\d.]*[a-z]?/.*$", number)
    return match.group(0) if match else number


def _date_of(name: str, number: str) -> date | None:
    """The date the document itself bears: the one written right after its number, or the
    first one when no other document is named before it."""
    core = _core(number)
    at = name.find(core) if core else -1
    if at >= 0:
        return _date(name[at : at + len(core) + 45])
    first = _DATE.search(name)
    if first and first.start() < 120 and not _NUMBER.search(name[: first.start()]):
        return _date(name[first.start() :])
    return None


def _issuer(name: str, number: str) -> str:
    if re.search(r"/QH\d{2}$", number):
        return "Quốc hội"
    if re.search(r"UBTVQH\d{2}$", number):
        return "Ủy ban Thường vụ Quốc hội"
    last = number.rsplit("-", 1)[-1] if "-" in number else ""
    if last in ISSUERS:
        return ISSUERS[last]
    found = _OF.search(name[:200])
    if found and not _NUMBER.search(name[: found.start()].replace(_core(number), "")):
        return re.sub(r"\s+", " ", found.group("issuer")).strip()[:200]
    return ""


def _row(name: str, number: str) -> dict:
    name = re.sub(r"\s+", " ", name).strip(" ,;.-")
    number = re.sub(r"\s+", " ", number).strip(" ,;.")
    number = re.sub(r"^[sS]ố\s+", "", number)
    name = re.sub(r"(\d/(?:\d{4}/)?[A-ZĐ]+(?:-[A-ZĐ]+)*)(?=ngày\b)", r"\1 ", name)  # "…/TT-BCAngày 01/7/2025"
    if fold_type(name):
        name = f"{name} {_core(number)}"  # "Luật" + "28/2023/QH15"
    elif not name or name == number:
        kind = _TYPE_NAMES.get(_type_of(number), "")
        name = f"{kind} {_core(number)}" if kind and not number.startswith(kind) else number
    if not number:
        inside = _NUMBER.search(name)
        number = inside.group("number") if inside else ""
    name = name[:1].upper() + name[1:]  # the column often starts in lower case ("quy định về …")
    valid = _date_of(name, number)
    return {
        "name": name,
        "number": number[:200],
        "date": valid.isoformat() if valid else None,
        "issuer": _issuer(name, number),
    }


def parse_legal_basis(text: str) -> list[dict]:
    """can_cu_phap_ly → [{name, number, date, issuer}], one per legal document."""
    text = _clean(text).strip()
    text = text.replace(HEADER, "", 1).strip()
    if not text or text == NO_INFO:
        return []
    # a date glued to the next number: "ngày 25/01/202640/2026/NĐ-CP"
    text = re.sub(r"(\d{1,2}/\d{1,2}/(?:19|20)\d{2})(?=\d)", "\\1\u2063", text)
    text = re.sub(r"(năm (?:19|20)\d{2})(?=\d)", "\\1\u2063", text)
    rows: list[dict] = []
    start = last_end = 0
    for match in _NUMBER.finditer(text):
        begin, end = match.start(), match.end()
        if begin > 0 and text[begin - 1].isdigit() and begin != last_end:
            continue  # inside a longer number
        last_end = end
        number = match.group(0)
        last = re.split(r"[-/]", number)[-1]
        if (
            end < len(text)
            and text[end].islower()
            and number[-2:].isupper()
            and last not in ISSUERS
            and not re.fullmatch(r"(?:UBTV)?QH\d{2}", last)
        ):
            end -= 1  # "TT-BCAThông tư": the last capital starts the next row
            number = number[:-1]
        if not is_clean_number(number.strip()):
            continue
        glued = begin > 0 and not text[begin - 1].isspace()
        name = text[start:begin].replace("\u2063", "").strip(" ,;")
        at_row_end = end >= len(text) or not text[end].islower() or text[end] == "\u2063"
        repeated = name.endswith(_core(number.strip()))  # "Nghị định 122/2017/NĐ-CP122/2017/NĐ-CPban hành …"
        glued_after = end < len(text) and text[end].isalpha() and text[end].islower()  # "…/QH14quy định …"
        # "… tín dụng 32/2024/QH15Số 73/2025/TT-NHNN": the next row glued to it (not its own number again)
        next_row = (
            end < len(text)
            and (text[end].isupper() or text[end].isdigit())
            and not text[end:].lstrip("\u2063").startswith(_core(number.strip()))
        )
        if not ((glued and (at_row_end or repeated)) or ((glued_after or next_row) and name)):
            continue
        if not name.strip(" .:-"):
            continue  # a number right after the last row's code: the next row's name begins with it
        rows.append(_row(name, number.strip()))
        start = end
    tail = text[start:].replace("\u2063", "").strip(" ,;")
    if tail.strip(" .:-"):
        rows.append(_row(tail, ""))
    return _merge_repeats([row for row in rows if row["name"].strip(" .:-")])


def _merge_repeats(rows: list[dict]) -> list[dict]:
    """The same document twice in a row (its name was only its number) is one row."""
    merged: list[dict] = []
    for row in rows:
        if merged and row["number"] and row["number"] == merged[-1]["number"] and row["name"] in (row["number"], ""):
            continue
        merged.append(row)
    return merged
