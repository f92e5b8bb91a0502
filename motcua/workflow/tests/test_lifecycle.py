import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.accounts.models import Membership, Role
from motcua.documents import pki
from motcua.documents.models import StoreItem
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import IssuedDocument, Status
from motcua.dossiers.tests.factories import pdf_upload
from motcua.workflow import services
from motcua.workflow.models import Handoff, Step

pytestmark = pytest.mark.django_db


def test_the_whole_life_of_a_dossier(submitted, staff):
    reception, specialist, leader = staff["reception"], staff["specialist"], staff["leader"]
    services.ask_supplement(submitted, reception, reason="Giấy chứng sinh bị mờ", orders=[1])
    submitted.refresh_from_db()
    assert submitted.status == Status.SUPPLEMENT and submitted.paused_at is not None
    dossier_services.answer_supplement(submitted, user=submitted.applicant, files={1: [pdf_upload("ro.pdf")]})
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.paused_at is None

    services.receive(submitted, reception)
    submitted.refresh_from_db()
    assert submitted.status == Status.RECEIVED and submitted.due_at > submitted.received_at
    services.assign(submitted, reception, specialist)
    services.propose(submitted, specialist, "Hồ sơ hợp lệ, đề nghị cấp")
    services.approve_and_sign(submitted, leader)
    submitted.refresh_from_db()
    assert submitted.status == Status.FINISHED

    result = submitted.issued.get(kind=IssuedDocument.Kind.RESULT)
    (check,) = pki.check_pdf(result.file.read())
    assert check.ok and "Hải Châu" in check.signer
    assert StoreItem.objects.get(owner=submitted.applicant, kind=StoreItem.Kind.RESULT).file.name == result.file.name

    services.hand_over(submitted, reception)
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert sorted(submitted.issued.values_list("kind", flat=True)) == ["01", "02", "result"]
    steps = list(Handoff.objects.filter(dossier=submitted).values_list("step", flat=True))
    assert steps == [Step.RECEPTION, Step.SUPPLEMENT, Step.PROCESSING, Step.APPROVAL, Step.RETURN]
    assert not Handoff.objects.filter(dossier=submitted, done_at__isnull=True).exists()
    actions = list(submitted.events.values_list("to_status", flat=True))
    assert actions == [0, 1, 5, 1, 2, 4, 4, 9, 10]


def test_each_role_may_do_only_its_own_steps(submitted, staff, agency):
    reception, specialist, leader, city = staff["reception"], staff["specialist"], staff["leader"], staff["city"]
    Membership.objects.create(user=city, agency=None, role=Role.CITY_MANAGEMENT)
    for who in (specialist, leader, city, submitted.applicant):
        with pytest.raises(PermissionDenied):
            services.receive(submitted, who)
    services.receive(submitted, reception)
    with pytest.raises(PermissionDenied):
        services.assign(submitted, specialist, specialist)
    services.assign(submitted, reception, specialist)
    with pytest.raises(ValidationError):  # only the assigned specialist
        other = staff["specialist"].__class__.objects.create(
            username="cv2", kind="officer", full_name="Chuyên viên khác"
        )
        Membership.objects.create(user=other, agency=agency, role=Role.SPECIALIST)
        services.propose(submitted, other)
    with pytest.raises(ValidationError):  # nothing to approve yet
        services.approve_and_sign(submitted, leader)
    services.propose(submitted, specialist)
    with pytest.raises(PermissionDenied):
        services.approve_and_sign(submitted, specialist)


def test_an_officer_of_another_agency_cannot_act(submitted):
    from motcua.accounts.tests.factories import UserFactory
    from motcua.units.tests.factories import AgencyFactory

    stranger = UserFactory(kind="officer")
    Membership.objects.create(user=stranger, agency=AgencyFactory(), role=Role.RECEPTION)
    with pytest.raises(PermissionDenied):
        services.receive(submitted, stranger)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize("action", ["refuse", "receive_twice", "return_early", "supplement_twice"])
