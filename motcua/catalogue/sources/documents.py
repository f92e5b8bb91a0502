"""Required documents (thành phần hồ sơ) read from the portal's flattened table.

The table is "Tên giấy tờMẫu đơn, tờ khaiSố lượng" glued before each section's rows, each row a
name, an optional template file name and a quantity ("1 bản chính", "0 bản chính,1 bản sao").
The rows are the record's legal text: besides the documents they hold headings ("* Giấy tờ phải
xuất trình:", "- Đối với phương tiện thương mại:"), cases ("Trường hợp ủy quyền …"), notes
("Trường hợp … thì không phải nộp …", "* Lưu ý", "Người tiếp nhận có trách nhiệm …") and the
same document again. This module keeps the documents, each with:

- ``kind``: "submit" (nộp) or "show" (xuất trình: shown at the counter, not handed in);
- ``required``: whether it must be handed in whenever its case applies ("(nếu có)": no);
- ``condition``: the case it is asked in ("Trường hợp ủy quyền", the section's case), empty
  for every applicant;
- ``note``: what the record says about it beyond its name;

and returns the notes and headings that are not documents apart. Pure Python, no Django.
"""

import re
import unicodedata

NO_INFO = "Không có thông tin"
HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_QUANTITY = re.compile(
    r"(?:(?P<orig>\d+)\s*[Bb]ản chính(?:\s*,\s*(?P<copy1>\d+)\s*[Bb]ản sao)?|(?P<copy2>\d+)\s*[Bb]ản sao)"
)
_TEMPLATE_EXT = re.compile(r"\.(?:docx?|xlsx?|pdf|rtf|odt|zip|rar)$", re.IGNORECASE)
_MARKS = " -–+•*.;:\t\n"
_SUBMIT = re.compile(r"^[*\s\-–+]*(?:các\s+)?giấy\s+tờ\s+(?:phải\s+)?nộp\b", re.IGNORECASE)
_SHOW = re.compile(
    r"^[*\s\-–+]*(?:(?:các\s+)?giấy\s+tờ\s+(?:phải\s+)?xuất\s+trình|xuất\s+trình\b(?!.*\bhoặc\s+gửi\b))", re.IGNORECASE
)
_NOTES = re.compile(r"^[*\s\-–+()]*(?:lưu\s+ý|ghi\s+chú|chú\s+ý)\b", re.IGNORECASE)
_PLAIN = re.compile(
    r"^[*\s\-–+]*(?:--|thành\s+phần\s+hồ\s+sơ(?:\s+gồm)?|hồ\s+sơ\s+gồm|hồ\s+sơ\s+bao\s+gồm|số\s+lượng\s+hồ\s+sơ)?[\s:.-]*$",
    re.IGNORECASE,
)
_CASE = re.compile(
    r"^[*\s\-–+]*(?:\(?[0-9ivx]+(?:\.[0-9]+)*[.)]\s*|[a-zđ]\)\s*|[a-zđ]\d?\)\s*)?(?:\(?\s*)?"
    r"(?:trường\s+hợp|đối\s+với|nếu|khi|áp\s+dụng\s+(?:đối\s+)?với|riêng)\b",
    re.IGNORECASE,
)
_PART = re.compile(
    r"^(?:\(?[0-9ivxIVX]+(?:\.[0-9]+)*[.)]\s*|[a-zđ]\)\s*)?(?:hồ\s+sơ|giấy\s+tờ|tài\s+liệu|thành\s+phần|phần|bộ\s+hồ\s+sơ"
    r"|các\s+giấy\s+tờ|văn\s+bản|bản\s+sao)\b",
    re.IGNORECASE,
)
_ONE_OF = re.compile(r"^(?:\(?[0-9ivx]+[.)]\s*|[a-zđ]\)\s*)?một\s+trong\s+(?:những|các|số)\b", re.IGNORECASE)
_INTRO = re.compile(
    r"(?:các\s+giấy\s+tờ\s+sau|giấy\s+tờ\s+sau\s+đây|hồ\s+sơ\s+(?:bao\s+)?gồm|bao\s+gồm|gồm\s+có|gồm|như\s+sau)\s*:?\s*$",
    re.IGNORECASE,
)
_NOTE_START = re.compile(
    r"^[*\s\-–+()]*(?:trường\s+hợp|lưu\s+ý|ghi\s+chú|chú\s+ý|người\s+tiếp\s+nhận|cơ\s+quan|cán\s+bộ|công\s+chức"
    r"|người\s+(?:có\s+)?yêu\s+cầu|người\s+đi|người\s+đề\s+nghị|cá\s+nhân\s+có\s+quyền|việc\s|đối\s+với|nếu|khi|trừ"
    r"|không\s|do\s|theo\s|tùy|tuỳ|trong\s+thời|sau\s+khi|thông\s+tin|các\s+giấy\s+tờ|giấy\s+tờ\s+do|bản\s+chụp\s+các"
    r"|số\s+lượng|hồ\s+sơ\s+(?:gửi|nộp|được)|\(\*\)|ví\s+dụ)",
    re.IGNORECASE,
)
_NOTE_WORDS = re.compile(
    r"\b(?:thì|có\s+trách\s+nhiệm|phải\s+bảo\s+đảm|phải\s+đảm\s+bảo|không\s+được\s+yêu\s+cầu|có\s+quyền|chịu\s+trách\s+nhiệm"
    r"|được\s+thay\s+thế|không\s+phải\s+(?:nộp|xuất\s+trình|tải)|có\s+thể\s+nộp|được\s+sử\s+dụng)\b",
    re.IGNORECASE,
)
# "Trường hợp X thì (phải) có/nộp/kèm theo Y": a document asked for in case X.
_ASKED = re.compile(
    r"^(?P<case>(?:trường\s+hợp|đối\s+với|nếu|khi)\b.{3,400}?)(?:(?:,\s*|\s+)thì\s+(?:người\s+[^,]{0,60}?\s+)?"
    r"(?:phải\s+|cần\s+|nộp\s+thêm\s+)?|\s+phải\s+(?:nộp\s+thêm\s+)?)"
    r"(?:có|nộp|kèm\s+theo|bổ\s+sung|cung\s+cấp|gửi\s+kèm(?:\s+theo)?|xuất\s+trình)\s+(?P<name>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_DOCUMENT_START = re.compile(
    r"^(?:\(?[0-9ivx]+[.)]\s*|[a-zđ]\)\s*)?(?:\d+\s+|một\s+\(0?1\)\s+|0\d\s+)?(?:bản|tờ|giấy|văn\s+bản|đơn|hợp\s+đồng|quyết\s+định|biên\s+bản"
    r"|báo\s+cáo|danh\s+sách|chứng\s+từ|chứng\s+chỉ|chứng\s+nhận|hộ\s+chiếu|sổ|thẻ|phiếu|ảnh|hình|tài\s+liệu|hồ\s+sơ"
    r"|phương\s+án|đề\s+án|dự\s+án|kế\s+hoạch|bảng|công\s+văn|thông\s+báo|trích\s+lục|căn\s+cước|mẫu|một\s+trong"
    r"|bộ|sơ\s+đồ|bản\s+đồ|bản\s+vẽ|thuyết\s+minh|hóa\s+đơn|hoá\s+đơn|lý\s+lịch|chương\s+trình|điều\s+lệ|quy\s+chế"
    r"|tờ\s+khai|phụ\s+lục|bằng|văn\s+bằng|giấy\s+phép|kết\s+quả|ý\s+kiến|biểu|dữ\s+liệu|thông\s+tin|các\s+loại"
    r"|bảo\s+lãnh|cam\s+kết|xác\s+nhận|chứng\s+thư|nghị\s+quyết|tờ\s+trình|đề\s+nghị|giấy\s+tờ|bản\s+sao|bản\s+chính)\b",
    re.IGNORECASE,
)
_OPTIONAL = re.compile(
    r"\(\s*nếu\s+có(?:\s+yêu\s+cầu)?\s*\)|\bnếu\s+có\b(?!\s+(?:yêu\s+cầu\s+)?(?:thì|,))", re.IGNORECASE
)
_INLINE_CASE = re.compile(
    r"\s*[,;(]?\s*\(?(?P<case>(?:trong|đối\s+với)\s+trường\s+hợp\s+[^()]{3,300}?|nếu\s+(?!có\b)[^()]{3,300}?)\)?\s*(?=$|[.;](?:\s|$))",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=(?:Trường hợp|Lưu ý|Ghi chú|Đối với|Nếu|Ví dụ|Riêng|Không yêu cầu|Khi)\b)")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[\u200b-\u200f\ufeff]", "", text)
    return re.sub(r"[ \t]+", " ", text)


