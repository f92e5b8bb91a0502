"""Reads from the catalogue: search, detail, export records, the agency index."""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Manager, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length
from django.utils import timezone

from motcua.catalogue.models import ApplicantType, Channel, Fee, Field, OnlineLevel, Procedure
from motcua.catalogue.records import CHILD_LISTS
from motcua.core.text import fold, tokens
from motcua.units.models import AdministrativeUnit, Agency

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_QUERY = re.compile(r"^\s*(\d\.\d{6})\s*$")
MAX_QUERY_WORDS = 12


# What a result list shows; the long texts (steps, conditions, ...) stay in the database.
LIST_COLUMNS = [
    "id",
    "code",
    "name",
    "status",
    "record_status",
    "field__name",
    "field__slug",
    "at_city",
    "at_commune",
    "online_level",
    "time_value",
    "time_unit",
    "time_text",
    "search_name",
]


def catalogue_revision() -> str:
    """Changes whenever the published catalogue may have changed (a new version, a procedure
    added or removed). Cached search results are keyed by it, so they are never stale for more
    than MOTCUA_CATALOGUE_REVISION_SECONDS in any process (at once in the one that made the change)."""
    revision = cache.get("catalogue:revision")
    if revision is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT MAX(id) FROM catalogue_procedureversion), (SELECT COUNT(*) FROM catalogue_procedure)"
            )
            revision = "{}-{}".format(*cursor.fetchone())
        cache.set("catalogue:revision", revision, settings.MOTCUA_CATALOGUE_REVISION_SECONDS)
    return revision


def cached[T](
    prefix: str,
    key: str,
    compute: Callable[[], T],
    timeout: int | None = None,
    keep: Callable[[T], bool] = lambda value: True,
) -> T:
    """``compute()``, remembered under the current catalogue revision when ``keep(value)``."""
    timeout = settings.MOTCUA_SEARCH_CACHE_SECONDS if timeout is None else timeout
    if timeout <= 0:
        return compute()
    full_key = f"catalogue:{prefix}:{catalogue_revision()}:{hashlib.sha256(key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        if keep(value):
            cache.set(full_key, value, timeout)
    return value


def published() -> QuerySet[Procedure]:
    return Procedure.objects.filter(status=Procedure.Status.PUBLISHED)


