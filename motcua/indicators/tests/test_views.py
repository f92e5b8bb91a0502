"""Who sees which dashboard, the public page, the API and the Excel export."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.models import Channel, Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.indicators import services
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def officer(role, agency=None):
    user = UserFactory()
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def wards(hard_moment):
    """Two wards this month: A received 3 (2 online, one finished late, one open and overdue), B received 1.
    At each hard moment, so minutes apart: five minutes into a month, the month has five minutes."""
    a, b = AgencyFactory(name="Ủy ban nhân dân phường Thử A"), AgencyFactory(name="Ủy ban nhân dân phường Thử B")
    now = timezone.now()
    DossierFactory(
        agency=a,
        received_at=now - timedelta(minutes=4),
        due_at=now - timedelta(minutes=3),
        finished_at=now - timedelta(minutes=1),
        status=Status.RETURNED,
    )
    DossierFactory(
        agency=a, received_at=now - timedelta(minutes=4), due_at=now - timedelta(minutes=2), code="QUA-HAN-1"
    )
    DossierFactory(agency=a, channel=Channel.COUNTER, received_at=now - timedelta(minutes=3))
    DossierFactory(agency=b, received_at=now - timedelta(minutes=3))
    services.recount(services.month_of(now))
    return a, b


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_the_public_statistics_need_no_account_and_show_no_personal_data(client, wards):
    page = client.get("/thong-ke/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ủy ban nhân dân phường Thử A" in text and "QUA-HAN-1" not in text
    assert page.context["totals"]["received"] == 4 and page.context["totals"]["online"] == 75.0
    api = client.get("/api/v1/statistics").json()
    assert (api["received"], api["received_online"], api["finished"], api["finished_on_time"]) == (4, 3, 1, 0)


def test_the_city_sees_every_agency_and_a_leader_only_their_own(wards):
    a, b = wards
    city = client_for(officer(Role.CITY_MANAGEMENT))
    page = city.get("/chi-so/")
    assert [r["agency"] for r in page.context["agencies"]] == [b, a]  # B has nothing late: more points
    assert page.context["due"]["overdue_count"] == 1
    leader = client_for(officer(Role.LEADER, a))
    assert leader.get("/chi-so/").url == f"/chi-so/co-quan/{a.code}/"
    assert leader.get("/chi-so/", {"ky": "2026"}).url == f"/chi-so/co-quan/{a.code}/?ky=2026"
    assert leader.get(f"/chi-so/co-quan/{a.code}/").status_code == 200
    assert leader.get(f"/chi-so/co-quan/{b.code}/").status_code == 403
    assert client_for(officer(Role.RECEPTION, a)).get(f"/chi-so/co-quan/{a.code}/").status_code == 403
    assert client_for(UserFactory()).get("/chi-so/").status_code == 403


def test_the_drill_down_reaches_the_dossiers_behind_a_figure(wards):
    a, _ = wards
    leader = client_for(officer(Role.LEADER, a))
    procedure = a.dossiers.get(code="QUA-HAN-1").procedure
    page = leader.get(f"/chi-so/co-quan/{a.code}/thu-tuc/{procedure.code}/", {"loai": "overdue"})
    assert [d.code for d in page.context["page"]] == ["QUA-HAN-1"]
    assert page.context["row"]["received"] == 1


def test_the_api_gives_every_formula_and_refuses_a_bad_period(wards):
    a, b = wards
    leader = client_for(officer(Role.LEADER, a))
    data = leader.get("/api/v1/indicators", {"agency": a.code}).json()
    progress = next(g for g in data["groups"] if g["code"] == "progress")["indicators"][0]
    assert (progress["numerator"], progress["denominator"], progress["points"]) == (
        1,
        3,
        6.67,
    )  # 1 open in time of 1 late + 2 open
    assert data["overdue"] == 1
    assert leader.get("/api/v1/indicators", {"agency": b.code}).status_code == 403
    assert leader.get("/api/v1/indicators").status_code == 403
    bad = leader.get("/api/v1/indicators", {"agency": a.code, "period": "2026-13"})
    assert bad.status_code == 400 and "period" in bad.json()
    ranking = client_for(officer(Role.CITY_MANAGEMENT)).get("/api/v1/indicators/agencies").json()
    assert [r["code"] for r in ranking["agencies"]] == [b.code, a.code]


def test_the_excel_export_holds_the_scorecard_and_the_agencies(wards):
    a, _ = wards
    city = client_for(officer(Role.CITY_MANAGEMENT))
    response = city.get("/chi-so/xuat-excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Bộ chỉ số 766", "Mục tiêu thành phố", "Theo tháng", "Theo cơ quan"]
    agencies = [row[1] for row in book["Theo cơ quan"].iter_rows(min_row=5, values_only=True)]
    assert a.name in agencies
    codes = [row[0] for row in book["Bộ chỉ số 766"].iter_rows(min_row=5, values_only=True)]
    assert "2.1" in codes and "5.3" in codes
    leader = client_for(officer(Role.LEADER, a))
    assert leader.get("/chi-so/xuat-excel/").status_code == 403
    sheet = load_workbook(io.BytesIO(leader.get("/chi-so/xuat-excel/", {"co-quan": a.code}).content))["Theo thủ tục"]
    assert sum(row[2] for row in sheet.iter_rows(min_row=5, values_only=True)) == 3


def test_the_header_offers_the_dashboard_to_leaders_only(client, wards):
    a, _ = wards
    client.force_login(officer(Role.LEADER, a))
    assert "Chỉ số</a>" in client.get("/").content.decode()
    client.force_login(officer(Role.RECEPTION, a))
    assert "Chỉ số</a>" not in client.get("/").content.decode()
