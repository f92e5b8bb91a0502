"""bin/run's demo data, loaded the way bin/run loads it (the slowest test: about 25 s)."""

import io

import pytest
from django.core.management import call_command

from motcua.accounts.models import Membership, Role, User
from motcua.catalogue import selectors
from motcua.catalogue.models import Procedure
from motcua.units.models import Agency

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_units_catalogue_and_one_account_per_role():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()

    assert Procedure.objects.filter(status="published").count() >= 1749
    tobacco = Procedure.objects.get(code="2.000181")  # added beside the crawl (data/extra)
    assert tobacco.agencies.count() == 94 and tobacco.processing_time_display == "15 ngày làm việc"
    birth = Procedure.objects.get(code="1.001193")
    assert birth.documents.exists() and birth.steps.exists()
    assert birth.agencies.filter(kind=Agency.Kind.PEOPLES_COMMITTEE).count() == 94
    assert birth.versions.count() == 1
    judicial = selectors.search_procedures("ly lich tu phap").first()
    assert "lý lịch tư pháp" in judicial.name.lower()
    assert judicial.agencies.filter(name="Công an thành phố Đà Nẵng").exists()
    assert selectors.search_procedures("dang ky khai sinh").first().code == "1.001193"

    for role in Role:
        assert Membership.objects.filter(role=role).exists(), role
    for kind in User.Kind:
        assert User.objects.filter(kind=kind).exists(), kind
    assert "Tài khoản mẫu (mật khẩu chung: motcua-demo)" in printed
    assert "congdan" in printed and "quantri" in printed
    assert User.objects.get(username="congdan").check_password("motcua-demo")

    # The indicators start from the catalogue as loaded: the ward performs its procedures, some online.
    from motcua.indicators.selectors import Period, Scope, figures

    ward = Agency.objects.get(name="Ủy ban nhân dân phường Hải Châu")
    f = figures(Scope.of_agency(ward), Period.parse(None))
    assert f["procedures"] == ward.procedures.filter(status="published").count() > 100
    assert 0 < f["procedures_online"] < f["procedures"]