def search_procedures(
    q: str = "",
    *,
    field: Field | None = None,
    level: str = "",
    agency: Agency | None = None,
    online: str | None = None,
    applicant: ApplicantType | None = None,
) -> QuerySet[Procedure]:
    """Published procedures matching the words of ``q`` (with or without diacritics), best first.

    Every word must occur in the name or the document text (the last one as a prefix, so a
    half-typed word matches). Ranking, the same on every database: the whole name, then a name
    that starts with the words, then one containing them in order, then one containing them all,
    then procedures found only through their documents; shorter names first within a rank.
    """
    qs = published().select_related("field").only(*LIST_COLUMNS)
    if field is not None:
        qs = qs.filter(field=field)
    if level == "city":
        qs = qs.filter(at_city=True)
    elif level == "commune":
        qs = qs.filter(at_commune=True)
    if agency is not None:
        qs = qs.filter(agencies=agency)
    if online == OnlineLevel.NONE:  # not offered online, whether decided or unknown
        qs = qs.exclude(online_level__in=OnlineLevel.offered_online())
    elif online is not None:
        qs = qs.filter(online_level=online)
    if applicant is not None:
        qs = qs.filter(applicant_types=applicant)

    code = CODE_QUERY.match(q or "")
    if code:
        return qs.filter(code=code.group(1))
    words = tokens(q)[:MAX_QUERY_WORDS]
    if not words:
        return qs.order_by("search_name", "id")

    qs = qs.filter(id__in=_fulltext_ids(words))
    phrase = " ".join(words)
    *complete, last = words
    padded = Concat(Value(" "), F("search_name"), Value(" "), output_field=CharField())
    all_words = Q(padded_name__contains=f" {last}")
    for word in complete:
        all_words &= Q(padded_name__contains=f" {word} ")
    rank = Case(
        When(search_name=phrase, then=Value(0)),
        When(search_name__startswith=phrase, then=Value(1)),
        When(padded_name__contains=f" {phrase}", then=Value(2)),
        When(all_words, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return qs.alias(padded_name=padded).annotate(rank=rank).order_by("rank", Length("search_name"), "search_name", "id")


def _fulltext_ids(words: list[str]) -> RawSQL:
    """Ids of procedures whose folded name or text holds every word (last one as a prefix)."""
    *complete, last = words
    if connection.vendor == "postgresql":
        query = " & ".join([*complete, f"{last}:*"])
        return RawSQL("SELECT id FROM catalogue_procedure WHERE search_vector @@ to_tsquery('motcua_vn', %s)", [query])
    query = " ".join([*(f'"{w}"' for w in complete), f'"{last}"*'])
    return RawSQL("SELECT rowid FROM catalogue_procedure_fts WHERE catalogue_procedure_fts MATCH %s", [query])


def procedure_detail(code: str) -> Procedure | None:
    """A published procedure with everything its page shows, in a fixed number of queries."""
    return (
        published()
        .select_related("field")
        .prefetch_related(
            "steps",
            Prefetch("channels", queryset=Channel.objects.order_by("order")),
            "fees",
            "documents",
            "legal_basis",
            "applicant_types",
            Prefetch(
                "agencies",
                queryset=Agency.objects.select_related("unit").order_by("kind", "name"),
            ),
        )
        .filter(code=code)
        .first()
    )


def fields_with_counts() -> QuerySet[Field]:
    return (
        Field.objects.annotate(
            procedure_count=Count("procedures", filter=Q(procedures__status=Procedure.Status.PUBLISHED))
        )
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def catalogue_stats() -> dict:
    qs = published()
    return {
        "procedures": qs.count(),
        "online_full": qs.filter(online_level="full").count(),
        "online_partial": qs.filter(online_level="partial").count(),
        "fields": Field.objects.filter(procedures__status=Procedure.Status.PUBLISHED).distinct().count(),
    }


# --- Export -------------------------------------------------------------------------------------


def export_queryset() -> QuerySet[Procedure]:
    return (
        Procedure.objects.select_related("field")
        .prefetch_related("steps", "channels", "fees", "documents", "legal_basis", "applicant_types", "agencies")
        .order_by("code")
    )


def procedure_record(procedure: Procedure) -> dict:
    """The procedure in the exchange format of records.py (what export writes, import reads)."""

    def rows(manager: Manager[Any], names: list[str]) -> list[dict[str, Any]]:
        return [{name: getattr(item, name) for name in names} for item in manager.all()]

    def number(value: Decimal | None) -> int | float | None:
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)

    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field.name,
        "levels": procedure.levels,
        "status": procedure.status,
        "record_status": procedure.record_status,
        "issuing_body": procedure.issuing_body,
        "decision_number": procedure.decision_number,
        "procedure_type": procedure.procedure_type,
        "applicant_types": [t.code for t in procedure.applicant_types.all()],
        "applicant_types_text": procedure.applicant_types_text,
        "agencies": sorted(a.code for a in procedure.agencies.all()),
        "competent_authority": procedure.competent_authority,
        "performing_agency_text": procedure.performing_agency_text,
        "receiving_address": procedure.receiving_address,
        "authorized_agency": procedure.authorized_agency,
        "coordinating_agency": procedure.coordinating_agency,
        "online_level": procedure.online_level,
        "online_level_set_by": procedure.online_level_set_by,
        "online_level_basis": procedure.online_level_basis,
        "processing_time": (
            {"value": number(procedure.time_value), "unit": procedure.time_unit, "text": procedure.time_text}
            if procedure.time_value is not None or procedure.time_text
            else None
        ),
        "channels": [
            {**row, "time_value": number(row["time_value"])} for row in rows(procedure.channels, _columns("channels"))
        ],
        "fees": [
            {**row, "valid_from": _iso(row["valid_from"]), "valid_to": _iso(row["valid_to"])}
            for row in rows(procedure.fees, _columns("fees"))
        ],
        "steps": rows(procedure.steps, _columns("steps")),
        "documents": rows(procedure.documents, _columns("documents")),
        "legal_basis": [
            {**row, "date": _iso(row["date"])} for row in rows(procedure.legal_basis, _columns("legal_basis"))
        ],
        "conditions": procedure.conditions,
        "documents_note": procedure.documents_note,
        "result": procedure.result,
        "result_code": procedure.result_code,
        "result_refusal": procedure.result_refusal,
        "related_procedures": procedure.related_procedures,
        "source": procedure.source,
        "source_url": procedure.source_url,
    }


def _columns(child: str) -> list[str]:
    """The columns of a child table in the exchange format (records.CHILD_LISTS), in its order."""
    return list(CHILD_LISTS[child])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- Agencies that perform procedures -----------------------------------------------------------


@dataclass
class AgencyIndex:
    """What the automatic assignment of procedures to Đà Nẵng agencies needs, read once."""

    field_departments: dict[str, str]
    publisher_departments: dict[str, dict[str, str]] = dataclass_field(default_factory=dict)

    @cached_property
    def commune_committees(self) -> list[str]:
        return list(
            Agency.objects.filter(
                kind=Agency.Kind.PEOPLES_COMMITTEE,
                is_active=True,
                unit__level=AdministrativeUnit.Level.COMMUNE,
                unit__valid_to__isnull=True,
            ).values_list("code", flat=True)
        )

    @cached_property
    def _by_name(self) -> list[tuple[str, str]]:
        agencies = Agency.objects.filter(is_active=True, unit__level=AdministrativeUnit.Level.PROVINCE)
        return [(fold(name), code) for name, code in agencies.values_list("name", "code")]

    def _agency_named(self, name: str) -> str | None:
        """The city agency called ``name``, also when its full name adds "thành phố Đà Nẵng"."""
        wanted = fold(name)
        for folded, code in self._by_name:
            if folded == wanted or folded.startswith(wanted + " "):
                return code
        return None

    def field_department(self, field_name: str, publisher: str = "") -> str | None:
        """The city department data/field_departments.json gives the field to, or the one
        data/publisher_field_departments.json gives this publisher's procedures of the field."""
        department = self.publisher_departments.get(publisher, {}).get(field_name) or self.field_departments.get(
            field_name
        )
        return self._agency_named(department) if department else None

    @cached_property
    def city_police(self) -> str | None:
        """The city police (the police agency of the province)."""
        return (
            Agency.objects.filter(kind=Agency.Kind.POLICE, unit__level=AdministrativeUnit.Level.PROVINCE)
            .values_list("code", flat=True)
            .first()
        )

    @cached_property
    def commune_police(self) -> list[str]:
        """The police of every current commune, ward and special zone."""
        return list(
            Agency.objects.filter(
                kind=Agency.Kind.POLICE,
                is_active=True,
                unit__level=AdministrativeUnit.Level.COMMUNE,
                unit__valid_to__isnull=True,
            ).values_list("code", flat=True)
        )

    @cached_property
    def central_branches(self) -> dict[str, str]:
        """The code of the local branch of each central body (``Agency.central_body``)."""
        branches = Agency.objects.filter(kind=Agency.Kind.CENTRAL_BRANCH, is_active=True).order_by("code")
        found: dict[str, str] = {}
        for body, code in branches.values_list("central_body", "code"):
            found.setdefault(body, code)
        return found


def agency_index() -> AgencyIndex:
    path = DATA_DIR / "field_departments.json"
    mapping = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    by_publisher = DATA_DIR / "publisher_field_departments.json"
    publishers = json.loads(by_publisher.read_text(encoding="utf-8")) if by_publisher.exists() else {}
    return AgencyIndex(
        field_departments=mapping,
        publisher_departments={code: fields for code, fields in publishers.items() if isinstance(fields, dict)},
    )


@dataclass(frozen=True)
class FeeQuote:
    """What a submission through one channel costs on one day, as far as the catalogue says.
    ``amount`` is None when the catalogue gives no single figure (several rates, per page, per
    copy …): the office then states the fee when it processes the dossier (state 6)."""

    amount: int | None
    fees: tuple[Fee, ...] = ()
    until: date | None = None  # the end of a "0 đồng online" or reduced-rate period

    @property
    def label(self) -> str:
        if self.amount is None:
            return "Phí, lệ phí (nếu có) do cơ quan giải quyết thông báo"
        if self.amount == 0:
            return "Miễn phí" + (f" khi nộp trực tuyến đến hết ngày {self.until:%d/%m/%Y}" if self.until else "")
        return f"{self.amount:,} đồng".replace(",", ".") + (
            f" (áp dụng đến hết ngày {self.until:%d/%m/%Y})" if self.until else ""
        )


def fee_quote(procedure: Procedure, *, channel: str = "online", on: date | None = None) -> FeeQuote:
    """The fee rows in force on ``on`` for ``channel``: rows for that channel replace the general
    ones (this is how a "0 đồng online until …" period is written), and one figure is quoted only
    when the rows agree on one."""
    on = on or timezone.localdate()
    rows = [
        fee
        for fee in procedure.fees.all()
        if fee.channel in ("", channel)
        and (fee.valid_from is None or fee.valid_from <= on)
        and (fee.valid_to is None or on <= fee.valid_to)
    ]
    # A rate for a case ("từ trang thứ 3", an exemption, copies on request) is not the general
    # one, unless the case is this channel's own rate.
    rows = [fee for fee in rows if not fee.condition or fee.channel == channel]
    specific = [fee for fee in rows if fee.channel == channel]
    rows = specific or rows
    if not rows or any(fee.amount is None or fee.set_by == Fee.SetBy.PROVINCE or not fee.per_dossier for fee in rows):
        # no figure, a figure the provincial People's Council replaces, or one per page/copy
        return FeeQuote(None, tuple(rows))
    until = min((fee.valid_to for fee in rows if fee.valid_to), default=None)
    if all(fee.amount == 0 for fee in rows):
        return FeeQuote(0, tuple(rows), until)
    if len(rows) == 1:
        return FeeQuote(rows[0].amount, tuple(rows), until)
    return FeeQuote(None, tuple(rows))