def _strip(text: str) -> str:
    return text.strip(_MARKS).strip()


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def fold(text: str) -> str:
    """Lower case without diacritics, for comparing names."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


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


def split_template(row: str) -> tuple[str, str]:
    """'Tờ khai theo mẫu NA17Mau NA17.doc' → ('Tờ khai theo mẫu NA17', 'Mau NA17.doc')."""
    if not _TEMPLATE_EXT.search(row):
        return row.strip(), ""
    for index in range(len(row) - 1, 0, -1):
        before, here = row[index - 1], row[index]
        if (
            before in ")]"
            or (before == "." and here.isupper() and index > 1 and row[index - 2].isalpha())
            or (before.isalpha() and (here.isupper() or here.isdigit()) and before.islower())
            or (before.isupper() and here.isupper() and index + 1 < len(row) and row[index + 1].islower())
        ):
            name, template = row[:index].strip(), row[index:].strip()
            if name and len(template) <= 200:
                return name, template
    return row.strip(), row.strip()


def table_rows(text: str) -> list[dict]:
    """The table as it is: each row's section heading, text, template and quantity."""
    text = _clean(text)
    if not text.strip() or text.strip() == NO_INFO:
        return []
    sections = text.split(HEADER)
    rows: list[dict] = []
    heading = ""
    for index, section in enumerate(sections):
        if index == 0:
            heading = section.strip(" -:")
            continue
        body, next_heading = section, ""
        if index + 1 < len(sections):
            # the text after the last quantity of this section heads the next one
            quantities = list(_QUANTITY.finditer(body))
            if quantities:
                last = quantities[-1]
                body, next_heading = body[: last.end()], body[last.end() :].strip(" -:")
            else:
                body, next_heading = "", body.strip(" -:")
        matches = list(_QUANTITY.finditer(body))
        start = 0
        for position, match in enumerate(matches):
            if position + 1 < len(matches) and matches[position + 1].start() == match.end():
                continue  # "01 bản chính0 bản chính": the first belongs to the name
            row = body[start : match.start()]
            quantity = match.group(0)
            glued = re.match(r"\d+", quantity)
            if glued and int(glued.group(0)) > 10 and not glued.group(0).startswith("0"):
                # a count glued to the digits the name ends in ("… năm 2026" + "1 bản chính")
                row += glued.group(0)[:-1]
                quantity = quantity[glued.end() - 1 :]
            start = match.end()
            name, template = split_template(row.strip(" ;"))
            rows.append({"section": heading, "text": name, "template": template, "quantity": quantity.strip()})
        tail = body[start:].strip(" ;")
        if tail and not matches:
            name, template = split_template(tail)
            rows.append({"section": heading, "text": name, "template": template, "quantity": ""})
        heading = next_heading
    return rows


