import re

from django.core.exceptions import ValidationError

_NATIONAL_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_national_id(value: str) -> None:
    """Số định danh cá nhân: 12 digits (3 province of birth, 1 century+sex, 2 year, 6 serial)."""
    if not _NATIONAL_ID.match(value or ""):
        raise ValidationError("Số định danh cá nhân phải gồm đúng 12 chữ số.", code="national_id")
    if not 1 <= int(value[:3]) <= 96:
        raise ValidationError("Ba chữ số đầu của số định danh không phải mã tỉnh hợp lệ.", code="national_id")


def validate_tax_code(value: str) -> None:
    """Mã số thuế: 10 digits, or 10 digits, a hyphen and 3 digits for a branch."""
    if not _TAX_CODE.match(value or ""):
        raise ValidationError("Mã số thuế phải gồm 10 chữ số (hoặc 13 chữ số dạng 0123456789-001).", code="tax_code")
