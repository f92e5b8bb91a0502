"""A dossier's day at the hard moments (conftest.HARD_MOMENTS): submitted, received and paid for
while the clock reads five minutes into a month or a year (UTC still in the old one), the eve of
Tết, a swapped Saturday and 23:59 in Vietnam. What the applicant sees must carry Vietnam's date:
the dossier code, the appointment on slip 01, the receipt's year."""

from datetime import datetime

import pytest
from django.utils import timezone

from motcua.core.tests.moments import ICT
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload
from motcua.payments.models import Payment
from motcua.payments.tests.test_vnpay import callback
from motcua.workflow import services as workflow

pytestmark = pytest.mark.django_db

# The procedure takes 3 working days; offices open 07:30–11:30 and 13:30–17:30 (worked out by hand).
CODE_DATE_AND_DUE = {
    "month-start": ("261201", datetime(2026, 12, 3, 17, 30, tzinfo=ICT)),  # Tue 1 Dec from 07:30
    "year-start": ("270101", datetime(2027, 1, 6, 17, 30, tzinfo=ICT)),  # New Year's Day off: Mon 4 – Wed 6
    "tet-eve": ("270205", datetime(2027, 2, 15, 17, 30, tzinfo=ICT)),  # Tết off 4–10 Feb: Thu 11, Fri 12, Mon 15
    "swapped-saturday": ("260822", datetime(2026, 8, 26, 9, 0, tzinfo=ICT)),  # Sat 22 Aug worked from 09:00
    "last-minute-ict": ("261216", datetime(2026, 12, 21, 17, 30, tzinfo=ICT)),  # after closing: Thu 17 – Mon 21
}


def test_the_code_and_the_appointment_follow_vietnams_calendar(
    hard_moment, time_machine, request, procedure, agency, staff
):
    code_date, due = CODE_DATE_AND_DUE[request.node.callspec.id]
    applicant = citizen()
    dossier = dossier_services.submit_new(
        procedure, user=applicant, form_values=birth_values(applicant, agency.unit), uploads=[(1, pdf_upload())]
    ).dossier
    assert dossier.code == f"{agency.code}-{code_date}-0001"

    time_machine.move_to(hard_moment, tick=False)  # received at the moment itself, however slow the machine
    workflow.receive(dossier, staff["reception"])
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.due_at) == due


def test_a_receipt_is_numbered_in_vietnams_year(
    hard_moment, submitted, staff, client, django_capture_on_commit_callbacks
):
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    workflow.request_payment(submitted, staff["specialist"], amount=8000, reason="Lệ phí đăng ký khai sinh quá hạn")
    payment = submitted.payments.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/thanh-toan/vnpay/ipn", callback(payment)).json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payment.receipt_number == f"0000001/{hard_moment.year}/{submitted.agency.code}"