def _section(heading: str) -> tuple[str, str, str]:
    """A section heading → (kind of its rows, group shown, case it stands for)."""
    text = _strip(heading)
    if _NOTES.match(text):
        return "note", "", ""
    if _SHOW.match(text):
        return "show", "", ""
    if _SUBMIT.match(text) or _PLAIN.match(text) or not text:
        return "submit", "", ""
    if _PART.match(text) and not re.search(r"trường\s+hợp|đối\s+với", text, re.IGNORECASE):
        return "submit", text[:500], ""  # one part of the dossier ("Hồ sơ của người nhận con nuôi")
    # the portal lists documents per case of the procedure: any other heading names one
    return "submit", text[:500], text[:500]


def _is_heading(text: str, originals: int, copies: int) -> bool:
    return text.rstrip().endswith(":") and originals + copies == 0 and len(text) < 400


def _is_note(text: str, originals: int, copies: int) -> bool:
    body = _strip(text)
    if len(body) < 3 or fold(body) in ("khong quy dinh", "khong", "khong co"):
        return True
    if _NOTES.match(body):
        return True
    if originals + copies == 0:
        if _DOCUMENT_START.match(body) and not _NOTE_WORDS.search(body[:200]):
            return False
        return bool(_NOTE_START.match(body) or _NOTE_WORDS.search(body) or not _DOCUMENT_START.match(body))
    # a count is given (often the portal's default "1 bản chính"): still a note when the row
    # is a sentence about how the dossier is handled, not a document
    if _ASKED.match(body):
        return False
    return bool(_NOTE_START.match(body) and _NOTE_WORDS.search(body) and not _DOCUMENT_START.match(_strip(body)))


