"""Police procedures go to the police of the applicant's own commune."""

import pytest

from motcua.catalogue.tests.factories import make_procedure
from motcua.dossiers import services
from motcua.dossiers.tests.factories import citizen
from motcua.units.models import Agency
from motcua.units.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_residence_dossier_starts_at_the_police_of_the_applicants_ward():
    city_police = AgencyFactory(
        code="000.00.14.H17",
        name="Công an thành phố Đà Nẵng",
        kind=Agency.Kind.POLICE,
        unit=UnitFactory(code="48", name="Đà Nẵng", kind="city", level="province"),
    )
    wards = [UnitFactory(name=name, kind="ward") for name in ("An Hải", "Hải Châu")]
    for n, ward in enumerate(wards, start=1):
        AgencyFactory(code=f"000.{n:02d}.00.H17", name=f"Ủy ban nhân dân phường {ward.name}", unit=ward)
        AgencyFactory(
            code=f"000.{n:02d}.14.H17",
            name=f"Công an phường {ward.name}",
            kind=Agency.Kind.POLICE,
            unit=ward,
            parent=city_police,
        )
    procedure = make_procedure(
        code="1.004222",
        name="Đăng ký thường trú",
        field="Đăng ký, quản lý cư trú",
        competent_authority="Công an cấp Xã",
        agencies=None,
    )
    assert sorted(procedure.agencies.values_list("name", flat=True)) == [
        "Công an phường An Hải",
        "Công an phường Hải Châu",
    ]
    draft = services.start_draft(procedure, user=citizen(address_unit=wards[1]))
    assert draft.agency.name == "Công an phường Hải Châu"
