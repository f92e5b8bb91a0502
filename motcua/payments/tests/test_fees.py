"""Fees from the catalogue at submission: one figure is charged at once, "0 đồng" online periods
and declared exemptions charge nothing, and what the catalogue leaves open waits for the office."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from motcua.catalogue.models import Fee
from motcua.catalogue.selectors import fee_quote
from motcua.dossiers import services as dossiers
from motcua.dossiers.models import Status
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload
from motcua.payments.models import Payment
from motcua.payments.tests.test_paygov import confirm

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def no_published_fees(procedure):
    procedure.fees.all().delete()  # the factory's counter-only charge: each test writes its own


def fee(procedure, order, amount, **kwargs):
    return Fee.objects.create(procedure=procedure, order=order, kind="charge", amount=amount, **kwargs)


def submit(procedure, agency, **kwargs):
    applicant = citizen()
    return dossiers.submit_new(
        procedure,
        user=applicant,
        form_values=birth_values(applicant, agency.unit),
        uploads=[(1, pdf_upload())],
        **kwargs,
    ).dossier


def test_a_zero_online_period_replaces_the_general_rate_until_it_ends(procedure):
    fee(procedure, 1, 8000)
    fee(procedure, 2, 0, channel="online", valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    during = fee_quote(procedure, channel="online", on=TODAY)
    assert during.amount == 0 and during.label == "Miễn phí khi nộp trực tuyến đến hết ngày 31/12/2026"
    assert fee_quote(procedure, channel="online", on=date(2027, 1, 1)).amount == 8000
    assert fee_quote(procedure, channel="direct", on=TODAY).amount == 8000


def test_no_single_figure_means_the_office_states_the_fee(procedure):
    assert fee_quote(procedure, on=TODAY).amount is None  # nothing published
    fee(procedure, 1, 8000)
    fee(procedure, 2, 5000)
    quote = fee_quote(procedure, on=TODAY)
    assert quote.amount is None and "do cơ quan giải quyết thông báo" in quote.label


def test_an_online_submission_with_a_fee_is_charged_at_once_and_can_be_paid(
    procedure, agency, client, django_capture_on_commit_callbacks
):
    fee(procedure, 1, 8000)
    dossier = submit(procedure, agency)
    payment = dossier.payments.get()
    assert payment.state == Payment.State.PENDING and payment.amount == 8000 and dossier.status == Status.SUBMITTED
    client.force_login(dossier.applicant)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Nộp phí, lệ phí" in page and "8.000 đồng" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/thanh-toan/paygov/confirm", json.dumps(confirm(payment)), content_type="application/json")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED and dossier.payments.get().state == Payment.State.PAID
    assert dossier.events.filter(note__startswith="Đã thanh toán trực tuyến 8.000 đồng").exists()
    assert dossier.issued.filter(kind="bl").exists()
    assert "Nộp phí, lệ phí</h2>" not in client.get(f"/ho-so/{dossier.code}/").content.decode()


def test_a_declared_exemption_or_a_free_period_charges_nothing(procedure, agency):
    fee(procedure, 1, 8000)
    exempt = submit(procedure, agency, fee_exemption="Con của người có công với cách mạng")
    assert not exempt.payments.exists() and exempt.fee_exemption.startswith("Con của người có công")
    fee(procedure, 2, 0, channel="online", valid_to=timezone.localdate() + timedelta(days=30))
    assert not submit(procedure, agency).payments.exists()


def test_the_draft_page_shows_the_fee_and_offers_the_exemption(procedure, agency, client):
    fee(procedure, 1, 8000)
    applicant = citizen()
    client.force_login(applicant)
    page = client.post(f"/thu-tuc/{procedure.code}/nop-ho-so/", follow=True).content.decode()
    assert "8.000 đồng" in page and "Thuộc đối tượng miễn, giảm phí, lệ phí" in page
