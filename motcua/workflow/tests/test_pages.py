"""Each role's boundaries on the back-office pages (the services check them too)."""

import pytest

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.models import Access, Status
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_reception_sees_the_new_dossier_and_receives_it(client, submitted, staff):
    client.force_login(staff["reception"])
    assert submitted.code in client.get("/mot-cua/").content.decode()
    page = client.get(f"/mot-cua/ho-so/{submitted.code}/").content.decode()
    assert "Tiếp nhận hồ sơ" in page and submitted.applicant.full_name in page
    assert Access.objects.filter(dossier=submitted, user=staff["reception"]).exists()
    client.post(f"/mot-cua/ho-so/{submitted.code}/receive/")
    submitted.refresh_from_db()
    assert submitted.status == Status.RECEIVED


def test_a_specialist_cannot_receive(client, submitted, staff):
    client.force_login(staff["specialist"])
    response = client.post(f"/mot-cua/ho-so/{submitted.code}/receive/", follow=True)
    assert "Chỉ cán bộ một cửa của" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_city_management_reads_every_agency_but_acts_on_none(client, submitted, staff):
    city = staff["city"]
    Membership.objects.create(user=city, agency=None, role=Role.CITY_MANAGEMENT)
    client.force_login(city)
    assert submitted.code in client.get("/mot-cua/").content.decode()
    page = client.get(f"/mot-cua/ho-so/{submitted.code}/").content.decode()
    assert "Tiếp nhận hồ sơ</button>" not in page
    client.post(f"/mot-cua/ho-so/{submitted.code}/receive/")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_officers_of_another_agency_and_citizens_do_not_get_in(client, submitted):
    stranger = UserFactory(kind="officer")
    Membership.objects.create(user=stranger, agency=AgencyFactory(), role=Role.RECEPTION)
    client.force_login(stranger)
    assert submitted.code not in client.get("/mot-cua/").content.decode()
    assert client.get(f"/mot-cua/ho-so/{submitted.code}/").status_code == 404
    assert client.post(f"/mot-cua/ho-so/{submitted.code}/receive/").status_code == 404
    client.force_login(submitted.applicant)
    assert client.get("/mot-cua/").status_code == 403


def test_the_other_agency_finds_the_transfer_in_its_queue_and_answers_it(client, submitted, staff):
    from motcua.workflow import services

    police = AgencyFactory(name="Công an phường Hải Châu", kind="police")
    officer = UserFactory(kind="officer")
    Membership.objects.create(user=officer, agency=police, role=Role.SPECIALIST)
    services.receive(submitted, staff["reception"])
    services.assign(submitted, staff["reception"], staff["specialist"])
    client.force_login(staff["specialist"])
    client.post(
        f"/mot-cua/ho-so/{submitted.code}/transfer/",
        {"to_agency": police.pk, "request": "Xác minh cư trú", "share": 20},
    )
    client.force_login(officer)
    inbox = client.get("/mot-cua/?hang=lien-thong").content.decode()
    assert "Liên thông đến cơ quan tôi" in inbox and submitted.code in inbox
    item = submitted.transfers.get()
    client.post(f"/mot-cua/ho-so/{submitted.code}/answer_transfer/", {"transfer": item.pk, "answer": "Đã xác minh"})
    item.refresh_from_db()
    assert item.answer == "Đã xác minh" and item.answered_by == officer
