from django.contrib.auth.models import AbstractUser
from django.db import models

from motcua.accounts.validators import validate_national_id, validate_tax_code


class User(AbstractUser):
    """Everyone who signs in: applicants, agents and officers. Officers' roles are memberships."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", "Công dân"
        BUSINESS = "business", "Doanh nghiệp, tổ chức"
        AGENT = "agent", "Đại lý dịch vụ công"
        OFFICER = "officer", "Cán bộ, công chức"

    kind = models.CharField("loại tài khoản", max_length=16, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    national_id = models.CharField(
        "số định danh cá nhân", max_length=12, blank=True, null=True, unique=True, validators=[validate_national_id]
    )
    tax_code = models.CharField(
        "mã số thuế", max_length=14, blank=True, null=True, unique=True, validators=[validate_tax_code]
    )
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    gender = models.CharField("giới tính", max_length=3, choices=[("Nam", "Nam"), ("Nữ", "Nữ")], blank=True)
    address = models.CharField("địa chỉ (số nhà, đường, tổ/thôn)", max_length=300, blank=True)
    address_unit = models.ForeignKey(
        "units.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="phường, xã",
    )
    notify_by_email = models.BooleanField("nhận thông báo qua thư điện tử", default=True)
    notify_by_sms = models.BooleanField("nhận thông báo qua SMS", default=True)
    notify_by_zalo = models.BooleanField("nhận thông báo qua Zalo", default=False)
    created_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tạo bởi"
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.full_name or self.username


class Role(models.TextChoices):
    RECEPTION = "reception", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo"
    AGENCY_ADMIN = "agency_admin", "Quản trị đơn vị"
    CITY_MANAGEMENT = "city_management", "Lãnh đạo thành phố"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"


class Membership(models.Model):
    """An officer's role in one agency. One person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name="cán bộ")
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name="cơ quan",
        null=True,
        blank=True,
    )
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    counter = models.ForeignKey(
        "units.Counter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name="quầy tiếp nhận",
        help_text="Cán bộ một cửa ngồi quầy nào (tại Trung tâm Phục vụ hành chính công).",
    )

    class Meta:
        verbose_name = "vai trò tại cơ quan"
        verbose_name_plural = "vai trò tại cơ quan"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique_role"),
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(role__in=["city_management", "system_admin"]),
                name="membership_agency_required",
                violation_error_message="Vai trò này phải gắn với một cơ quan.",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.agency or 'toàn thành phố'}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.counter_id and self.counter.agency_id != self.agency_id:
            raise ValidationError({"counter": "Quầy này không thuộc cơ quan đã chọn."})


class ResetCode(models.Model):
    """A six-digit code sent by e-mail or SMS to set a new password. Only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=64)
    channel = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Mã đặt lại mật khẩu của {self.user} qua {self.channel}"


class ExternalIdentity(models.Model):
    """An account at an external identity provider (the national e-identity, the national
    portal) linked to a local account, by the provider's stable subject identifier."""

    provider = models.CharField("nhà cung cấp định danh", max_length=40)
    subject = models.CharField("mã định danh tại nhà cung cấp (sub)", max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    linked_at = models.DateTimeField("liên kết lúc", auto_now_add=True)
    last_login_at = models.DateTimeField("đăng nhập gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "tài khoản định danh liên kết"
        verbose_name_plural = "tài khoản định danh liên kết"
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique")]

    def __str__(self):
        return f"{self.provider}: {self.subject}"
