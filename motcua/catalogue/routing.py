"""Which Đà Nẵng agencies perform a procedure, and whether it is submitted here at all.

``RULES`` is one ordered table: the first rule that matches a record decides, as in Signalen's
routing. A rule says where each level of the procedure goes (``commune`` and ``city``): to every
commune/ward People's Committee, to the police of every commune, to the city police, to the city
department responsible for the field (data/field_departments.json), or to the local branch of a
central body (an ``Agency`` of kind ``central_branch`` whose ``central_body`` is that body).

A rule matches by what the published record says, never by a list of procedure codes:

- ``fields``: the record's field (lĩnh vực);
- ``publishers``: who published it, the suffix of the publishing decision (``…/QĐ-BCA`` is the
  Ministry of Public Security, ``…/QĐ-NHNN`` the State Bank);
- ``authority``: words (regular expressions over folded text) in the competent authority text
  (``competent_authority``, or the performing agency text when that is empty);
- ``local_fields``: a field that data/field_departments.json gives to a city department (a
  ministry's procedures of a field that another ministry's go elsewhere, e.g. the food safety of
  Bộ Công Thương, go where data/publisher_field_departments.json says);
- ``otherwise``: every record (the last rule).

Fields always count. Publishers and authority words count only when the authority text names no
local government body (People's Committee, its chairman, a department, the land registry …): a
provincial procedure often lists the tax office or the treasury among those it involves, and the
Ministry of Public Security publishes procedures the commune's People's Committee performs
(registering for voluntary drug rehabilitation).

Procedures of central branches are information only on this portal: their page says where to
submit instead, and the submission services refuse them (``handled_elsewhere``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from motcua.core.text import fold
from motcua.units.models import Agency

if TYPE_CHECKING:
    from motcua.catalogue.models import Procedure

Body = Agency.CentralBody

# Where a level of a procedure goes (besides a central body, named by its ``Body`` value).
COMMUNE_COMMITTEES = "commune_committees"
COMMUNE_POLICE = "commune_police"
CITY_POLICE = "city_police"
FIELD_DEPARTMENT = "field_department"

TARGET_LABELS = {
    COMMUNE_COMMITTEES: "UBND mọi xã, phường, đặc khu",
    COMMUNE_POLICE: "Công an mọi xã, phường, đặc khu",
    CITY_POLICE: "Công an thành phố",
    FIELD_DEPARTMENT: "sở phụ trách lĩnh vực (field_departments.json)",
    **{body.value: f"{body.label} (cơ quan ngành dọc)" for body in Body},
}


def _folded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(name) for name in names)


@dataclass(frozen=True)
class Branch:
    """How to recognise the procedures of one central body's local branch."""

    body: str
    fields: frozenset[str]
    authority: tuple[str, ...]
    publishers: frozenset[str] = frozenset()


BRANCHES: tuple[Branch, ...] = (
    Branch(Body.CUSTOMS, _folded(["Hải quan"]), ("hai quan",), frozenset({"TCHQ"})),
    Branch(
        Body.TAX,
        _folded(["Thuế"]),
        ("cuc thue", "chi cuc thue", "thue tinh", "thue co so", "co quan thue"),
    ),
    Branch(Body.TREASURY, _folded(["Kho bạc Nhà nước"]), ("kho bac",)),
    Branch(
        Body.SOCIAL_INSURANCE,
        _folded(
            [
                "Thực hiện chính sách BHXH",
                "Thực hiện chính sách BHYT",
                "Chi trả các chế độ BHXH",
                "Thu BHXH, BHYT, BHTN, BH tai nạn lao động, BNN",
                "Cấp sổ BHXH, thẻ BHYT",
                # The national index's names of the same fields (Bộ Nội vụ, Bộ Y tế).
                "Bảo hiểm xã hội",
                "Bảo hiểm y tế",
            ]
        ),
        ("bao hiem xa hoi",),
    ),
    Branch(
        Body.STATE_BANK,
        _folded(
            [
                "Thành lập và hoạt động ngân hàng",
                "Hoạt động ngoại hối",
                "Hoạt động tiền tệ",
                "Hoạt động thanh toán",
                "Hoạt động kho quỹ",
                "Hoạt động tín dụng",
                "Hoạt động thông tin tín dụng",
            ]
        ),
        ("ngan hang nha nuoc",),
        frozenset({"NHNN"}),
    ),
    Branch(Body.COURT, _folded(["Tòa án"]), ("toa an",), frozenset({"TANDTC"})),
    Branch(Body.BORDER_GUARD, _folded(["Quản lý biên giới"]), ("bien phong",)),
    Branch(Body.JUDGMENT_ENFORCEMENT, _folded(["Thi hành án dân sự"]), ("thi hanh an dan su",)),
)

