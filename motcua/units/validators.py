import re

from django.core.exceptions import ValidationError

# Decision 20/2020/QĐ-TTg: dotted groups of digits and capital letters, at most 35 characters,
# e.g. 000.00.00.H17 (UBND thành phố Đà Nẵng).
AGENCY_CODE = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)+$")


def validate_agency_code(value: str) -> None:
    if len(value) > 35 or not AGENCY_CODE.match(value):
        raise ValidationError(
            "Mã cơ quan phải gồm các nhóm chữ số và chữ in hoa cách nhau bởi dấu chấm, tối đa 35 ký tự "
            "(Quyết định 20/2020/QĐ-TTg), ví dụ 000.00.00.H17.",
            code="agency_code",
        )