def test_forbidden_transitions_change_nothing(submitted, staff, action):
    reception = staff["reception"]
    if action == "refuse":
        with pytest.raises(ValidationError):
            services.refuse(submitted, reception, " ")
        expected = Status.SUBMITTED
    elif action == "receive_twice":
        services.receive(submitted, reception)
        with pytest.raises(ValidationError, match="Không thể tiếp nhận"):
            services.receive(submitted, reception)
        expected = Status.RECEIVED
    elif action == "return_early":
        with pytest.raises(ValidationError, match="Không thể trả kết quả"):
            services.hand_over(submitted, reception)
        expected = Status.SUBMITTED
    else:
        services.ask_supplement(submitted, reception, reason="Thiếu giấy", orders=[1])
        with pytest.raises(ValidationError, match="một lần"):
            services.ask_supplement(submitted, reception, reason="Lần hai", orders=[1])
        expected = Status.SUPPLEMENT
    submitted.refresh_from_db()
    assert submitted.status == expected


def test_refusal_issues_slip_03_and_tells_the_applicant(
    submitted, staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(submitted, staff["reception"], "Không thuộc thẩm quyền của phường")
    submitted.refresh_from_db()
    assert submitted.status == Status.REFUSED
    assert submitted.issued.get().kind == "03"
    assert "không được tiếp nhận" in mailoutbox[-1].subject


def test_the_leader_sends_back_and_the_specialist_proposes_again(submitted, staff):
    reception, specialist, leader = staff["reception"], staff["specialist"], staff["leader"]
    services.receive(submitted, reception)
    services.assign(submitted, reception, specialist)
    services.propose(submitted, specialist)
    with pytest.raises(ValidationError):
        services.send_back(submitted, leader, "")
    services.send_back(submitted, leader, "Ghi lại nơi sinh theo Giấy chứng sinh")
    submitted.refresh_from_db()
    assert submitted.stage == "processing"
    services.propose(submitted, specialist, "Đã sửa nơi sinh")
    services.approve_and_sign(submitted, leader)
    steps = list(Handoff.objects.filter(dossier=submitted).values_list("step", flat=True))
    assert steps == [Step.RECEPTION, Step.PROCESSING, Step.APPROVAL, Step.PROCESSING, Step.APPROVAL, Step.RETURN]


def test_a_withdrawal_request_is_stopped_with_slip_05(submitted, staff):
    services.receive(submitted, staff["reception"])
    dossier_services.request_withdrawal(submitted, user=submitted.applicant, reason="Đã đăng ký ở nơi khác")
    with pytest.raises(PermissionDenied):
        services.stop(submitted, staff["specialist"], "")
    services.stop(submitted, staff["reception"], "")
    submitted.refresh_from_db()
    assert submitted.status == Status.STOPPED
    stop_notice = submitted.issued.get(kind="05")
    assert stop_notice.file.read().startswith(b"%PDF")
    assert "Đã đăng ký ở nơi khác" in submitted.events.last().note


def test_an_apology_is_drafted_a_working_day_before_the_due_date_and_signed_by_the_leader(
    submitted, staff, django_capture_on_commit_callbacks, mailoutbox
):
    from datetime import timedelta

    from motcua.workflow.models import Apology

    services.receive(submitted, staff["reception"])
    submitted.refresh_from_db()
    due = submitted.due_at
    assert services.draft_apologies(now=due - timedelta(days=10)) == 0  # far from the due date
    assert services.draft_apologies(now=due - timedelta(hours=2)) == 1
    assert services.draft_apologies(now=due - timedelta(hours=1)) == 0  # one draft is enough
    apology = Apology.objects.get()
    assert apology.new_due_at > due
    with pytest.raises(PermissionDenied):
        services.sign_apology(apology, staff["reception"], reason="Chờ xác minh")
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_apology(apology, staff["leader"], reason="Cần xác minh thông tin nơi sinh với bệnh viện")
    submitted.refresh_from_db()
    assert submitted.due_at == apology.new_due_at
    assert submitted.issued.filter(kind="04").exists()
    assert "xin lỗi" in mailoutbox[-1].subject


def test_the_register_and_control_sheet_download_as_pdf_and_excel(client, submitted, staff):
    import io

    from openpyxl import load_workbook

    services.receive(submitted, staff["reception"])
    client.force_login(staff["reception"])
    day = submitted.submitted_at.astimezone().date().isoformat()
    query = {"agency": submitted.agency.pk, "start": day, "end": day}
    pdf = client.get("/mot-cua/so-theo-doi/", {**query, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/mot-cua/so-theo-doi/", {**query, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B5"].value == submitted.code and sheet["C5"].value == submitted.procedure.name
    control = load_workbook(
        io.BytesIO(client.get(f"/mot-cua/ho-so/{submitted.code}/phieu-kiem-soat.xlsx").content)
    ).active
    assert control["A5"].value == "Tiếp nhận hồ sơ" and control["E5"].value == staff["reception"].full_name
    bad = client.get("/mot-cua/so-theo-doi/", {**query, "start": "2026-12-31", "end": "2026-01-01", "format": "pdf"})
    assert "Đến ngày phải sau hoặc bằng từ ngày." in bad.content.decode()


def test_shipped_workflows_load_and_bad_ones_are_refused(procedure):
    from motcua.workflow.models import Workflow

    assert services.load_shipped_workflows() == 2  # the default and 1.001193 (the only procedure here)
    assert services.steps_for(procedure)[0] == {"step": "reception", "role": "reception", "share": 5}
    with pytest.raises(ValidationError) as error:
        services.save_workflow(
            procedure,
            [{"step": "reception", "role": "reception", "share": 50}, {"step": "dance", "role": "x", "share": 10}],
        )
    assert error.value.message_dict["steps"] == [
        "Bước không hợp lệ: dance.",
        "Vai trò không hợp lệ: x.",
        "Tổng thời gian của các bước phải bằng 100% thời hạn giải quyết.",
    ]
    assert Workflow.objects.get(procedure=procedure).steps[0]["share"] == 5


def test_a_transfer_to_another_agency_is_a_sub_task_on_the_control_sheet(submitted, staff):
    from motcua.accounts.tests.factories import UserFactory
    from motcua.dossiers.selectors import dossier_for
    from motcua.units.tests.factories import AgencyFactory
    from motcua.workflow.models import Transfer

    police = AgencyFactory(name="Công an phường Hải Châu", kind="police")
    officer = UserFactory(kind="officer", full_name="Đặng Văn Giang")
    Membership.objects.create(user=officer, agency=police, role=Role.SPECIALIST)
    assert dossier_for(officer, submitted.code) is None
    services.receive(submitted, staff["reception"])
    services.assign(submitted, staff["reception"], staff["specialist"])
    with pytest.raises(ValidationError):
        services.transfer(submitted, staff["specialist"], to_agency=submitted.agency, request="Tự chuyển")
    item = services.transfer(
        submitted, staff["specialist"], to_agency=police, request="Xác minh nơi cư trú của người mẹ", share=20
    )
    assert item.due_at is not None
    assert dossier_for(officer, submitted.code) == submitted  # the other agency sees it while it works
    with pytest.raises(PermissionDenied):
        services.answer_transfer(item, staff["reception"], "Không phải việc của tôi")
    services.add_note(submitted, officer, "Đã xác minh tại tổ dân phố 5")
    services.answer_transfer(item, officer, "Người mẹ thường trú tại tổ 5, phường Hải Châu")
    handoff = Handoff.objects.get(dossier=submitted, step=Step.TRANSFER)
    assert (handoff.to_unit, handoff.receiver, handoff.done_at is not None) == (
        "Công an phường Hải Châu",
        officer,
        True,
    )
    assert Transfer.objects.get().answer.startswith("Người mẹ")
    # The specialist who holds the dossier hears the answer came back, and may now propose it.
    from motcua.notifications.models import Message

    told = Message.objects.filter(event="officer.dossier_back", channel="app").values_list("user", flat=True)
    assert list(told) == [staff["specialist"].pk]
    with pytest.raises(PermissionDenied):
        services.add_note(submitted, submitted.applicant, "Tôi muốn xem")


def test_a_fee_request_pauses_the_clock_until_paid(submitted, staff):
    services.receive(submitted, staff["reception"])
    services.assign(submitted, staff["reception"], staff["specialist"])
    submitted.refresh_from_db()
    due = submitted.due_at
    with pytest.raises(ValidationError):
        services.request_payment(submitted, staff["specialist"], amount=0, reason="Lệ phí")
    services.request_payment(submitted, staff["specialist"], amount=8000, reason="Lệ phí đăng ký khai sinh quá hạn")
    submitted.refresh_from_db()
    assert submitted.status == Status.PAYMENT and submitted.paused_at is not None
    with pytest.raises(ValidationError):
        services.propose(submitted, staff["specialist"])
    services.payment_received(submitted, staff["reception"], note="Biên lai số 0001")
    submitted.refresh_from_db()
    assert submitted.status == Status.PROCESSING and submitted.paused_at is None and submitted.due_at >= due
