import pytest

from motcua.dossiers.tests.factories import birth_procedure
from motcua.units.tests.factories import AgencyFactory, UnitFactory


@pytest.fixture
def agency():
    """The People's Committee of a ward called Hải Châu, code 000.23.00.H17."""
    return AgencyFactory(code="000.23.00.H17", unit=UnitFactory(name="Hải Châu", kind="ward"))


@pytest.fixture
def procedure(agency):
    """Birth registration (1.001193) with its real e-form, received by that ward."""
    return birth_procedure(agency)