def _split_name(text: str) -> tuple[str, str, str, bool]:
    """A document row → (name, condition, note, optional)."""
    body = _strip(text)
    condition = ""
    asked = _ASKED.match(body)
    if asked:
        condition = _strip(asked.group("case"))
        body = _capitalise(_strip(asked.group("name")))
    parts = _SENTENCE.split(body, maxsplit=1)
    name, note = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    # "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp …": the alternative is a note
    alternative = re.search(r";\s*(?=(?:trường\s+hợp|nếu)\s)", name, re.IGNORECASE)
    if alternative:
        note = " ".join(filter(None, [_capitalise(name[alternative.end() :].strip()), note]))
        name = name[: alternative.start()]
    # "(Không yêu cầu … khi …)" after the name is a note
    remark = re.search(r"\s*\((?=(?:không\s+yêu\s+cầu|không\s+phải|trường\s+hợp\s+đã|lưu\s+ý))", name, re.IGNORECASE)
    if remark:
        note = " ".join(filter(None, [name[remark.start() :].strip(" ()"), note]))
        name = name[: remark.start()]
    first_clause = name.split(";")[0]
    optional = bool(_OPTIONAL.search(first_clause)) or bool(re.search(r"\(\s*nếu\s+có\s*\)\s*$", name, re.I))
    inline = None if condition or ";" in name or len(name) > 400 else _INLINE_CASE.search(name)
    if inline and inline.start() > 15:
        condition = _strip(inline.group("case"))
        name = name[: inline.start()] + name[inline.end() :]
    name = _capitalise(_balanced(_strip(name))) or _capitalise(_strip(text))
    return name, condition, note, optional


def _balanced(text: str) -> str:
    """Close the parentheses a cut left open."""
    missing = text.count("(") - text.count(")")
    return text + ")" * missing if missing > 0 else text


def parse_documents(text: str) -> tuple[list[dict], list[str]]:
    """thanh_phan_ho_so → (documents, notes).

    Each document: group, name, template_name, originals, copies, quantity_text, kind,
    required, condition, note. Notes are the rows that are not documents (headings that only
    introduce a list are dropped), each prefixed with its case when it has one."""
    documents: list[dict] = []
    notes: list[str] = []
    seen: dict[tuple[str, str, str], dict] = {}
    sub_case, sub_section = "", None
    for row in table_rows(text):
        kind, group, case = _section(row["section"])
        if row["section"] is not sub_section:
            sub_case, sub_section = "", row["section"]
        originals, copies = parse_quantity(row["quantity"])
        body = _strip(row["text"])
        if not body:
            continue
        if kind == "note":
            notes.append(body)
            continue
        if _is_heading(row["text"], originals, copies):
            heading = body.rstrip(":").strip()
            if _INTRO.search(body) or not _CASE.match(heading):
                sub_case = ""
                if not _INTRO.search(body):
                    notes.append(body)
            else:
                sub_case = heading[:300]
            continue
        if _is_note(row["text"], originals, copies):
            notes.append(" – ".join(filter(None, [case or sub_case, body])))
            continue
        name, condition, note, optional = _split_name(row["text"])
        conditions = [c for c in (case, sub_case, condition) if c]
        show = kind == "show" or bool(re.match(r"xuất\s+trình\b", name, re.IGNORECASE))
        document = {
            "group": group,
            "name": name[:2000],
            "template_name": row["template"],
            "originals": originals,
            "copies": copies,
            "quantity_text": row["quantity"][:300],
            "kind": "show" if show else "submit",
            "required": not optional,
            "condition": "; ".join(dict.fromkeys(conditions))[:1000],
            "note": note[:2000],
        }
        key = (group, document["condition"], fold(name)[:150])
        if key in seen:
            kept = seen[key]  # the same document again in the same case
            kept["originals"] = max(kept["originals"], originals)
            kept["copies"] = max(kept["copies"], copies)
            kept["template_name"] = kept["template_name"] or row["template"]
            kept["required"] = kept["required"] or document["required"]
            if note and note not in kept["note"]:
                kept["note"] = " ".join(filter(None, [kept["note"], note]))[:2000]
            continue
        seen[key] = document
        document["_raw"] = fold(row["text"])
        documents.append(document)
    return _without_listed_alternatives(documents), list(dict.fromkeys(notes))


def _without_listed_alternatives(documents: list[dict]) -> list[dict]:
    """Drop a document that a "Một trong những giấy tờ … bao gồm: + A + B" row of the same case
    already lists as one of its alternatives (the land certificates of a building permit)."""
    kept = []
    for document in documents:
        own = fold(document["name"])
        listed = len(own) >= 30 and any(
            other is not document
            and other["group"] == document["group"]
            and other["condition"].split("; ")[0] == document["condition"].split("; ")[0]
            and _ONE_OF.match(other["name"])
            and own in other["_raw"]
            for other in documents
        )
        if not listed:
            kept.append(document)
    for document in kept:
        document.pop("_raw", None)
    return kept
