"""Fees (phí) and charges (lệ phí) as the published records write them.

The portal's fee cell holds an amount ("135,000 Việt Nam Đồng", "20,000 VNĐ", "10 USD"), or
"Miễn phí", or "Không có thông tin", then a remark in parentheses. "Miễn phí" is also what the
portal prints when nobody typed an amount, so the remark decides: "Lệ phí cấp giấy phép lái xe:
135.000 đồng/lần" is an amount, "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định" is an
amount set by the province (unknown here), "Theo quy định của Luật phí và lệ phí" one set by a
regulation, "Miễn lệ phí", "Không" and "Không thu" are free. A remark may hold several amounts
for several cases (per page, from the third page, online until a date): each is one row.
Amounts the cell gives in VND below 1,000 are thousands (the portal's form asks for thousands
in some ministries: "100 VNĐ (100.000 đồng/lần)").
Pure Python, no Django.
"""

import re
import unicodedata
from datetime import date

from motcua.catalogue.sources.time_limits import VN_LOWER, VN_UPPER

NO_INFO = "Không có thông tin"
_CURRENCY = r"(?:Việt\s*Nam\s*Đồng|VNĐ|VND|vnđ|vnd|đồng|Đồng|đ(?![\w])|Đ(?![\w])|USD)"
_NUMBER = r"\d{1,3}(?:[.,]\d{3})+|\d+"
_CELL_AMOUNT = re.compile(r"^(?P<kind>Lệ phí|Phí)?\s*:?\s*(?P<number>" + _NUMBER + r")\s*(?P<unit>" + _CURRENCY + ")")
_CELL_PER = re.compile(rf"^\s*/\s*(?P<per>[{VN_LOWER}]+(?:\s[{VN_LOWER}]+){{0,3}})")  # "50.000 đồng/lần"
_FREE_CELL = re.compile(
    r"^(Miễn phí|Miễn lệ phí|Không thu phí|0 đồng|(?:Không thu|Không)(?-i:(?![^\W\d_])))", re.IGNORECASE
)
_AMOUNT = re.compile(
    r"(?<![\d/.,])(?P<number>" + _NUMBER + r")\s*(?P<unit>" + _CURRENCY + r")"
    r"(?:\s*/\s*(?P<per>(?:\d+\s+)?[^\s,;.()/]+(?:\s+(?!đối\b|trường\b|nếu\b|từ\b|kể\b|áp\b)[^\s,;.()/]+){0,2}))?"
)
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")
_CAP = re.compile(r"(?:tối\s+đa|không\s+quá|tối\s+thiểu)[^\d]{0,30}$", re.IGNORECASE)
_PROVINCE = re.compile(
    r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND|Ủy\s+ban\s+nhân\s+dân\s+(?:cấp\s+)?tỉnh|Uỷ\s+ban\s+nhân\s+dân\s+(?:cấp\s+)?tỉnh"
    r"|UBND\s+(?:cấp\s+)?tỉnh)",
    re.IGNORECASE,
)
_LAW = re.compile(
    r"(?:theo\s+quy\s+định|thực\s+hiện\s+theo|áp\s+dụng\s+theo|theo\s+(?:mức|biểu)|quy\s+định\s+tại|theo\s+Thông\s+tư"
    r"|theo\s+Nghị\s+định|theo\s+Luật|Thông\s+tư\s+số|Nghị\s+quyết\s+số|căn\s+cứ\s+(?:quy\s+định|theo|Thông|Nghị))",
    re.IGNORECASE,
)
_NOTHING = re.compile(
    r"^[\s(\-–+.:]*(?:không|không\s+có|không\s+quy\s+định|chưa\s+quy\s+định|không\s+thu|không\s+thu\s+phí"
    r"|không\s+thu\s+lệ\s+phí|miễn\s+lệ\s+phí|miễn\s+phí|miễn\s+thu|miễn|không\s+phải\s+nộp|không\s+mất\s+phí"
    r"|không\s+có\s+phí|0\s+đồng)[\s).,;:]*$",
    re.IGNORECASE,
)
_EXEMPT = re.compile(
    r"(?:miễn\s+(?:lệ\s+phí|phí|thu)|không\s+(?:thu|phải\s+nộp)\s+(?:lệ\s+phí|phí)?)(?P<who>.*)", re.IGNORECASE
)
_FREE_START = re.compile(
    r"^[\s(\-–+.:]*(?:không\s+thu|không\s+quy\s+định|không\s+được\s+quy\s+định|miễn\s+lệ\s+phí|miễn\s+phí|miễn\s+thu"
    r"|không\s+phải\s+nộp|không\s+có)",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"(?:(?:từ|kể\s+từ)\s+ngày\s+(?P<from>\d{1,2}/\d{1,2}/\d{4}))?\s*(?:đến\s+(?:hết\s+)?ngày\s+(?P<to>\d{1,2}/\d{1,2}/\d{4}))",
    re.IGNORECASE,
)
_FROM = re.compile(r"(?:từ|kể\s+từ)\s+ngày\s+(?P<from>\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_ONLINE = re.compile(r"trực\s+tuyến|qua\s+mạng|môi\s+trường\s+điện\s+tử|dịch\s+vụ\s+công\s+trực", re.IGNORECASE)
_CASE = re.compile(r"(?:trường\s+hợp|đối\s+với|nếu|từ\s+trang|áp\s+dụng\s+cho|khi\s)", re.IGNORECASE)


def _clean(text: str) -> str:
    return re.sub(r"[\u200b-\u200f\ufeff]", "", unicodedata.normalize("NFC", text or "")).strip()


def parse_number(text: str) -> int | None:
    """'10,000' and '10.000' are ten thousand (thousands separators); '150' is 150."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"\d+", text):
        return int(text)
    return None


def _currency(unit: str) -> str:
    return "USD" if unit == "USD" else "VND"


def _kind(text: str) -> str:
    """'Lệ phí …' is a charge, 'Phí …' a fee; the first one named wins."""
    charge = re.search(r"lệ\s+phí", text, re.IGNORECASE)
    fee = re.search(r"(?<!lệ )(?<!Lệ )\bphí\b", text, re.IGNORECASE)
    if charge and (not fee or charge.start() <= fee.start()):
        return "charge"
    if fee:
        return "fee"
    return ""


def _date(text: str | None) -> date | None:
    if not text:
        return None
    day, month, year = (int(part) for part in text.split("/"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _row(**values: object) -> dict:
    row: dict[str, object] = {
        "kind": "",
        "amount": None,
        "currency": "VND",
        "channel": "",
        "description": "",
        "valid_from": None,
        "valid_to": None,
        "per": "",
        "condition": "",
        "set_by": "",
    }
    row.update(values)
    return row


def balanced_prefix(text: str) -> int:
    """Length of a leading '( ... )' group, nested parentheses included; 0 if none."""
    if not text.startswith("("):
        return 0
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index + 1
    return len(text)


def split_fee_cell(text: str) -> tuple[str, str]:
    """The fee cell at the start of ``text`` (amounts and their remarks) and what follows it
    (the description cell)."""
    rest = _clean(text)
    cell = ""
    while rest:
        if rest.startswith(NO_INFO):
            cell += rest[: len(NO_INFO)]
            rest = rest[len(NO_INFO) :]
            break
        match = _CELL_AMOUNT.match(rest) or _FREE_CELL.match(rest)
        if not match:
            break
        cell += rest[: match.end()]
        rest = rest[match.end() :]
        per = _CELL_PER.match(rest) if match.re is _CELL_AMOUNT else None
        if per:
            cell += rest[: per.end()]
            rest = rest[per.end() :]
        remark = balanced_prefix(rest)
        if remark:
            cell += rest[:remark]
            rest = rest[remark:]
    return cell.strip(), rest.strip()


def _clauses(remark: str) -> list[str]:
    """A remark cut into its sentences and list items, parentheses kept whole."""
    parts, depth, current = [], 0, ""
    index = 0
    while index < len(remark):
        char = remark[index]
        depth += {"(": 1, ")": -1}.get(char, 0)
        depth = max(depth, 0)
        boundary = False
        if depth == 0:
            if char == ";" or (char == "." and re.match(rf"\s+[{VN_UPPER}\-+]", remark[index + 1 : index + 3] + " ")):
                boundary = True
            elif char in "-+" and index > 0 and remark[index - 1] == " " and current.strip():
                parts.append(current)
                current = char
                index += 1
                continue
            elif char == "\n":
                boundary = True
        if boundary:
            parts.append(current)
            current = ""
        else:
            current += char
        index += 1
    parts.append(current)
    return [part.strip(" -+.;:\n\t") for part in parts if part.strip(" -+.;:\n\t()")]


def _amounts_in(clause: str) -> list[dict]:
    rows = []
    for match in _AMOUNT.finditer(clause):
        if _CAP.search(clause[: match.start()][-40:]):
            continue  # "tối đa thu không quá 200.000 đồng/bản" is a cap, not a rate
        number = parse_number(match.group("number"))
        if number is None:
            continue
        per = (match.group("per") or "").strip()
        per = re.sub(r"\s+", " ", per)
        if re.fullmatch(r"\d{1,2}", per) or re.match(r"\d{4}", per):
            per = ""  # a date or a reference after the slash, not a unit
        rows.append(
            {
                "amount": number,
                "currency": _currency(match.group("unit")),
                "per": per[:100],
                "start": match.start(),
            }
        )
    return rows


def _tidy_condition(text: str) -> str:
    text = _PERIOD.sub("", text)
    text = _FROM.sub("", text)
    text = re.sub(r"[\s,:]*(?:áp\s+dụng\s+)?(?:mức\s+)?(?:thu\s+)?(?:lệ\s+phí|phí)?\s*(?:là|thu)?\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip(" :,-–")[:300]


def _condition(clause: str, start: int) -> str:
    """The case a rate applies to, as the clause words it ("từ trang thứ 3 trở lên",
    "Trường hợp nộp hồ sơ trực tuyến")."""
    before = clause[:start]
    match = _CASE.search(before)
    if match:
        return _tidy_condition(before[match.start() :])
    after = clause[start:]
    match = re.search(r"\((?P<case>(?:đối với|trường hợp|áp dụng)[^)]*)\)", after, re.IGNORECASE)
    if match:
        return match.group("case").strip()[:300]
    return ""


def parse_remark(remark: str, *, kind: str = "") -> list[dict]:
    """The rows a fee remark states (several amounts, an exemption, an amount set elsewhere)."""
    remark = _clean(remark)
    rows: list[dict] = []
    if not remark:
        return rows
    if _NOTHING.match(remark):
        return [_row(kind=kind, amount=0, description=remark[:300])]
    for clause in _clauses(remark):
        amounts = _amounts_in(clause)
        period = _PERIOD.search(clause)
        valid_from = _date(period.group("from")) if period else None
        valid_to = _date(period.group("to")) if period else None
        if period is None:
            start = _FROM.search(clause)
            valid_from = _date(start.group("from")) if start else None
        online = "online" if _ONLINE.search(clause) else ""
        if amounts:
            for found in amounts:
                condition = _condition(clause, found["start"])
                rows.append(
                    _row(
                        kind=_kind(clause) or kind,
                        amount=found["amount"],
                        currency=found["currency"],
                        channel=online,
                        description=clause[:500],
                        per=found["per"],
                        condition=condition,
                        valid_from=valid_from,
                        valid_to=valid_to,
                    )
                )
            continue
        if _PERCENT.search(clause):
            rows.append(_row(kind=_kind(clause) or kind, description=clause[:500], valid_from=valid_from))
            continue
        exempt = _EXEMPT.search(clause)
        if _FREE_START.match(clause) or (exempt and exempt.start() < 5):
            who = (exempt.group("who") if exempt else "").strip(" .,:;")
            if re.match(r"(?:đối với|cho|với)\s", who, re.IGNORECASE):
                rows.append(_row(kind=_kind(clause) or kind, amount=0, description=clause[:500], condition=who[:300]))
            else:
                rows.append(_row(kind=_kind(clause) or kind, amount=0, description=clause[:500]))
            continue
        if _PROVINCE.search(clause) and not any(r.get("set_by") == "province" for r in rows):
            if_any = bool(re.search(r"nếu\s+có", clause, re.IGNORECASE))
            rows.append(
                _row(
                    kind=_kind(clause) or kind,
                    description=clause[:500],
                    set_by="province",
                    condition="nếu có" if if_any else "",
                )
            )
            continue
        settled = any(r["amount"] is not None and not r["condition"] for r in rows)
        if _LAW.search(clause) and not (settled and not _kind(clause)) and not (settled and "trang" in clause):
            optional = re.search(r"\(?nếu\s+có[^)]*\)?", clause, re.IGNORECASE)
            rows.append(
                _row(
                    kind=_kind(clause) or kind,
                    description=clause[:500],
                    set_by="law",
                    condition=optional.group(0).strip("() ") if optional else "",
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
            )
            continue
        if rows:
            # a clause that states no rate of its own continues the one before ("…; người
            # thuộc hộ nghèo; người khuyết tật")
            last = rows[-1]
            last["description"] = f"{last['description']}; {clause}"[:500]
            if last["condition"] and last["amount"] == 0:
                last["condition"] = f"{last['condition']}; {clause}"[:300]
    return rows


def parse_fee_cell(text: str) -> tuple[list[dict], str]:
    """The fee cell at the start of ``text``: its rows and the text after it (the description).

    Rows have kind (fee, charge or ""), amount (None when the record gives none), currency,
    channel (filled by the caller), description, valid_from/valid_to, per (the unit an amount
    is charged by: "lần", "trang"), condition (the case it applies to) and set_by ("province"
    when the provincial People's Council sets it, "law" when a regulation does, else "")."""
    cell, rest = split_fee_cell(text)
    rows: list[dict] = []
    position = cell
    while position:
        if position.startswith(NO_INFO):
            break
        amount = _CELL_AMOUNT.match(position)
        free = None if amount else _FREE_CELL.match(position)
        matched = amount or free
        if matched is None:
            break
        position = position[matched.end() :]
        cell_per = _CELL_PER.match(position) if amount else None
        if cell_per:
            position = position[cell_per.end() :]
        size = balanced_prefix(position)
        remark = position[1 : size - 1] if size and position[size - 1 : size] == ")" else position[1:size]
        position = position[size:] if size else position
        while remark.startswith("(") and balanced_prefix(remark) == len(remark) and remark.endswith(")"):
            remark = remark[1:-1]  # "((…))" is "(…)"
        remark_rows = parse_remark(remark, kind=_kind(amount.group("kind") or "") if amount else "")
        if amount:
            currency = _currency(amount.group("unit"))
            number = parse_number(amount.group("number"))
            if number is not None and currency == "VND" and 0 < number < 1000:
                number *= 1000  # given in thousands
            kind = {"Lệ phí": "charge", "Phí": "fee"}.get(amount.group("kind") or "", "")
            same = [r for r in remark_rows if r["amount"] == number and r["currency"] == currency]
            if same:
                main = same[0]
                main["kind"] = main["kind"] or kind
                rows.append(main)
                rows.extend(r for r in remark_rows if r is not main)
            else:
                per = cell_per.group("per") if cell_per else ""
                per_match = re.match(r"^\s*/\s*([^\s(),;.]+(?:\s[^\s(),;.]+){0,2})\s*$", remark)
                if per_match:
                    per = per_match.group(1)
                description = "" if per_match else remark.strip()
                province = [r for r in remark_rows if r["set_by"] == "province" and r["amount"] is None]
                remark_rows = [r for r in remark_rows if r not in province]
                rows.append(
                    _row(
                        kind=kind or next((r["kind"] for r in remark_rows if r["kind"]), "") or _kind(remark),
                        amount=number,
                        currency=currency,
                        per=per[:100],
                        description=description[:500],
                        # the figure as published; the provincial People's Council sets the rate
                        set_by="province" if province else "",
                    )
                )
                rows.extend(r for r in remark_rows if r["amount"] is None or r["amount"] != number)
        elif free is not None:
            if remark_rows:
                rows.extend(remark_rows)
            elif remark.strip() and not _NOTHING.match(remark):
                # "Miễn phí(Phí thẩm định)": a fee is named, its amount is not.
                rows.append(_row(kind=_kind(remark), description=remark.strip()[:500]))
            else:
                rows.append(_row(amount=0, description=" ".join(filter(None, [free.group(1), remark.strip()]))))
    return _dedupe(rows), rest


def _dedupe(rows: list[dict]) -> list[dict]:
    seen, unique = set(), []
    for row in rows:
        key = tuple(sorted((k, str(v)) for k, v in row.items() if k != "description"))
        if key in seen:
            continue
        seen.add(key)
        unique.append(row)
    return unique


def state_of(rows: list[dict]) -> str:
    """How far a procedure's fee rows answer "what does it cost": "amount" (a figure, free
    included), "province" (set by the provincial People's Council), "law" (set by a
    regulation the record names), "" (not said)."""
    if any(r["amount"] is not None for r in rows):
        return "amount"
    if any(r.get("set_by") == "province" for r in rows):
        return "province"
    if any(r.get("set_by") == "law" for r in rows):
        return "law"
    return ""
