"""The catalogue of administrative procedures (thủ tục hành chính).

A Procedure is the current published record. Every change made through
``services.save_procedure`` also appends an immutable ProcedureVersion holding the whole record
as JSON, so a dossier keeps pointing at the version it was submitted under.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")


def validate_national_code(value: str) -> None:
    if not NATIONAL_CODE.match(value or ""):
        raise ValidationError(
            "Mã thủ tục phải có dạng một chữ số, dấu chấm và sáu chữ số, ví dụ 1.001193.", code="national_code"
        )


class Field(models.Model):
    """Lĩnh vực: Hộ tịch, Chứng thực, Xây dựng, ..."""

    name = models.CharField("tên lĩnh vực", max_length=200, unique=True)
    slug = models.SlugField("mã", max_length=200, unique=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApplicantType(models.Model):
    """Đối tượng thực hiện: citizen, business, organization, ..."""

    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=120)

    class Meta:
        verbose_name = "đối tượng thực hiện"
        verbose_name_plural = "đối tượng thực hiện"
        ordering = ["id"]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    CITY = "city", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"


class OnlineLevel(models.TextChoices):
    """Decree 42/2022 art. 11. ``legacy_level`` maps to the old levels 1–4 the city still reports.
    ``UNKNOWN``: the record does not say (no channels published); like ``NONE`` it is not
    offered online, but it is shown as unknown, not as a decision."""

    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không cung cấp trực tuyến"
    UNKNOWN = "", "Chưa xác định"

    @classmethod
    def offered_online(cls) -> list[str]:
        return [cls.FULL, cls.PARTIAL]

    @classmethod
    def legacy_level(cls, value: str) -> int:
        return {cls.FULL: 4, cls.PARTIAL: 3}.get(value, 2)


class OnlineLevelSetBy(models.TextChoices):
    """Who set a procedure's online level: taken from the published record (its channels), or
    decided by the city (a decision of the People's Committee, named in ``online_level_basis``).
    A re-import of the record never overrides the city's decision."""

    RECORD = "record", "Theo bản ghi thủ tục (cách thức thực hiện)"
    CITY = "city", "Thành phố quyết định"


class TimeUnit(models.TextChoices):
    """``same_day``: answered on the working day the dossier is received; the value is the
    cut-off hour from which it is answered the next working day (15 = 15:00; 24 = none stated)."""

    WORKING_DAYS = "working_days", "ngày làm việc"
    DAYS = "days", "ngày"
    HOURS = "hours", "giờ làm việc"
    MONTHS = "months", "tháng"
    SAME_DAY = "same_day", "trong ngày làm việc"


SAME_DAY_NO_CUTOFF = 24


def time_limit_display(value, unit: str) -> str:
    """'3 ngày làm việc', '0,5 ngày làm việc', 'Trong ngày làm việc (nhận sau 15 giờ: trả
    trong ngày làm việc tiếp theo)'."""
    if unit == TimeUnit.SAME_DAY:
        if value is None or float(value) >= SAME_DAY_NO_CUTOFF:
            return "Trong ngày làm việc"
        hours = float(value)
        hour, minute = int(hours), round((hours - int(hours)) * 60)
        cutoff = f"{hour} giờ" + (f" {minute:02d}" if minute else "")
        return f"Trong ngày làm việc (nhận sau {cutoff}: trả trong ngày làm việc tiếp theo)"
    number = f"{value.normalize():f}" if hasattr(value, "normalize") else f"{value:g}"
    return f"{number.replace('.', ',')} {TimeUnit(unit).label}"


class Procedure(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        PUBLISHED = "published", "Đang công bố"
        WITHDRAWN = "withdrawn", "Đã bãi bỏ"

    code = models.CharField("mã thủ tục", max_length=10, unique=True, validators=[validate_national_code])
    name = models.CharField("tên thủ tục", max_length=2000)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực")
    at_city = models.BooleanField("thực hiện cấp tỉnh", default=False)
    at_commune = models.BooleanField("thực hiện cấp xã", default=False)
    status = models.CharField("trạng thái công bố", max_length=12, choices=Status.choices, default=Status.PUBLISHED)

    class RecordStatus(models.TextChoices):
        """How complete the record is. ``index_only``: known from the national index alone (name,
        field, levels, issuing ministry, the portal's page): found, read and routed, but not
        offered for online submission until an editor completes it (documents, time limit …)."""

        FULL = "full", "Đầy đủ"
        INDEX_ONLY = "index_only", "Chỉ có thông tin danh mục (đang hoàn thiện)"

    record_status = models.CharField(
        "mức đầy đủ của bản ghi", max_length=12, choices=RecordStatus.choices, default=RecordStatus.FULL
    )
    issuing_body = models.CharField("bộ, ngành công bố", max_length=200, blank=True)
    decision_number = models.CharField("quyết định công bố", max_length=200, blank=True)
    procedure_type = models.CharField("loại thủ tục", max_length=200, blank=True)
    applicant_types = models.ManyToManyField(
        ApplicantType, blank=True, related_name="procedures", verbose_name="đối tượng"
    )
    applicant_types_text = models.CharField("đối tượng thực hiện (nguyên văn)", max_length=1000, blank=True)
    agencies = models.ManyToManyField(
        "units.Agency", blank=True, related_name="procedures", verbose_name="cơ quan thực hiện tại Đà Nẵng"
    )
    competent_authority = models.TextField("cơ quan có thẩm quyền", blank=True)
    performing_agency_text = models.TextField("cơ quan thực hiện (nguyên văn)", blank=True)
    receiving_address = models.TextField("địa chỉ tiếp nhận", blank=True)
    authorized_agency = models.TextField("cơ quan được ủy quyền", blank=True)
    coordinating_agency = models.TextField("cơ quan phối hợp", blank=True)
    online_level = models.CharField("mức độ trực tuyến", max_length=8, choices=OnlineLevel.choices, blank=True)
    online_level_set_by = models.CharField(
        "mức độ trực tuyến do", max_length=8, choices=OnlineLevelSetBy.choices, default=OnlineLevelSetBy.RECORD
    )
    online_level_basis = models.CharField(
        "căn cứ mức độ trực tuyến",
        max_length=300,
        blank=True,
        help_text="Quyết định của thành phố công bố danh mục dịch vụ công trực tuyến (bắt buộc khi thành phố quyết định).",
    )
    time_value = models.DecimalField("thời hạn giải quyết", max_digits=7, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField("đơn vị thời hạn", max_length=16, choices=TimeUnit.choices, blank=True)
    time_text = models.CharField("thời hạn (nguyên văn)", max_length=500, blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    documents_note = models.TextField(
        "ghi chú về thành phần hồ sơ",
        blank=True,
        help_text="Những dòng của thành phần hồ sơ không phải là giấy tờ: lưu ý, hướng dẫn, trường hợp.",
    )
    result = models.TextField("kết quả thực hiện", blank=True)
    result_code = models.CharField("mã kết quả", max_length=60, blank=True)
    result_refusal = models.TextField(
        "kết quả khi không giải quyết", blank=True, help_text="Văn bản từ chối, trả lời nêu rõ lý do, …"
    )
    related_procedures = models.TextField("thủ tục liên quan", blank=True)
    source = models.CharField("nguồn dữ liệu", max_length=500, blank=True)
    source_url = models.URLField("đường dẫn nguồn", max_length=500, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    # Maintained by services.save_procedure: folded text the search index is built on.
    search_name = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "field"], name="procedure_status_field")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(time_value__isnull=True) | models.Q(time_value__gte=0),
                name="procedure_time_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(time_value__isnull=True) | ~models.Q(time_unit=""), name="procedure_time_has_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(online_level__in=OnlineLevel.values), name="procedure_online_level_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(online_level_set_by=OnlineLevelSetBy.CITY) | ~models.Q(online_level_basis=""),
                name="procedure_city_online_level_has_basis",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def is_index_only(self) -> bool:
        return self.record_status == self.RecordStatus.INDEX_ONLY

    @property
    def levels(self) -> list[str]:
        return [level for level, on in ((Level.CITY, self.at_city), (Level.COMMUNE, self.at_commune)) if on]

    @property
    def levels_display(self) -> str:
        return ", ".join(Level(level).label for level in self.levels)

    @property
    def offered_online(self) -> bool:
        """Submitted online here: the city offers it online and the record is complete. Otherwise
        the counter and the post only (dossiers.services refuses an online submission)."""
        return self.online_level in OnlineLevel.offered_online() and not self.is_index_only

    @property
    def legacy_online_level(self) -> int:
        return OnlineLevel.legacy_level(self.online_level)

    @property
    def processing_time_display(self) -> str:
        if self.time_value is None:
            return self.time_text
        return time_limit_display(self.time_value, self.time_unit)


class Step(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("bước", max_length=200, blank=True)
    description = models.TextField("nội dung")

    class Meta:
        verbose_name = "bước thực hiện"
        verbose_name_plural = "trình tự thực hiện"
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="step_order_unique")]

    def __str__(self):
        return f"Bước {self.order}: {self.title}" if self.title else f"Bước {self.order}"


class Channel(models.Model):
    """A way to submit (in person, online, by post) with its own time and fee as published."""

    class Kind(models.TextChoices):
        DIRECT = "direct", "Trực tiếp"
        ONLINE = "online", "Trực tuyến"
        POST = "post", "Dịch vụ bưu chính"

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    order = models.PositiveSmallIntegerField("thứ tự")
    kind = models.CharField("hình thức nộp", max_length=8, choices=Kind.choices)
    time_value = models.DecimalField("thời hạn", max_digits=7, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField("đơn vị", max_length=16, choices=TimeUnit.choices, blank=True)
    time_text = models.CharField("thời hạn (nguyên văn)", max_length=500, blank=True)
    fee_text = models.TextField("phí, lệ phí (nguyên văn)", blank=True)
    description = models.TextField("mô tả", blank=True)

    class Meta:
        verbose_name = "cách thức thực hiện"
        verbose_name_plural = "cách thức thực hiện"
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="channel_order_unique")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def time_display(self) -> str:
        """The channel's time limit as read (``time_limit_display``), else the published text."""
        if self.time_value is None:
            return self.time_text
        return time_limit_display(self.time_value, self.time_unit)


class Fee(models.Model):
    """One amount of a fee (phí) or charge (lệ phí), possibly for one channel only.

    ``valid_from``/``valid_to`` express periods such as "0 đồng for online submission until ...".
    """

    class Kind(models.TextChoices):
        FEE = "fee", "Phí"
        CHARGE = "charge", "Lệ phí"
        UNSPECIFIED = "", "Phí, lệ phí"

    class SetBy(models.TextChoices):
        """Who sets an amount the record does not state (or states only as the national figure)."""

        STATED = "", "Theo mức công bố"
        PROVINCE = "province", "Do Hội đồng nhân dân cấp tỉnh quyết định"
        LAW = "law", "Theo văn bản quy định về phí, lệ phí"

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField("thứ tự")
    kind = models.CharField("loại", max_length=8, choices=Kind.choices, blank=True)
    amount = models.PositiveBigIntegerField("số tiền", null=True, blank=True)
    currency = models.CharField("đơn vị tiền", max_length=3, default="VND")
    per = models.CharField("đơn vị tính", max_length=100, blank=True, help_text="lần, trang, bản, hồ sơ, …")
    channel = models.CharField("áp dụng cho", max_length=8, choices=Channel.Kind.choices, blank=True)
    condition = models.TextField(
        "trường hợp áp dụng", blank=True, help_text="Trống: mọi trường hợp. Ví dụ: “từ trang thứ 3 trở lên”."
    )
    set_by = models.CharField("mức thu", max_length=8, choices=SetBy.choices, blank=True)
    description = models.TextField("mô tả", blank=True)
    valid_from = models.DateField("áp dụng từ", null=True, blank=True)
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="fee_order_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="fee_period_ordered",
            ),
        ]

    def __str__(self):
        kind = self.get_kind_display()
        return kind if self.amount is None else f"{kind}: {self.amount_display}"

    # Units an amount is charged by that depend on the dossier (pages, copies, people): such a
    # rate is no single figure for the dossier.
    VARIABLE_UNITS = ("trang", "bản", "tờ", "người", "khẩu", "chiếc", "tem", "con", "kg", "tấn", "m", "cây", "ha")

    @property
    def amount_display(self) -> str:
        if self.amount is None:
            if self.set_by:
                return self.get_set_by_display()
            return self.description
        if self.amount == 0:
            return "0 đồng"
        unit = "đồng" if self.currency == "VND" else self.currency
        per = f"/{self.per}" if self.per else ""
        return f"{self.amount:,}".replace(",", ".") + f" {unit}{per}"

    @property
    def per_dossier(self) -> bool:
        """Charged once for the dossier (not per page, copy, person …)."""
        per = self.per.strip().lower()
        return not per or not any(per == u or per.startswith(u + " ") for u in self.VARIABLE_UNITS)


