"""The record-quality report: what each published procedure lacks for processing a dossier.

Read-only, plain functions. A procedure is checked on what processing needs, one item each:

- **time limit** (``time_limit``): a value and unit that the working-time calendar turns into a
  due date (``workflow.calendar.WorkingCalendar.due``: working days, hours, days, months or
  ``same_day``). The calendar lives above the catalogue, so the rule is written here once more
  (``due_date_problem``) and catalogue/tests/test_quality.py holds it equal to the calendar;
- **fee** (``fee``): an amount, "0 đồng" (free) included; an amount the provincial People's
  Council or a regulation sets without a figure is a warning (``fee_amount``), nothing at all a
  blocker;
- **documents** (``documents``): at least one document;
- **result** (``result``): the result the office issues;
- **agency** (``agency``): an active agency in Đà Nẵng (procedure.agencies; the local branch of
  a central body counts: its procedures are information here, ``routing.handled_elsewhere``);
- **e-form** (``eform``): a specific e-form (the rule of ``eforms.selectors.current_form``: a
  current EForm of the procedure). Dossiers without one use the generic form, so it is a
  warning, and only for procedures offered online here (not for a central body's branch's).

And an ``index_only`` record takes no dossier at all: a blocker of its own (not an item).
Blockers stop a dossier from being received or processed as the rules say; warnings do not.
The score is the items met over the items that apply.

Groups ("department" in the report, ``group``): a procedure counts for every city-level agency it
is routed to (a department, the city police, the service centre, a central body's branch, keyed
by the agency's code); the commune level is two groups, every commune People's Committee
(``xa-ubnd``) and every commune police (``xa-cong-an``), since those procedures are the same in
each of the 94 communes; a procedure routed nowhere is in ``chua-giao``. A procedure at both
levels counts in both groups, as in docs/catalogue.md's figures per agency.

The whole catalogue is read in three queries (``catalogue_rows``); the same checks run on records
of the exchange format without the database (``record_rows``, with ``ShippedIndex`` for the
routing), which is how the documented figures are held in the tests.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from motcua.catalogue import routing, selectors
from motcua.catalogue.models import Fee, OnlineLevel, Procedure, RequiredDocument, TimeUnit, time_limit_display
from motcua.catalogue.sources.time_limits import says_no_limit
from motcua.core.text import fold, shorten
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.services import DATA_DIR as UNITS_DATA_DIR


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    blocking: bool
    field: str  # the record's field an editor fixes


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("index_only", "Bản ghi chỉ có thông tin danh mục", True, "record_status"),
        Kind("time_limit", "Thiếu thời hạn tính được ngày hẹn trả", True, "processing_time"),
        Kind("documents", "Thiếu thành phần hồ sơ", True, "documents"),
        Kind("fee", "Chưa có thông tin phí, lệ phí", True, "fees"),
        Kind("result", "Thiếu kết quả thực hiện", True, "result"),
        Kind("agency", "Chưa giao cơ quan thực hiện tại Đà Nẵng", True, "agencies"),
        Kind("fee_amount", "Phí, lệ phí chưa ghi mức thu", False, "fees"),
        Kind("eform", "Chưa có biểu mẫu điện tử riêng", False, "eform"),
    )
}
# The items of the score, and the problems that leave each unmet.
ITEMS: dict[str, tuple[str, ...]] = {
    "time_limit": ("time_limit",),
    "fee": ("fee", "fee_amount"),
    "documents": ("documents",),
    "result": ("result",),
    "agency": ("agency",),
    "eform": ("eform",),
}

COMMUNE_COMMITTEES = "xa-ubnd"
COMMUNE_POLICE = "xa-cong-an"
NO_AGENCY = "chua-giao"
GROUP_LABELS = {
    COMMUNE_COMMITTEES: "Cấp xã: Ủy ban nhân dân mỗi xã, phường, đặc khu",
    COMMUNE_POLICE: "Cấp xã: Công an mỗi xã, phường, đặc khu",
    NO_AGENCY: "Chưa giao cơ quan",
}

# The calendar searches a little over a year of working days (workflow.calendar.SEARCH_DAYS).
MAX_WORKING_DAYS = 260
DUE_UNITS = (TimeUnit.WORKING_DAYS, TimeUnit.HOURS, TimeUnit.DAYS, TimeUnit.MONTHS, TimeUnit.SAME_DAY)

FEE_PAID, FEE_FREE, FEE_PROVINCE, FEE_LAW, FEE_UNKNOWN = "paid", "free", "province", "law", ""


@dataclass(frozen=True)
class Problem:
    code: str
    reason: str

    @property
    def kind(self) -> Kind:
        return KINDS[self.code]

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def blocking(self) -> bool:
        return self.kind.blocking


@dataclass(frozen=True)
class Facts:
    """What the checks look at in one procedure (``from_record``, or read from the database)."""

    record_status: str
    levels: tuple[str, ...]
    time_value: Decimal | float | int | None
    time_unit: str
    time_text: str
    documents: bool
    fee: str  # FEE_PAID, FEE_FREE, FEE_PROVINCE, FEE_LAW or FEE_UNKNOWN
    result: bool
    agencies: bool  # an active agency in Đà Nẵng
    elsewhere: bool  # only central bodies' branches: information here, never submitted
    online: bool  # offered online (full or partial)
    eform: bool

    @classmethod
    def from_record(cls, record: Mapping[str, Any], agencies: Iterable[Agency | Mapping[str, Any]] = ()) -> Facts:
        """The facts of a record of the exchange format (records.clean_record's output) routed to
        ``agencies`` (Agency rows, or dicts with ``kind`` and ``is_active``)."""
        time = record.get("processing_time") or {}
        active = [a for a in agencies if _get(a, "is_active", True)]
        return cls(
            record_status=record.get("record_status") or Procedure.RecordStatus.FULL,
            levels=tuple(record.get("levels") or ()),
            time_value=time.get("value"),
            time_unit=time.get("unit") or "",
            time_text=time.get("text") or "",
            documents=bool(record.get("documents")),
            fee=fee_state(record.get("fees") or []),
            result=bool((record.get("result") or "").strip()),
            agencies=bool(active),
            elsewhere=bool(active) and all(_get(a, "kind") == Agency.Kind.CENTRAL_BRANCH for a in active),
            online=record.get("online_level") in (OnlineLevel.FULL, OnlineLevel.PARTIAL),
            eform=bool(record.get("eform")),
        )


def _get(item: object, name: str, default: object = None) -> Any:
    return item.get(name, default) if isinstance(item, Mapping) else getattr(item, name, default)


def fee_state(rows: Iterable[Fee | Mapping[str, Any]]) -> str:
    """How far the fee rows answer "what does it cost": an amount (``paid``), only "0 đồng"
    (``free``), a figure left to the provincial People's Council (``province``) or to a regulation
    (``law``), or nothing (``""``)."""
    amounts, set_by = [], set()
    for row in rows:
        amount = _get(row, "amount")
        if amount is not None:
            amounts.append(amount)
        set_by.add(_get(row, "set_by") or "")
    if any(amounts):
        return FEE_PAID
    if amounts:
        return FEE_FREE
    if Fee.SetBy.PROVINCE in set_by:
        return FEE_PROVINCE
    if Fee.SetBy.LAW in set_by:
        return FEE_LAW
    return FEE_UNKNOWN


def due_date_problem(value: Decimal | float | int | None, unit: str, text: str = "") -> str | None:
    """Why a time limit gives no due date (``WorkingCalendar.due`` returns None or fails, or a due
    date at the moment of reception), in Vietnamese; None when it gives one."""
    if value is None:
        if text and (says_no_limit(text) or fold(text) in ("khong", "khong co", "khong quy dinh")):
            return (
                f"Bản ghi ghi thời hạn “{shorten(text, 80)}”: không có số ngày để tính ngày hẹn trả; "
                "nhập thời hạn theo quy định (số và đơn vị)."
            )
        if text:
            return f"Thời hạn “{shorten(text, 80)}” chưa đọc được thành số và đơn vị; nhập giá trị và đơn vị."
        return "Chưa có thời hạn giải quyết."
    if unit not in DUE_UNITS:
        return f"Đơn vị thời hạn “{unit}” không tính được ngày hẹn trả."
    number = Decimal(str(value))
    if number < 0:
        return "Thời hạn không được âm."
    if number == 0 and unit != TimeUnit.SAME_DAY:
        return (
            f"Thời hạn {time_limit_display(number, unit)}: hồ sơ quá hạn ngay khi tiếp nhận; "
            "dùng “trong ngày làm việc” nếu trả ngay."
        )
    if (unit == TimeUnit.WORKING_DAYS and number > MAX_WORKING_DAYS) or (
        unit == TimeUnit.HOURS and number > MAX_WORKING_DAYS * 8
    ):
        return (
            f"Thời hạn {time_limit_display(number, unit)} dài hơn lịch làm việc tính được (tối đa 260 ngày làm việc)."
        )
    return None


def problems_of(facts: Facts) -> list[Problem]:
    """Every problem of a procedure, blockers first, each with its reason in Vietnamese."""
    found: list[Problem] = []
    if facts.record_status == Procedure.RecordStatus.INDEX_ONLY:
        found.append(
            Problem(
                "index_only",
                "Mới có tên, lĩnh vực, cấp và bộ công bố: chưa nhận hồ sơ; bổ sung rồi chuyển sang “Đầy đủ”.",
            )
        )
    reason = due_date_problem(facts.time_value, facts.time_unit, facts.time_text)
    if reason:
        found.append(Problem("time_limit", reason))
    if not facts.documents:
        found.append(Problem("documents", "Chưa có giấy tờ nào trong thành phần hồ sơ."))
    if facts.fee == FEE_UNKNOWN:
        found.append(Problem("fee", "Bản ghi không nói phí, lệ phí: ghi mức thu, hoặc 0 đồng nếu miễn phí."))
    if not facts.result:
        found.append(Problem("result", "Chưa ghi kết quả thực hiện (giấy tờ, văn bản cơ quan cấp)."))
    if not facts.agencies:
        where = "" if facts.levels else " (thủ tục chưa ghi cấp thực hiện: tỉnh hay xã)"
        found.append(Problem("agency", f"Không có cơ quan nào ở Đà Nẵng thực hiện{where}; chọn cơ quan thực hiện."))
    if facts.fee in (FEE_PROVINCE, FEE_LAW):
        who = "Hội đồng nhân dân thành phố" if facts.fee == FEE_PROVINCE else "văn bản quy định về phí, lệ phí"
        found.append(Problem("fee_amount", f"Mức thu do {who} quy định nhưng bản ghi chưa ghi số tiền."))
    if _eform_applies(facts) and not facts.eform:
        found.append(Problem("eform", "Hồ sơ trực tuyến dùng tờ khai chung; chưa có biểu mẫu điện tử riêng."))
    return sorted(found, key=lambda p: not p.blocking)


def _eform_applies(facts: Facts) -> bool:
    return facts.online and not facts.elsewhere


def score_of(facts: Facts, problems: Iterable[Problem]) -> tuple[int, int]:
    """(items met, items that apply)."""
    codes = {p.code for p in problems}
    items = [item for item in ITEMS if item != "eform" or _eform_applies(facts)]
    return sum(not codes.intersection(ITEMS[item]) for item in items), len(items)


# --- Rows and figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One procedure in the report."""

    id: int | None
    code: str
    name: str
    field: str
    field_slug: str
    record_status: str
    groups: tuple[str, ...]
    problems: tuple[Problem, ...]
    met: int
    total: int

    @property
    def blockers(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def ready(self) -> bool:
        return not self.blockers

    @property
    def full(self) -> bool:
        return self.record_status == Procedure.RecordStatus.FULL

    @property
    def due_date(self) -> bool:
        return not any(p.code == "time_limit" for p in self.problems)

    @property
    def score(self) -> int:
        """Per cent of the items met."""
        return round(100 * self.met / self.total) if self.total else 100

    @property
    def record_status_display(self) -> str:
        return Procedure.RecordStatus(self.record_status).label


def make_row(
    facts: Facts, *, id: int | None, code: str, name: str, field: str, field_slug: str, groups: Iterable[str]
) -> Row:
    problems = problems_of(facts)
    met, total = score_of(facts, problems)
    return Row(id, code, name, field, field_slug, facts.record_status, tuple(groups), tuple(problems), met, total)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    order: int  # 0 city departments and centres, 1 police and communes, 2 central branches, 3 none


def _group_order(kind: str) -> int:
    if kind == Agency.Kind.POLICE:
        return 1
    return 2 if kind == Agency.Kind.CENTRAL_BRANCH else 0


FIXED_GROUPS = {
    COMMUNE_COMMITTEES: Group(COMMUNE_COMMITTEES, GROUP_LABELS[COMMUNE_COMMITTEES], 1),
    COMMUNE_POLICE: Group(COMMUNE_POLICE, GROUP_LABELS[COMMUNE_POLICE], 1),
    NO_AGENCY: Group(NO_AGENCY, GROUP_LABELS[NO_AGENCY], 3),
}


@dataclass
class Report:
    rows: list[Row]
    groups: dict[str, Group]

    def filtered(
        self, *, group: str = "", field: str = "", record_status: str = "", problem: str = "", ready: str = ""
    ) -> list[Row]:
        """The rows of a group, a field (slug), a record status, with a problem (a code, or
        ``blocking`` for any blocker), ready or not (``ready`` "yes"/"no")."""
        rows = self.rows
        if group:
            rows = [r for r in rows if group in r.groups]
        if field:
            rows = [r for r in rows if r.field_slug == field]
        if record_status:
            rows = [r for r in rows if r.record_status == record_status]
        if problem == "blocking":
            rows = [r for r in rows if r.blockers]
        elif problem:
            rows = [r for r in rows if any(p.code == problem for p in r.problems)]
        if ready:
            rows = [r for r in rows if r.ready == (ready == "yes")]
        return rows

    def group_choices(self) -> list[Group]:
        used = {key for row in self.rows for key in row.groups}
        return sorted((g for k, g in self.groups.items() if k in used), key=lambda g: (g.order, g.label))

    def field_choices(self) -> list[tuple[str, str]]:
        return sorted({(r.field_slug, r.field) for r in self.rows}, key=lambda f: fold(f[1]))


def problem_counts(rows: Iterable[Row]) -> list[tuple[Kind, int]]:
    """How many of ``rows`` have each problem, in the order of KINDS (blockers first)."""
    counts = Counter(p.code for row in rows for p in row.problems)
    return [(kind, counts[code]) for code, kind in KINDS.items()]


@dataclass
class Figures:
    """The figures of a group of procedures (a department, a field, the whole catalogue)."""

    key: str
    label: str
    procedures: int = 0
    full: int = 0
    full_due_date: int = 0
    ready: int = 0
    problems: Counter[str] = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        self.procedures += 1
        self.full += row.full
        self.full_due_date += row.full and row.due_date
        self.ready += row.ready
        self.problems.update(p.code for p in row.problems)

    @property
    def blocked(self) -> int:
        return self.procedures - self.ready

    @property
    def due_date_share(self) -> float:
        """Of the full records, the share with a time limit that yields a due date."""
        return self.full_due_date / self.full if self.full else 1.0


def totals(rows: Iterable[Row]) -> Figures:
    figures = Figures("", "Toàn bộ danh mục")
    for row in rows:
        figures.add(row)
    return figures


def by_group(report: Report, rows: Iterable[Row] | None = None) -> list[Figures]:
    """The figures per group (department, commune level, central branch), in report order."""
    found: dict[str, Figures] = {}
    for row in report.rows if rows is None else rows:
        for key in row.groups:
            group = report.groups[key]
            found.setdefault(key, Figures(key, group.label)).add(row)
    order = {g.key: (g.order, -found[g.key].procedures, g.label) for g in report.groups.values() if g.key in found}
    return sorted(found.values(), key=lambda f: order[f.key])


def by_field(rows: Iterable[Row]) -> list[Figures]:
    found: dict[str, Figures] = {}
    for row in rows:
        found.setdefault(row.field_slug, Figures(row.field_slug, row.field)).add(row)
    return sorted(found.values(), key=lambda f: (-f.procedures, fold(f.label)))


# --- From the database --------------------------------------------------------------------------


def catalogue_report(queryset: Any = None) -> Report:
    """Every published procedure (or those of ``queryset``) with its problems, in three queries."""
    through = Procedure.agencies.through
    agencies = through.objects.filter(procedure=OuterRef("pk"))
    active = agencies.filter(agency__is_active=True)
    commune = agencies.filter(agency__unit__level=AdministrativeUnit.Level.COMMUNE)
    fees = Fee.objects.filter(procedure=OuterRef("pk"))
    qs = queryset if queryset is not None else Procedure.objects.filter(status=Procedure.Status.PUBLISHED)
    values = (
        qs.order_by("name", "id")
        .values(
            "id",
            "code",
            "name",
            "record_status",
            "at_city",
            "at_commune",
            "time_value",
            "time_unit",
            "time_text",
            "online_level",
            "field__name",
            "field__slug",
        )
        .annotate(
            has_result=ExpressionWrapper(~Q(result=""), output_field=BooleanField()),
            has_documents=Exists(RequiredDocument.objects.filter(procedure=OuterRef("pk"))),
            fee_paid=Exists(fees.filter(amount__gt=0)),
            fee_amount=Exists(fees.filter(amount__isnull=False)),
            fee_province=Exists(fees.filter(set_by=Fee.SetBy.PROVINCE)),
            fee_law=Exists(fees.filter(set_by=Fee.SetBy.LAW)),
            has_active=Exists(active),
            has_here=Exists(active.exclude(agency__kind=Agency.Kind.CENTRAL_BRANCH)),
            commune_committees=Exists(commune.filter(agency__kind=Agency.Kind.PEOPLES_COMMITTEE)),
            commune_police=Exists(commune.filter(agency__kind=Agency.Kind.POLICE)),
            has_eform=Exists(Procedure.objects.filter(pk=OuterRef("pk"), eforms__is_current=True)),
        )
    )
    city_agencies: dict[int, list[str]] = {}
    groups = dict(FIXED_GROUPS)
    for procedure_id, code, name, kind in through.objects.filter(
        agency__unit__level=AdministrativeUnit.Level.PROVINCE, procedure_id__in=qs.values_list("pk", flat=True)
    ).values_list("procedure_id", "agency__code", "agency__name", "agency__kind"):
        city_agencies.setdefault(procedure_id, []).append(code)
        groups.setdefault(code, Group(code, name, _group_order(kind)))
    rows = []
    for item in values:
        fee = (
            FEE_PAID
            if item["fee_paid"]
            else FEE_FREE
            if item["fee_amount"]
            else FEE_PROVINCE
            if item["fee_province"]
            else FEE_LAW
            if item["fee_law"]
            else FEE_UNKNOWN
        )
        facts = Facts(
            record_status=item["record_status"],
            levels=tuple(level for level, on in (("city", item["at_city"]), ("commune", item["at_commune"])) if on),
            time_value=item["time_value"],
            time_unit=item["time_unit"],
            time_text=item["time_text"],
            documents=item["has_documents"],
            fee=fee,
            result=item["has_result"],
            agencies=item["has_active"],
            elsewhere=item["has_active"] and not item["has_here"],
            online=item["online_level"] in (OnlineLevel.FULL, OnlineLevel.PARTIAL),
            eform=item["has_eform"],
        )
        keys = sorted(city_agencies.get(item["id"], []))
        keys += [COMMUNE_COMMITTEES] if item["commune_committees"] else []
        keys += [COMMUNE_POLICE] if item["commune_police"] else []
        rows.append(
            make_row(
                facts,
                id=item["id"],
                code=item["code"],
                name=item["name"],
                field=item["field__name"],
                field_slug=item["field__slug"],
                groups=keys or [NO_AGENCY],
            )
        )
    return Report(rows, groups)


def procedure_problems(procedure: Procedure) -> list[Problem]:
    """The problems of one stored procedure (whatever its status), as the report reads them."""
    report = catalogue_report(Procedure.objects.filter(pk=procedure.pk))
    return list(report.rows[0].problems) if report.rows else []


# --- Without the database: records of the exchange format ----------------------------------------


@dataclass
class ShippedIndex:
    """The routing's agencies (routing.Index) as units/data/agencies.json ships them, without the
    database: the commune level stands for its two groups (``xa-ubnd``, ``xa-cong-an``)."""

    field_departments: dict[str, str]
    publisher_departments: dict[str, dict[str, str]]

    @cached_property
    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((UNITS_DATA_DIR / "agencies.json").read_text(encoding="utf-8"))
        return data

    @property
    def commune_committees(self) -> list[str]:
        return [COMMUNE_COMMITTEES]

    @property
    def commune_police(self) -> list[str]:
        return [COMMUNE_POLICE]

    @property
    def city_police(self) -> str | None:
        return self._data.get("city_police")

    @property
    def central_branches(self) -> dict[str, str]:
        return {item["central_body"]: item["code"] for item in self._data.get("central_branches", [])}

    @cached_property
    def agencies(self) -> dict[str, dict[str, Any]]:
        """Code → {name, kind, is_active} of every city agency and central branch."""
        items = [*self._data["agencies"], *self._data.get("central_branches", [])]
        return {item["code"]: {"name": item["name"], "kind": item["kind"], "is_active": True} for item in items}

    def field_department(self, field_name: str, publisher: str = "") -> str | None:
        department = self.publisher_departments.get(publisher, {}).get(field_name) or self.field_departments.get(
            field_name
        )
        if not department:
            return None
        wanted = fold(department)
        for code, item in self.agencies.items():
            folded = fold(item["name"])
            if folded == wanted or folded.startswith(wanted + " "):
                return code
        return None


def shipped_index() -> ShippedIndex:
    index = selectors.agency_index()
    return ShippedIndex(index.field_departments, index.publisher_departments)


def record_report(records: Iterable[dict], index: ShippedIndex | None = None) -> Report:
    """The report of records of the exchange format (already through records.clean_record),
    routed as the import routes them (``routing.agency_codes``) unless they list agencies."""
    index = index or shipped_index()
    groups = dict(FIXED_GROUPS)
    for code, item in index.agencies.items():
        groups[code] = Group(code, item["name"], _group_order(item["kind"]))
    commune_kinds = {COMMUNE_COMMITTEES: Agency.Kind.PEOPLES_COMMITTEE, COMMUNE_POLICE: Agency.Kind.POLICE}
    rows = []
    for record in records:
        if record.get("status", Procedure.Status.PUBLISHED) != Procedure.Status.PUBLISHED:
            continue
        codes = record.get("agencies")
        if codes is None:
            _, codes = routing.agency_codes(record, index)
        agencies = [
            index.agencies.get(code) or {"kind": commune_kinds.get(code, Agency.Kind.OTHER), "is_active": True}
            for code in codes
        ]
        facts = Facts.from_record(record, agencies)
        keys = [code for code in codes if code in groups]
        rows.append(
            make_row(
                facts,
                id=None,
                code=record["code"],
                name=record["name"],
                field=record["field"],
                field_slug=record["field"],
                groups=keys or [NO_AGENCY],
            )
        )
    rows.sort(key=lambda r: (r.name, r.code))
    return Report(rows, groups)


# --- What an editor's change may not do ----------------------------------------------------------


def refused_by_change(after: list[Problem], before: list[Problem] | None, *, index_only: bool) -> list[Problem]:
    """The blockers a change to a published procedure may not bring. ``after``: the problems of
    the changed record; ``before``: those of the stored procedure when it was already published
    as it stays (None: it is being published for processing now, so no blocker may remain).
    An index-only record takes no dossier: it is published as information, and needs only an
    agency (making a full record index-only is how an editor takes it off; that is allowed)."""
    blockers = [p for p in after if p.blocking and p.code != "index_only"]
    if index_only:
        blockers = [p for p in blockers if p.code == "agency"]
    if before is None:
        return blockers
    had = {p.code for p in before if p.blocking}
    return [p for p in blockers if p.code not in had]


def edits_the_catalogue(user: Any) -> bool:
    """Who reads the report: the catalogue's editors, staff who may change procedures (the
    admin's permission)."""
    return bool(user.is_authenticated and user.is_staff and user.has_perm("catalogue.change_procedure"))


def shipped_report() -> Report:
    """The report of the catalogue shipped in motcua/catalogue/data (services.shipped_records,
    each through records.clean_record as the import does), without the database: what a fresh
    load gives, but for the e-forms (none counted)."""
    from motcua.catalogue.records import clean_record
    from motcua.catalogue.services import shipped_records  # services import this module

    return record_report([clean_record(record) for record in shipped_records()])
