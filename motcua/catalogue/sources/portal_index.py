"""Index rows of the national portal's procedure list into exchange-format records (records.py).

An index row knows a procedure's national code, name, field, levels, type, issuing ministry and
its page on the national portal, nothing more: the record it gives is ``record_status =
"index_only"``, with no steps, documents, fees or time limit (data/SOURCES.md). Where it is
performed in Đà Nẵng is left to the routing table (``agencies`` absent): the performing body the
row names is another province's wording and is not copied.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

INDEX_ONLY = "index_only"
SOURCE = (
    "Chỉ mục thủ tục của Cổng Dịch vụ công quốc gia (bản thu thập duynghiaqn/Crawler-TTHC, "
    "data-gl/index.json, commit 0ee18a4)"
)
LEVELS = {"cấp tỉnh": "city", "cấp xã": "commune"}
# The ministries as the index spells them, in their official spelling.
MINISTRY_NAMES = {
    "bộ công thương": "Bộ Công Thương",
    "bộ y tế": "Bộ Y tế",
    "bộ giáo dục và đào tạo": "Bộ Giáo dục và Đào tạo",
    "bộ nội vụ": "Bộ Nội vụ",
    "bộ khoa học và công nghệ": "Bộ Khoa học và Công nghệ",
    "bộ văn hóa, thể thao và du lịch": "Bộ Văn hóa, Thể thao và Du lịch",
    "bộ dân tộc và tôn giáo": "Bộ Dân tộc và Tôn giáo",
    "bộ ngoại giao": "Bộ Ngoại giao",
}
# Words an all-capitals name keeps capitalised once put in sentence case.
_PROPER = {"việt nam": "Việt Nam", "nhà nước": "Nhà nước", "trung ương": "Trung ương"}


def portal_id(url: str) -> str:
    """The portal's id of a procedure: the last part of its page's address."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def ministry_name(text: str) -> str:
    text = " ".join(text.split())
    return MINISTRY_NAMES.get(text.lower(), text)


def procedure_name(text: str) -> str:
    """The published name; one written in capitals only is put in sentence case."""
    name = " ".join(text.split()).rstrip(".").strip()
    if name.isupper():
        name = name.lower()
        for lower, proper in _PROPER.items():
            name = name.replace(lower, proper)
        name = name[:1].upper() + name[1:]
    return name


def levels(text: str) -> list[str]:
    """Đà Nẵng's levels among the portal's ("Cấp xã, Cấp tỉnh, Cấp Bộ, Cơ quan khác"): the
    ministry level and "other bodies" are not levels of the city's government."""
    found = {LEVELS[part.strip().lower()] for part in text.split(",") if part.strip().lower() in LEVELS}
    return [level for level in ("city", "commune") if level in found]


def index_record(row: dict[str, Any]) -> dict[str, Any]:
    """One index row as an exchange-format record (``agencies`` absent: the routing decides)."""
    return {
        "code": row["ma_thu_tuc"].strip(),
        "name": procedure_name(row["ten_thu_tuc"]),
        "field": " ".join(row["linh_vuc"].split()),
        "levels": levels(row.get("cap_thuc_hien") or ""),
        "status": "published",
        "record_status": INDEX_ONLY,
        "procedure_type": (row.get("loai_thu_tuc") or "").strip(),
        "issuing_body": ministry_name(row.get("co_quan_ban_hanh") or ""),
        "source": SOURCE,
        "source_url": (row.get("detail_url") or "").strip(),
    }


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSON-lines file, gzip-compressed or not."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def index_records(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [index_record(row) for row in rows]
