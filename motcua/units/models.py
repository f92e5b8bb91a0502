from django.db import models

from motcua.core.text import fold
from motcua.units.validators import validate_agency_code


class AdministrativeUnit(models.Model):
    """A province/city or a commune/ward, current or legacy.

    Units absorbed in the 1 July 2025 reform keep their row with ``valid_to`` set and
    ``merged_into`` pointing at the unit that took them over, so old addresses still resolve.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        DISTRICT = "district", "Cấp huyện (trước 01/7/2025)"
        COMMUNE = "commune", "Cấp xã"

    class Kind(models.TextChoices):
        CITY = "city", "Thành phố trực thuộc trung ương"
        PROVINCE = "province", "Tỉnh"
        URBAN_DISTRICT = "urban_district", "Quận"
        RURAL_DISTRICT = "rural_district", "Huyện"
        PROVINCIAL_CITY = "provincial_city", "Thành phố thuộc tỉnh"
        TOWN = "town", "Thị xã"
        WARD = "ward", "Phường"
        COMMUNE = "commune", "Xã"
        TOWNSHIP = "township", "Thị trấn"
        SPECIAL_ZONE = "special_zone", "Đặc khu"

    code = models.CharField("mã", max_length=10, db_index=True)
    name = models.CharField("tên", max_length=120)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    latitude = models.DecimalField(
        "vĩ độ",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Điểm đại diện của địa bàn trên bản đồ (nguồn: units/data/SOURCES.md).",
    )
    longitude = models.DecimalField("kinh độ", max_digits=9, decimal_places=6, null=True, blank=True)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="trực thuộc"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        verbose_name="sáp nhập vào",
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name="đơn vị kế thừa",
        help_text="Các đơn vị nhận toàn bộ hoặc một phần địa bàn của đơn vị này khi sắp xếp.",
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["level", "name"]
        constraints = [
            # Current units are unique by code; legacy rows may share a code that was reused.
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(valid_to__isnull=True), name="unit_current_code_unique"
            ),
            models.UniqueConstraint(fields=["code", "valid_to"], name="unit_code_valid_to_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.get_kind_display()} {self.name}")
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class Agency(models.Model):
    """A body that receives or decides dossiers: a department, a People's Committee, a centre."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", "Ủy ban nhân dân"
        DEPARTMENT = "department", "Sở, ban, ngành"
        SERVICE_CENTRE = "service_centre", "Trung tâm Phục vụ hành chính công"
        POLICE = "police", "Công an"
        CENTRAL_BRANCH = "central_branch", "Cơ quan ngành dọc của trung ương"
        OTHER = "other", "Cơ quan khác"

    class CentralBody(models.TextChoices):
        """The central body whose local branch (cơ quan ngành dọc) an agency is. Their procedures
        are received by the branch itself, not by the city's one-stop sections."""

        CUSTOMS = "customs", "Hải quan"
        TAX = "tax", "Thuế"
        TREASURY = "treasury", "Kho bạc Nhà nước"
        SOCIAL_INSURANCE = "social_insurance", "Bảo hiểm xã hội"
        STATE_BANK = "state_bank", "Ngân hàng Nhà nước"
        COURT = "court", "Tòa án nhân dân"
        BORDER_GUARD = "border_guard", "Bộ đội Biên phòng"
        JUDGMENT_ENFORCEMENT = "judgment_enforcement", "Thi hành án dân sự"

    code = models.CharField("mã cơ quan", max_length=35, unique=True, validators=[validate_agency_code])
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    central_body = models.CharField(
        "thuộc ngành",
        max_length=24,
        choices=CentralBody.choices,
        blank=True,
        help_text="Chỉ với cơ quan ngành dọc của trung ương: ngành mà cơ quan là chi nhánh tại Đà Nẵng.",
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="agencies", verbose_name="địa bàn"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cơ quan cấp trên",
    )
    # Contact facts are editable and stay empty where unknown: never invented.
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=60, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    website = models.URLField("trang thông tin", blank=True)
    opening_hours = models.CharField("giờ làm việc", max_length=300, blank=True)
    online_service_url = models.URLField(
        "nơi nộp hồ sơ trực tuyến",
        blank=True,
        help_text="Cổng dịch vụ công của chính cơ quan, khi cơ quan không nhận hồ sơ qua cổng của thành phố.",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["kind", "name"]
        constraints = [
            # A local branch of a central body says which body; no other agency does.
            models.CheckConstraint(
                condition=(models.Q(kind="central_branch") & ~models.Q(central_body=""))
                | (~models.Q(kind="central_branch") & models.Q(central_body="")),
                name="agency_central_body_only_for_branches",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    @property
    def receives_here(self) -> bool:
        """Whether dossiers for this agency are submitted through motcua. The local branches of
        central bodies receive them through their own services (``online_service_url``)."""
        return self.kind != self.Kind.CENTRAL_BRANCH


class Counter(models.Model):
    """A reception counter (quầy) of a service centre or a commune's one-stop section."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="counters", verbose_name="cơ quan")
    number = models.PositiveSmallIntegerField("số quầy")
    name = models.CharField("tên quầy", max_length=200)
    description = models.CharField("lĩnh vực tiếp nhận", max_length=300, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "quầy tiếp nhận"
        verbose_name_plural = "quầy tiếp nhận"
        ordering = ["agency", "number"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="counter_number_unique")]

    def __str__(self):
        return f"Quầy {self.number} – {self.name}"