# Fields of the Ministry of Public Security: performed by the police (since 2025 also driving
# licences and judicial records).
POLICE_FIELDS = _folded(
    [
        "Đăng ký, quản lý cư trú",
        "Cấp, quản lý căn cước",
        "Định danh và xác thực điện tử",
        "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
        "Sát hạch, cấp giấy phép lái xe",
        "Bảo đảm trật tự, an toàn giao thông đường bộ",
        "Kiểm tra kiến thức pháp luật về trật tự, an toàn giao thông đường bộ",
        "Quản lý xuất nhập cảnh",
        "Quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ và pháo",
        "Phòng cháy, chữa cháy",
        "Đăng ký, quản lý con dấu",
        "Quản lý ngành nghề đầu tư, kinh doanh có điều kiện về an ninh, trật tự",
        "Lý lịch tư pháp",
        "Bảo đảm an ninh hàng không",
    ]
)
# The Ministry of Public Security and its departments publish as BCA, C06 (administrative police),
# C07 (fire police) and QLXNC (immigration).
POLICE_PUBLISHERS = frozenset({"BCA", "C06", "C07", "C08", "QLXNC"})
# The police of a province or a commune and their departments (not the Ministry itself, which a
# text may list among the ministries concerned).
POLICE_AUTHORITY = (r"cong an (cap )?(xa|tinh|huyen)", "canh sat", "xuat nhap canh")

# Words that name a body of the local government in an authority text (folded: no punctuation).
_LOCAL_GOVERNMENT = re.compile(
    r"\b(uy ban nhan dan|ubnd|chu tich|hoi dong nhan dan|van phong dang ky dat dai|ban quan ly|giam doc so"
    r"|so (tai chinh|tu phap|xay dung|nong nghiep|y te|giao duc|cong thuong|van hoa|khoa hoc|ngoai vu|noi vu"
    r"|giao thong|ke hoach|lao dong|tai nguyen|du lich|thong tin))\b"
)
_PUBLISHER = re.compile(r"-\s*([A-Z0-9Đ]+)\s*$")
# A record without a publishing decision (an index-only record) is published by the ministry it
# names (``issuing_body``): the suffix its decisions carry.
MINISTRY_CODES = {
    fold(name): code
    for name, code in (
        ("Bộ Công Thương", "BCT"),
        ("Bộ Y tế", "BYT"),
        ("Bộ Giáo dục và Đào tạo", "BGDĐT"),
        ("Bộ Nội vụ", "BNV"),
        ("Bộ Khoa học và Công nghệ", "BKHCN"),
        ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
        ("Bộ Dân tộc và Tôn giáo", "BDTTG"),
        ("Bộ Ngoại giao", "BNG"),
        ("Bộ Công an", "BCA"),
        ("Bộ Tài chính", "BTC"),
        ("Bộ Tư pháp", "BTP"),
        ("Bộ Xây dựng", "BXD"),
        ("Bộ Nông nghiệp và Môi trường", "BNNMT"),
        ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
    )
}


