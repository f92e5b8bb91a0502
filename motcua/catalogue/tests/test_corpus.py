"""The parser over the whole shipped crawl (motcua/catalogue/sources/data): how many records each
field is read from, with floors at what the parser reaches today, so these numbers only go up.
Run with ``-s`` to see the figures.

What counts, per procedure with a full record (1,601):

- time limit: a value and unit the working-time calendar turns into a due date (a bare number
  read in working days counts, and is counted apart);
- fee: an amount (free included), or an amount stated as set by the provincial People's Council
  or by a named regulation;
- documents: at least one document, and at least one marked as asked of every applicant;
- legal basis: rows whose number has the shape of a legal document number, and rows still
  garbled (a bad number, or a name with a number glued into the next row: "QH1228/2009");
- result: a result that is the document issued, not a refusal.

Plain functions and the calendar: no database.
"""

import re
from collections import Counter
from datetime import datetime
from functools import cache
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

from motcua.catalogue.sources import channels as channel_parser
from motcua.catalogue.sources import fees as fee_parser
from motcua.catalogue.sources import legal, time_limits
from motcua.catalogue.sources import national_portal as portal
from motcua.workflow.calendar import WorkingCalendar

RAW = Path(portal.__file__).resolve().parent / "data"
GLUED = re.compile(
    rf"\d/\d{{4}}/[A-ZĐ-]+\d*[{time_limits.VN_LOWER}]|QH\d{{3}}|[{time_limits.VN_LOWER}]\d{{1,4}}/\d{{4}}/"
)
RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
CALENDAR = WorkingCalendar()

# Floors: what the parser reaches on the shipped crawl today (raise them when it reads more).
FLOORS = {
    "time_due_date": 1554,  # of 1,601: 97.1%
    "fee_stated": 1405,
    "documents": 1564,
    "documents_always_required": 1261,
    "legal_rows_clean": 0.997,
    "legal_rows_garbled": 0.022,  # a ceiling: 21% with the parser before
    "result_issued": 1590,
    # of the 696 procedures a commune People's Committee handles (105 of them have no full record,
    # 76 of those no time limit at all)
    "commune_time_due_date": 590,
    "commune_fee_stated": 587,
}


@cache
def full_records() -> list[dict]:
    return [portal.parse_record(raw) for raw in portal.read_crawl(RAW / "national_procedures.jsonl.gz")]


@cache
def catalogue() -> list[dict]:
    return portal.build_catalogue(RAW / "procedures.csv.gz", RAW / "national_procedures.jsonl.gz")


def yields_due_date(record: dict) -> bool:
    time = record.get("processing_time") or {}
    if time.get("value") is None or not time.get("unit"):
        return False
    return CALENDAR.due(RECEIVED, time["value"], time["unit"]) is not None


def time_source(record: dict) -> str:
    time = record.get("processing_time") or {}
    text = time.get("text") or ""
    if not yields_due_date(record):
        said = [c["time_text"] + " " + c["description"] for c in record["channels"]] + [text]
        return "none stated" if any(time_limits.says_no_limit(t) for t in said) else "missing"
    if channel_parser.BARE_AS_WORKING_DAYS in text:
        return "bare number, read as working days"
    if "(không ghi đơn vị;" in text:
        return "bare number, unit from the record's text"
    if any(c["time_text"] == text and channel_parser._TIME_CELL.match(text) for c in record["channels"]):
        return "time cell"
    return "words of the record"


REFUSAL_FIRST = re.compile(
    r"^\W*(?:văn\s+bản|phiếu|thông\s+báo)?\s*(?:thông\s+báo\s+)?(?:từ\s+chối|không\s+(?:cấp|chấp\s+thuận|đủ))",
    re.IGNORECASE,
)


def result_is_issued(record: dict) -> bool:
    """A result that does not begin as a refusal ("Văn bản từ chối …", "Phiếu từ chối …")."""
    result = record.get("result") or ""
    return bool(result) and not REFUSAL_FIRST.match(result)