def template_upload_to(document, filename):
    return f"catalogue/templates/{document.procedure.code}/{filename}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: what the applicant hands in, with counts of originals and copies.

    ``required``: it must be handed in whenever its case applies (False: "nếu có"). ``condition``:
    the case it is asked in (the group's case, "Trường hợp ủy quyền", "nếu nộp trực tiếp");
    empty for every applicant. ``kind``: handed in (nộp) or only shown at the counter (xuất
    trình). The notes around the documents are the procedure's ``documents_note``."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", "Nộp"
        SHOW = "show", "Xuất trình"

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField("thứ tự")
    group = models.TextField("nhóm", blank=True)
    name = models.TextField("tên giấy tờ")
    kind = models.CharField("nộp hay xuất trình", max_length=8, choices=Kind.choices, default=Kind.SUBMIT)
    required = models.BooleanField("bắt buộc", default=True)
    condition = models.TextField("trường hợp phải nộp", blank=True, help_text="Trống: mọi người nộp hồ sơ.")
    note = models.TextField("ghi chú", blank=True)
    template_name = models.TextField("mẫu đơn, tờ khai", blank=True)
    template_file = models.FileField("tệp mẫu", upload_to=template_upload_to, blank=True)
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    quantity_text = models.CharField("số lượng (nguyên văn)", max_length=300, blank=True)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="document_order_unique")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name as it reads in a list of ours: the published records start many names with
        their own list marks ("- ", "+ ", "++"), kept in ``name`` as published."""
        return self.name.lstrip("-+•* \t")

    @property
    def always_required(self) -> bool:
        """Every applicant hands it in: required, for no particular case."""
        return self.required and not self.condition


class LegalBasis(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_basis")
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.TextField("tên văn bản")
    number = models.CharField("số hiệu", max_length=200, blank=True)
    date = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="legal_basis_order_unique")]

    def __str__(self):
        return self.name


class ProcedureVersion(models.Model):
    """An immutable snapshot of a procedure as it was published (never edited)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    data = models.JSONField("nội dung")
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure", "-number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")]

    def __str__(self):
        return f"{self.procedure.code} v{self.number}"