@dataclass(frozen=True)
class Facts:
    """What the rules look at in a record, folded once."""

    field: str
    authority: str
    publisher: str

    @classmethod
    def of(cls, record: Mapping) -> Facts:
        authority = record.get("competent_authority") or record.get("performing_agency_text") or ""
        found = _PUBLISHER.search((record.get("decision_number") or "").upper())
        publisher = found[1] if found else MINISTRY_CODES.get(fold(record.get("issuing_body") or ""), "")
        return cls(field=fold(record.get("field") or ""), authority=fold(authority), publisher=publisher)

    @property
    def names_local_government(self) -> bool:
        return bool(_LOCAL_GOVERNMENT.search(self.authority))


@dataclass(frozen=True)
class Rule:
    """One row of the routing table: what it matches and where each level goes."""

    name: str
    commune: str
    city: str
    fields: frozenset[str] = frozenset()
    publishers: frozenset[str] = frozenset()
    authority: tuple[str, ...] = ()
    local_fields: bool = False
    otherwise: bool = False

    def matches(self, facts: Facts, local_fields: frozenset[str]) -> bool:
        if self.otherwise or facts.field in self.fields:
            return True
        if self.local_fields and facts.field in local_fields:
            return True
        if not (self.publishers or self.authority) or facts.names_local_government:
            return False
        return facts.publisher in self.publishers or any(
            re.search(rf"\b{word}\b", facts.authority) for word in self.authority
        )

    @property
    def central_body(self) -> str | None:
        return self.city if self.city in Body.values else None


def _branch_rules(*, by_authority: bool) -> tuple[Rule, ...]:
    if by_authority:
        return tuple(
            Rule(f"{Body(b.body).label}: cơ quan có thẩm quyền", b.body, b.body, authority=b.authority)
            for b in BRANCHES
        )
    return tuple(
        Rule(f"{Body(b.body).label}: lĩnh vực hoặc cơ quan công bố", b.body, b.body, b.fields, b.publishers)
        for b in BRANCHES
    )


RULES: tuple[Rule, ...] = (
    # 1. The fields of the central bodies' branches, at every level: never a People's Committee.
    *_branch_rules(by_authority=False),
    # 2. Police fields and procedures published by the Ministry of Public Security.
    Rule(
        "Công an: lĩnh vực hoặc Bộ Công an công bố",
        COMMUNE_POLICE,
        CITY_POLICE,
        POLICE_FIELDS,
        POLICE_PUBLISHERS,
    ),
    # 3. Any other field where the competent authority is the police.
    Rule("Công an: cơ quan có thẩm quyền", COMMUNE_POLICE, CITY_POLICE, authority=POLICE_AUTHORITY),
    # 4. Fields of the local government: its text may name a central body it involves.
    Rule("Lĩnh vực của chính quyền thành phố", COMMUNE_COMMITTEES, FIELD_DEPARTMENT, local_fields=True),
    # 5. Other fields whose competent authority is a central body's branch.
    *_branch_rules(by_authority=True),
    # 6. The rest: commune procedures at every People's Committee, city ones to the department.
    Rule("Còn lại", COMMUNE_COMMITTEES, FIELD_DEPARTMENT, otherwise=True),
)


def rule_for(record: Mapping, local_fields: Iterable[str]) -> Rule:
    """The first rule that matches ``record``. ``local_fields``: the fields that
    data/field_departments.json gives to a city department."""
    facts = Facts.of(record)
    folded = _folded_fields(tuple(local_fields))
    return next(rule for rule in RULES if rule.matches(facts, folded))


@lru_cache(maxsize=8)
def _folded_fields(names: tuple[str, ...]) -> frozenset[str]:
    """The folded names of the local fields, once per table (not once per record routed)."""
    return _folded(names)


class Index(Protocol):
    """The agencies the targets name (catalogue.selectors.AgencyIndex reads them once)."""

    field_departments: dict[str, str]

    @property
    def commune_committees(self) -> list[str]: ...

    @property
    def commune_police(self) -> list[str]: ...

    @property
    def city_police(self) -> str | None: ...

    @property
    def central_branches(self) -> dict[str, str]: ...

    def field_department(self, field_name: str, publisher: str = "") -> str | None: ...


