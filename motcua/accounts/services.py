from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from motcua.accounts.models import Membership, Role, User
from motcua.units.models import AdministrativeUnit, Agency

# Demo accounts are for a local demo only: seed_demo refuses to make them in production.
DEMO_PASSWORD = "motcua-demo"


@dataclass
class DemoAccount:
    username: str
    label: str
    agency: str = ""


def _demo_agency() -> Agency | None:
    """The People's Committee of phường Hải Châu, where the demo officers work."""
    agencies = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE, unit__level=AdministrativeUnit.Level.COMMUNE)
    return agencies.filter(unit__name="Hải Châu").first() or agencies.order_by("code").first()


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("Demo accounts are never created in production.")
    agency = _demo_agency()
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
        user.save()
        where = None if role in (None, Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN) else agency
        if role:
            Membership.objects.get_or_create(user=user, agency=where, role=role)
        accounts.append(DemoAccount(username, label, where.name if where else ""))
    return accounts
