"""Accounts: registration, codes to reset a password, accounts opened at the counter, profiles."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from motcua.accounts.models import Membership, ResetCode, Role, User
from motcua.accounts.validators import validate_national_id, validate_tax_code
from motcua.notifications.models import Channel
from motcua.notifications.services import notify
from motcua.units.models import AdministrativeUnit, Agency

RESET_CODE_ATTEMPTS = 5


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


@transaction.atomic
def register(*, kind: str, full_name: str, identifier: str, phone: str, email: str, password: str) -> User:
    """A citizen signs up with their 12-digit personal identification number, a business or
    organisation with its tax code; the number is also what they sign in with."""
    identifier = identifier.strip()
    errors = {}
    if kind == User.Kind.CITIZEN:
        try:
            validate_national_id(identifier)
        except ValidationError as error:
            errors["identifier"] = error.messages
        taken = User.objects.filter(Q(national_id=identifier) | Q(username=identifier)).exists()
    elif kind == User.Kind.BUSINESS:
        try:
            validate_tax_code(identifier)
        except ValidationError as error:
            errors["identifier"] = error.messages
        taken = User.objects.filter(Q(tax_code=identifier) | Q(username=identifier)).exists()
    else:
        raise ValidationError({"kind": "Chỉ công dân và doanh nghiệp, tổ chức tự đăng ký tài khoản."})
    if "identifier" not in errors and taken:
        errors["identifier"] = ["Số này đã có tài khoản. Hãy đăng nhập, hoặc dùng “Quên mật khẩu”."]
    if len(full_name.strip()) < 2:
        errors["full_name"] = ["Vui lòng nhập họ và tên (hoặc tên doanh nghiệp, tổ chức)."]
    if not phone.strip() and not email.strip():
        errors["phone"] = ["Vui lòng nhập số điện thoại hoặc thư điện tử để nhận thông báo."]
    user = User(
        username=identifier,
        kind=kind,
        full_name=full_name.strip(),
        phone=phone.strip(),
        email=email.strip().lower(),
        national_id=identifier if kind == User.Kind.CITIZEN else None,
        tax_code=identifier if kind == User.Kind.BUSINESS else None,
    )
    try:
        _check_password(password, user)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def find_account(identifier: str) -> User | None:
    """The account for a personal ID number, tax code, user name, e-mail or phone number."""
    value = identifier.strip()
    if not value:
        return None
    matches = User.objects.filter(
        Q(username=value) | Q(national_id=value) | Q(tax_code=value) | Q(email__iexact=value) | Q(phone=value),
        is_active=True,
    )
    return matches.first() if matches.count() == 1 else None


def _hash_code(user: User, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{user.pk}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def send_reset_code(identifier: str, channel: str) -> None:
    """Sends a code when the account exists and has an address on that channel; says nothing
    either way, so the page cannot be used to find out who has an account."""
    user = find_account(identifier)
    if user is None:
        return
    address = user.email if channel == Channel.EMAIL else user.phone
    if not address:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    reset = ResetCode.objects.create(
        user=user,
        code_hash=_hash_code(user, code),
        channel=channel,
        expires_at=timezone.now() + timedelta(minutes=settings.MOTCUA_RESET_CODE_MINUTES),
    )
    notify(
        user,
        key=f"reset:{reset.pk}",
        event="account.reset_code",
        values={"reset_code": code, "minutes": settings.MOTCUA_RESET_CODE_MINUTES},
        only={channel: address},
    )


def reset_with_code(identifier: str, code: str, password: str) -> User:
    """Sets a new password with the code that was sent. A wrong code counts against the code
    (five tries), and that count is kept even though the request fails."""
    error = ValidationError({"code": "Mã xác nhận không đúng hoặc đã hết hạn. Vui lòng yêu cầu mã mới."})
    user = find_account(identifier)
    if user is None:
        raise error
    with transaction.atomic():
        reset = (
            ResetCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        matches = (
            reset is not None
            and reset.attempts < RESET_CODE_ATTEMPTS
            and hmac.compare_digest(reset.code_hash, _hash_code(user, code.strip()))
        )
        if reset is not None and not matches:
            ResetCode.objects.filter(pk=reset.pk).update(attempts=reset.attempts + 1)
    if reset is None or not matches:  # matches is False whenever reset is None
        raise error
    with transaction.atomic():
        _check_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        ResetCode.objects.filter(pk=reset.pk).update(used_at=timezone.now())
        _unlock(user)
    return user


def _unlock(user: User) -> None:
    from axes.utils import reset

    reset(username=user.username)


def set_password_link(user: User) -> str:
    """A one-time link (Django's token: it stops working once the password is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def can_open_accounts(user: User) -> bool:
    """Reception officers, and agents for the people they submit for."""
    return user.is_authenticated and (
        user.kind == User.Kind.AGENT or user.memberships.filter(role__in=[Role.RECEPTION, Role.AGENCY_ADMIN]).exists()
    )


def find_or_open(opener: User, *, national_id: str, full_name: str, phone: str = "", email: str = "") -> User:
    """The account of the person an agent or a counter officer submits for, opened for them if
    they have none, so they can follow the dossier themselves."""
    existing = User.objects.filter(national_id=national_id.strip()).first()
    if existing is not None:
        return existing
    user, _ = open_for_resident(opener, full_name=full_name, national_id=national_id, phone=phone, email=email)
    return user


@transaction.atomic
def open_for_resident(
    officer: User,
    *,
    full_name: str,
    national_id: str,
    phone: str = "",
    email: str = "",
    date_of_birth: date | None = None,
    address: str = "",
) -> tuple[User, str]:
    """An officer at the counter opens an account for a resident who has none; the resident
    sets their own password through the one-time link sent to them (and printed if needed)."""
    if not can_open_accounts(officer):
        raise ValidationError("Chỉ cán bộ một cửa hoặc đại lý dịch vụ công được mở tài khoản cho người dân.")
    errors = {}
    try:
        validate_national_id(national_id.strip())
    except ValidationError as error:
        errors["national_id"] = error.messages
    else:
        if User.objects.filter(Q(national_id=national_id.strip()) | Q(username=national_id.strip())).exists():
            errors["national_id"] = ["Người này đã có tài khoản; hướng dẫn họ dùng “Quên mật khẩu”."]
    if len(full_name.strip()) < 2:
        errors["full_name"] = ["Vui lòng nhập họ và tên."]
    if not phone.strip() and not email.strip():
        errors["phone"] = ["Cần số điện thoại hoặc thư điện tử để gửi đường dẫn đặt mật khẩu."]
    if errors:
        raise ValidationError(errors)
    user = User(
        username=national_id.strip(),
        national_id=national_id.strip(),
        kind=User.Kind.CITIZEN,
        full_name=full_name.strip(),
        phone=phone.strip(),
        email=email.strip().lower(),
        date_of_birth=date_of_birth,
        address=address.strip(),
        created_by=officer,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    link = set_password_link(user)
    only = {Channel.SMS: user.phone} if user.phone else {}
    if user.email:
        only[Channel.EMAIL] = user.email
    notify(
        user,
        key=f"account-opened:{user.pk}",
        event="account.opened",
        values={"officer": officer.full_name or officer.username, "link": link},
        only={c: a for c, a in only.items() if c == Channel.EMAIL or settings.MOTCUA_SMS_GATEWAY_URL},
    )
    return user, link


PROFILE_FIELDS = [
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "email",
    "address",
    "address_unit",
    "notify_by_email",
    "notify_by_sms",
    "notify_by_zalo",
]


@transaction.atomic
def update_profile(user: User, **values: object) -> User:
    for name, value in values.items():
        if name not in PROFILE_FIELDS:
            raise ValidationError({name: "Không sửa được thông tin này."})
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.full_clean(exclude=["password"])
    user.save()
    return user


# Demo accounts are for a local demo only: seed_demo refuses to make them in production.
DEMO_PASSWORD = "motcua-demo"  # noqa: S105  the documented password of the local demo accounts, printed by seed_demo


@dataclass
class DemoAccount:
    username: str
    label: str
    agency: str = ""


def demo_agency() -> Agency | None:
    """The People's Committee of phường Hải Châu, where the demo officers work."""
    agencies = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, unit__level=AdministrativeUnit.Level.COMMUNE)
    return agencies.filter(unit__name="Hải Châu").first() or agencies.order_by("code").first()


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo accounts are never created in production.")
    agency = demo_agency()
    specs = [
        ("congdan", "Công dân", User.Kind.CITIZEN, "Nguyễn Văn An", None),
        ("doanhnghiep", "Doanh nghiệp", User.Kind.BUSINESS, "Công ty TNHH Sông Hàn", None),
        ("daily", "Đại lý dịch vụ công (bưu điện)", User.Kind.AGENT, "Bưu điện văn hóa xã Bà Nà", None),
        ("motcua", "Cán bộ một cửa", User.Kind.OFFICER, "Trần Thị Bình", Role.RECEPTION),
        ("chuyenvien", "Chuyên viên", User.Kind.OFFICER, "Lê Văn Cường", Role.SPECIALIST),
        ("lanhdao", "Lãnh đạo", User.Kind.OFFICER, "Phạm Minh Dũng", Role.LEADER),
        ("quantridonvi", "Quản trị đơn vị", User.Kind.OFFICER, "Hoàng Thị Em", Role.AGENCY_ADMIN),
        ("thanhpho", "Lãnh đạo thành phố", User.Kind.OFFICER, "Võ Văn Phúc", Role.CITY_MANAGEMENT),
        ("quantri", "Quản trị hệ thống", User.Kind.OFFICER, "Quản trị hệ thống", Role.SYSTEM_ADMIN),
    ]
    accounts = []
    for username, label, kind, full_name, role in specs:
        user, created = User.objects.get_or_create(username=username, defaults={"kind": kind, "full_name": full_name})
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
        user.is_staff = role is not None
        user.is_superuser = role == Role.SYSTEM_ADMIN
        if username == "congdan" and not user.national_id:
            # A complete profile, so the demo shows forms pre-filled.
            user.national_id, user.phone, user.email = "048090001234", "0905123456", "congdan@example.vn"
            user.date_of_birth, user.gender, user.address = date(1990, 5, 12), "Nam", "12 Bạch Đằng, tổ 5"
            user.address_unit = AdministrativeUnit.objects.filter(
                name="Hải Châu", valid_to__isnull=True, level="commune"
            ).first()
        if username == "doanhnghiep" and not user.tax_code:
            user.tax_code, user.phone = "0401234567", "02363888999"
        user.save()
        where = None if role in (None, Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN) else agency
        if role:
            Membership.objects.get_or_create(user=user, agency=where, role=role)
        accounts.append(DemoAccount(username, label, where.name if where else ""))
    return accounts