def _resolve(target: str, record: Mapping, index: Index) -> list[str]:
    if target == COMMUNE_COMMITTEES:
        return list(index.commune_committees)
    if target == COMMUNE_POLICE:
        return list(index.commune_police)
    if target == CITY_POLICE:
        return [index.city_police] if index.city_police else []
    if target == FIELD_DEPARTMENT:
        department = index.field_department(record["field"], Facts.of(record).publisher)
        return [department] if department else []
    branch = index.central_branches.get(target)
    return [branch] if branch else []


def agency_codes(record: Mapping, index: Index) -> tuple[Rule, list[str]]:
    """The rule that decides ``record`` and the codes of the agencies it gives, per level."""
    rule = rule_for(record, index.field_departments)
    codes: set[str] = set()
    if "commune" in record["levels"]:
        codes.update(_resolve(rule.commune, record, index))
    if "city" in record["levels"]:
        codes.update(_resolve(rule.city, record, index))
    return rule, sorted(codes)


# --- Submitted here or elsewhere ------------------------------------------------------------------


def handled_elsewhere(procedure: Procedure) -> list[Agency]:
    """The central bodies' branches that receive ``procedure`` when no agency that receives
    dossiers through motcua does; empty when it is submitted here."""
    agencies = [agency for agency in procedure.agencies.all() if agency.is_active]
    if agencies and not any(agency.receives_here for agency in agencies):
        return agencies
    return []


def elsewhere_message(agencies: list[Agency]) -> str:
    """Why a procedure cannot be submitted here and where to go instead, in Vietnamese."""
    names = ", ".join(agency.name for agency in agencies)
    where = "; ".join(
        f"{agency.short_name or agency.name}: {agency.online_service_url}"
        for agency in agencies
        if agency.online_service_url
    )
    message = (
        f"Thủ tục này do {names} giải quyết và không nộp qua Cổng dịch vụ công thành phố Đà Nẵng. "
        "Vui lòng nộp hồ sơ trực tiếp tại cơ quan"
    )
    return f"{message} hoặc trực tuyến tại {where}." if where else f"{message}."


def index_only_message(procedure: Procedure) -> str:
    """Why a procedure whose record is index-only (name, field, levels, ministry: no documents,
    time limit or fee yet) is not submitted online, in Vietnamese."""
    message = (
        "Thủ tục này chưa nhận hồ sơ trực tuyến: thông tin đầy đủ của thủ tục (thành phần hồ sơ, "
        "thời hạn giải quyết, phí, lệ phí) đang được cập nhật. Vui lòng liên hệ cơ quan tiếp nhận"
    )
    if procedure.source_url:
        return f"{message} hoặc xem thủ tục trên Cổng Dịch vụ công quốc gia: {procedure.source_url}."
    return f"{message}."


def not_online_message(procedure: Procedure) -> str:
    """Why a procedure the city does not offer online is not submitted online, and the ways it
    is: at the one-stop counter, or by the public postal service to the same counter."""
    return (
        "Thủ tục này chưa được cung cấp dịch vụ công trực tuyến tại Đà Nẵng: vui lòng nộp hồ sơ trực tiếp "
        "tại bộ phận một cửa của cơ quan tiếp nhận hoặc gửi qua dịch vụ bưu chính công ích."
    )


@dataclass(frozen=True)
class Submission:
    """How a procedure is submitted through motcua: ``ways`` among "online", "counter" and
    "post" (empty when it is not received here), and why not online when it is not."""

    ways: tuple[str, ...]
    reason: str = ""


def ways_to_submit(procedure: Procedure) -> Submission:
    elsewhere = handled_elsewhere(procedure)
    if elsewhere:
        return Submission((), elsewhere_message(elsewhere))
    if procedure.is_index_only:
        return Submission((), index_only_message(procedure))
    if not procedure.offered_online:
        return Submission(("counter", "post"), not_online_message(procedure))
    return Submission(("online", "counter", "post"))
