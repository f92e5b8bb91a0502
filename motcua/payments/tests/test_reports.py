"""What officers see of a dossier's payments, and the agency's daily reconciliation workbook."""

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.notifications.models import Message
from motcua.payments import services
from motcua.payments.models import Payment
from motcua.payments.tests.test_paygov import confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(awaiting_payment, client):
    payment = awaiting_payment.payments.get()
    client.post("/thanh-toan/paygov/confirm", json.dumps(confirm(payment)), content_type="application/json")
    payment.refresh_from_db()
    return payment


@pytest.fixture
def admin(agency):
    user = UserFactory(kind="officer", full_name="Hoàng Thị Kế Toán")
    Membership.objects.create(user=user, agency=agency, role=Role.AGENCY_ADMIN)
    return user


def test_officers_see_the_payments_and_record_a_refund_on_the_work_page(client, paid, staff):
    client.force_login(staff["reception"])
    page = client.get(f"/mot-cua/ho-so/{paid.dossier.code}/").content.decode()
    assert "Phí, lệ phí và thanh toán" in page and paid.receipt_number in page and "PG2026112500001" in page
    assert "Ghi nhận hoàn tiền" in page
    client.post(
        f"/mot-cua/ho-so/{paid.dossier.code}/refund/",
        {"payment": paid.reference, "amount": "9000", "reason": "Nộp thừa"},
    )
    assert not paid.refunds.exists()  # more than was paid: refused, nothing recorded
    answer = client.post(
        f"/mot-cua/ho-so/{paid.dossier.code}/refund/",
        {"payment": paid.reference, "amount": "8000", "reason": "Từ chối sau khi nộp"},
        follow=True,
    )
    assert "Đã ghi nhận hoàn tiền" in answer.content.decode() and paid.refunds.get().amount == 8000


def test_a_specialist_cannot_record_a_refund(client, paid, staff):
    client.force_login(staff["specialist"])
    client.post(
        f"/mot-cua/ho-so/{paid.dossier.code}/refund/", {"payment": paid.reference, "amount": "1000", "reason": "x"}
    )
    assert not paid.refunds.exists()


def test_the_daily_workbook_lists_transactions_refunds_and_totals(client, paid, staff, admin, awaiting_payment):
    services.refund(paid, staff["reception"], amount=3000, reason="Nộp thừa", reference="HT01")
    stuck = Payment.objects.create(
        dossier=awaiting_payment,
        amount=5000,
        description="Phí thử",
        provider="paygov",
        started_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(admin)
    day = timezone.localdate()
    response = client.get("/thanh-toan/doi-soat/", {"agency": paid.dossier.agency.pk, "day": day.isoformat()})
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="doi-soat-{paid.dossier.agency.code}-{day:%Y%m%d}.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    totals = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(min_row=5, values_only=True)}
    assert totals["Nền tảng thanh toán Cổng DVC quốc gia"] == (1, 8000, 3000, 5000, 0, 1)
    transactions = list(book["Giao dịch"].iter_rows(min_row=5, values_only=True))
    assert [(row[7], row[10], row[12]) for row in transactions] == [
        (paid.reference, "Đã thanh toán", paid.receipt_number),
        (stuck.reference, "Chờ thanh toán", None),
    ]
    assert transactions[0][13] == 1 and "cần đối chiếu" in transactions[1][14]
    refunds = list(book["Hoàn trả"].iter_rows(min_row=5, values_only=True))
    assert refunds == [
        (
            1,
            paid.dossier.code,
            paid.receipt_number,
            3000,
            "Nộp thừa",
            "HT01",
            staff["reception"].full_name,
            refunds[0][7],
        )
    ]


def test_only_the_agencys_admins_and_leaders_get_the_workbook(client, paid, staff):
    for person in (staff["specialist"], paid.dossier.applicant):
        client.force_login(person)
        assert client.get("/thanh-toan/doi-soat/").status_code == 403
    client.force_login(staff["leader"])
    future = client.get(
        "/thanh-toan/doi-soat/",
        {"agency": paid.dossier.agency.pk, "day": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )
    assert "Không thể đối soát một ngày chưa đến." in future.content.decode()


def test_admins_are_told_each_day_that_the_workbook_is_ready(paid, admin):
    day = timezone.localdate()
    assert services.send_daily_reports(day) == 1
    assert services.send_daily_reports(day) == 1  # the same key: still one message
    notice = Message.objects.get(user=admin, channel="app", event="officer.payment_report")
    assert "1 giao dịch thành công, 8.000 đồng" in notice.body and f"day={day.isoformat()}" in notice.body
    assert services.send_daily_reports(day - timedelta(days=3)) == 0


def test_payments_checkout_and_reconciliation_over_the_api(client, paid, staff, admin, settings, live_server):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(paid.dossier.applicant)
    listed = api.get(f"/api/v1/dossiers/{paid.dossier.code}/payments").json()
    assert listed[0]["receipt_number"] == paid.receipt_number and listed[0]["state"] == "paid"
    refused = api.post(f"/api/v1/dossiers/{paid.dossier.code}/payments/checkout", {"provider": "paygov"}, format="json")
    assert refused.status_code == 400 and "không có khoản phí đang chờ" in refused.content.decode()
    wrong = api.post(f"/api/v1/dossiers/{paid.dossier.code}/payments/checkout", {"provider": "bitcoin"}, format="json")
    assert wrong.json()["provider"] == ["Cổng thanh toán không hợp lệ."]

    new = Payment.objects.create(dossier=paid.dossier, amount=2000, description="Phí bản sao")
    settings.MOTCUA_PAYGOV = {**settings.MOTCUA_PAYGOV, "url": f"{live_server.url}/thanh-toan/sandbox/paygov/"}
    started = api.post(
        f"/api/v1/dossiers/{paid.dossier.code}/payments/checkout", {"provider": "paygov"}, format="json"
    ).json()
    assert started == {
        "reference": new.reference,
        "url": f"{live_server.url}/thanh-toan/sandbox/paygov/thanh-toan/{new.reference}/",
    }

    assert (
        api.get("/api/v1/payments/reconciliation", {"agency": paid.dossier.agency.pk, "day": "2026-11-25"}).status_code
        == 403
    )
    api.force_authenticate(admin)
    rows = api.get(
        "/api/v1/payments/reconciliation", {"agency": paid.dossier.agency.pk, "day": timezone.localdate().isoformat()}
    ).json()
    assert [(r["reference"], r["state"], r["calls"]) for r in rows] == [
        (paid.reference, "paid", 1),
        (new.reference, "pending", 0),
    ]
    assert (
        "day" in api.get("/api/v1/payments/reconciliation", {"agency": paid.dossier.agency.pk, "day": "hôm qua"}).json()
    )
