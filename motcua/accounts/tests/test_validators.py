import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.validators import validate_national_id, validate_tax_code


@given(st.integers(min_value=1, max_value=96), st.integers(min_value=0, max_value=999_999_999))
def test_twelve_digits_with_a_province_code_are_accepted(province, rest):
    validate_national_id(f"{province:03d}{rest:09d}")


@pytest.mark.parametrize("value", ["", "04820300012", "0482030001234", "04820300012a", "000203000123", "099203000123"])
def test_other_national_ids_are_refused_in_vietnamese(value):
    with pytest.raises(ValidationError) as caught:
        validate_national_id(value)
    assert "định danh" in caught.value.messages[0]


def test_tax_codes():
    validate_tax_code("0401234567")
    validate_tax_code("0401234567-001")
    with pytest.raises(ValidationError, match="Mã số thuế"):
        validate_tax_code("04012345")