def figures(records: list[dict]) -> dict:
    rows = [row for record in records for row in record["legal_basis"]]
    slots = [len(r["documents"]) for r in records if r["documents"]]
    return {
        "records": len(records),
        "time_due_date": sum(yields_due_date(r) for r in records),
        "time_sources": Counter(time_source(r) for r in records),
        "time_units": Counter((r["processing_time"] or {}).get("unit") or "-" for r in records if yields_due_date(r)),
        "fee_states": Counter(fee_parser.state_of(r["fees"]) or "not stated" for r in records),
        "fee_free": sum(
            bool(r["fees"]) and all(f["amount"] == 0 for f in r["fees"] if not f["condition"]) for r in records
        ),
        "fee_stated": sum(bool(fee_parser.state_of(r["fees"])) for r in records),
        "documents": sum(bool(r["documents"]) for r in records),
        "documents_always_required": sum(
            any(d["required"] and not d["condition"] for d in r["documents"]) for r in records
        ),
        "document_slots_median": median(slots) if slots else 0,
        "document_slots_max": max(slots, default=0),
        "document_notes": sum(bool(r.get("documents_note")) for r in records),
        "legal_rows": len(rows),
        "legal_rows_clean": sum(legal.is_clean_number(row["number"]) for row in rows) / max(len(rows), 1),
        "legal_rows_garbled": sum(
            not legal.is_clean_number(row["number"]) or bool(GLUED.search(row["name"])) for row in rows
        )
        / max(len(rows), 1),
        "legal_with_date": sum(bool(row["date"]) for row in rows),
        "result_issued": sum(result_is_issued(r) for r in records),
        "result_refusal_apart": sum(bool(r.get("result_refusal")) for r in records),
    }


def show(title: str, numbers: dict) -> None:
    print(f"\n{title}")
    for key, value in numbers.items():
        print(f"  {key}: {dict(value.most_common()) if isinstance(value, Counter) else value}")


def test_every_field_of_the_full_records_parses_at_least_as_well_as_before():
    numbers = figures(full_records())
    show("Procedures with a full record", numbers)
    assert numbers["records"] == 1601
    for key in ("time_due_date", "fee_stated", "documents", "documents_always_required", "result_issued"):
        assert numbers[key] >= FLOORS[key], (key, numbers[key])
    assert numbers["legal_rows_clean"] >= FLOORS["legal_rows_clean"], numbers["legal_rows_clean"]
    assert numbers["legal_rows_garbled"] <= FLOORS["legal_rows_garbled"], numbers["legal_rows_garbled"]
    assert numbers["time_due_date"] / numbers["records"] >= 0.97
    assert numbers["document_slots_median"] <= 5


def test_the_procedures_a_commune_peoples_committee_handles():
    from motcua.catalogue import selectors

    extra = portal.json.loads((selectors.DATA_DIR / "extra" / "procedures.json").read_text(encoding="utf-8"))
    by_code = {record["code"]: record for record in catalogue()}
    by_code.update({record["code"]: record for record in extra})  # the hand-added ones correct the crawl
    commune = [record for record in by_code.values() if "commune" in record["levels"]]
    numbers = figures(commune)
    show("Procedures at commune level (every ward's People's Committee)", numbers)
    assert numbers["records"] == 696
    assert numbers["time_due_date"] >= FLOORS["commune_time_due_date"]
    assert numbers["fee_stated"] >= FLOORS["commune_fee_stated"]


def test_the_texts_that_give_no_due_date_are_few_and_listed():
    missing = [r for r in full_records() if not yields_due_date(r)]
    print(f"\nNo due date ({len(missing)}):")
    for record in missing:
        texts = {c["time_text"] or "(trống)" for c in record["channels"]} or {"(không có cách thức)"}
        print(f"  {record['code']} {record['name'][:60]}: {'; '.join(sorted(texts))[:100]}")
    assert len(missing) <= 1601 - FLOORS["time_due_date"]


def test_the_shipped_catalogue_is_what_the_parser_makes():
    """motcua/catalogue/data/national_procedures.json.gz is rebuilt by build_catalogue_data."""
    import gzip
    import json

    from motcua.catalogue import selectors

    shipped = json.loads(gzip.decompress((selectors.DATA_DIR / "national_procedures.json.gz").read_bytes()))
    assert json.dumps(shipped, sort_keys=True, ensure_ascii=False) == json.dumps(
        catalogue(), sort_keys=True, ensure_ascii=False
    ), "run `manage.py build_catalogue_data` after changing the parser"
