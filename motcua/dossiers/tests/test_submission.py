from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from motcua.documents.models import StoreItem, StoreReuse
from motcua.dossiers import selectors, services
from motcua.dossiers.models import DailySequence, Dossier, Event, Status
from motcua.dossiers.tests.factories import birth_values, citizen, exe_upload, pdf_upload
from motcua.notifications.models import Message
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def filled_draft(procedure, user, agency, **values):
    draft = services.start_draft(procedure, user=user)
    draft.form_data = birth_values(user, agency.unit, **values)
    draft.save()
    services.add_file(draft, user=user, document_order=1, upload=pdf_upload())
    return draft


def test_a_submitted_dossier_gets_the_days_code_status_1_and_a_timeline(procedure, agency):
    user = citizen()
    first = services.submit(filled_draft(procedure, user, agency), user=user)
    second = services.submit(filled_draft(procedure, user, agency), user=user)
    today = first.submitted_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%y%m%d")
    assert first.code == f"000.23.00.H17-{today}-0001"
    assert second.code == f"000.23.00.H17-{today}-0002"
    assert first.status == Status.SUBMITTED
    assert first.procedure_version == procedure.versions.get()
    assert list(first.events.values_list("action", "to_status")) == [("created", 0), ("submitted", 1)]


def test_codes_restart_each_day_and_are_counted_per_agency(procedure, agency):
    other = AgencyFactory(code="000.24.00.H17")
    day = date(2026, 11, 25)
    assert services.next_code(agency, day) == "000.23.00.H17-261125-0001"
    assert services.next_code(agency, day) == "000.23.00.H17-261125-0002"
    assert services.next_code(other, day) == "000.24.00.H17-261125-0001"
    assert services.next_code(agency, date(2026, 11, 26)) == "000.23.00.H17-261126-0001"


def test_submitting_twice_makes_one_dossier(procedure, agency):
    user = citizen()
    draft = filled_draft(procedure, user, agency)
    first = services.submit(draft, user=user)
    again = services.submit(draft, user=user)
    assert again.pk == first.pk and again.code == first.code
    assert Dossier.objects.count() == 1
    assert DailySequence.objects.get().last == 1
    assert first.events.filter(action=Event.Action.SUBMITTED).count() == 1


def test_a_form_with_mistakes_is_not_submitted_and_says_what_to_fix(procedure, agency):
    user = citizen()
    draft = filled_draft(procedure, user, agency, requester_id="0480", child_name=None)
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=user)
    assert error.value.message_dict["form_data.requester_id"] == [
        "Số định danh cá nhân phải gồm đúng 12 chữ số của số định danh cá nhân (căn cước)."
    ]
    assert error.value.message_dict["form_data.child_name"] == ["Vui lòng nhập họ, chữ đệm, tên của trẻ."]
    draft.refresh_from_db()
    assert (draft.status, draft.code) == (Status.DRAFT, None)
    assert not DailySequence.objects.exists()


def test_a_dossier_without_any_document_is_not_submitted(procedure, agency):
    user = citizen()
    draft = services.start_draft(procedure, user=user)
    draft.form_data = birth_values(user, agency.unit)
    draft.save()
    with pytest.raises(ValidationError) as error:
        services.submit(draft, user=user)
    # The birth certificate is required; the power of attorney ("nếu có") is not.
    certificate = "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng"
    assert error.value.message_dict == {"files.1": [f"Vui lòng đính kèm {certificate} (giấy tờ bắt buộc)."]}


def test_submit_new_with_the_same_idempotency_key_returns_the_first_dossier(procedure, agency):
    user = citizen()
    arguments = {
        "user": user,
        "form_values": birth_values(user, agency.unit),
        "uploads": [(1, pdf_upload())],
        "idempotency_key": "k-1",
    }
    first = services.submit_new(procedure, **arguments)
    replay = services.submit_new(procedure, **{**arguments, "uploads": [(1, pdf_upload())]})
    assert not first.replayed and replay.replayed
    assert replay.dossier.pk == first.dossier.pk
    assert Dossier.objects.count() == 1


def stored_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_bad_input_to_submit_new_changes_nothing(procedure, agency, settings):
    user = citizen()
    with pytest.raises(ValidationError):
        services.submit_new(
            procedure, user=user, form_values=birth_values(user, agency.unit), uploads=[(1, exe_upload())]
        )
    with pytest.raises(ValidationError):
        services.submit_new(
            procedure,
            user=user,
            form_values=birth_values(user, agency.unit, child_gender="X"),
            uploads=[(1, pdf_upload())],
        )
    other_agency = AgencyFactory()  # valid form and file, but this agency does not do the procedure
    with pytest.raises(ValidationError) as error:
        services.submit_new(
            procedure,
            user=user,
            form_values=birth_values(user, agency.unit),
            uploads=[(1, pdf_upload())],
            agency=other_agency,
        )
    assert "agency" in error.value.message_dict
    assert not Dossier.objects.exists()
    assert not DailySequence.objects.exists()
    assert not Message.objects.exists()
    assert stored_files(settings) == []  # files stored before the failed transaction were removed


def test_uploaded_documents_join_the_personal_store_and_reuse_is_recorded(procedure, agency):
    user = citizen()
    services.submit(filled_draft(procedure, user, agency), user=user)
    item = StoreItem.objects.get(owner=user)
    assert item.kind == StoreItem.Kind.DOCUMENT and item.content_type == "application/pdf"

    draft = services.start_draft(procedure, user=user)
    attached = services.attach_from_store(draft, user=user, document_order=1, item=item)
    assert attached.file.name == item.file.name and attached.sha256 == item.sha256
    assert StoreReuse.objects.get().dossier == draft
    stranger = citizen()
    with pytest.raises(ValidationError):
        services.attach_from_store(
            services.start_draft(procedure, user=stranger), user=stranger, document_order=1, item=item
        )


def test_a_returning_user_finds_the_form_filled_from_profile_and_earlier_dossiers(procedure, agency):
    user = citizen(address="12 Bạch Đằng", address_unit=agency.unit)
    services.submit(filled_draft(procedure, user, agency), user=user)
    later = services.start_draft(procedure, user=user)
    assert later.form_data["requester_id"] == user.national_id
    assert later.form_data["requester_unit"] == agency.unit.code
    assert later.form_data["mother_name"] == "Trần Thị Hoa"  # typed once, in the first dossier


def test_an_address_under_an_old_commune_prefills_the_commune_that_absorbed_it(procedure, agency):
    from motcua.units.tests.factories import UnitFactory

    old = UnitFactory(name="Hòa Ninh", valid_to=date(2025, 6, 30), merged_into=agency.unit)
    user = citizen(address_unit=old)
    assert services.start_draft(procedure, user=user).form_data["requester_unit"] == agency.unit.code


@override_settings(MOTCUA_SMS_GATEWAY_URL="")
def test_the_applicant_is_told_in_the_same_transaction(
    procedure, agency, django_capture_on_commit_callbacks, mailoutbox
):
    user = citizen()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.submit(filled_draft(procedure, user, agency), user=user)
    message = Message.objects.get(channel="email")
    assert message.state == Message.State.SENT
    assert Message.objects.get(channel="app").state == Message.State.SENT  # and a notice on their page
    assert dossier.code in mailoutbox[0].subject


def test_only_the_applicant_agent_and_the_agencys_officers_see_a_dossier(procedure, agency):
    from motcua.accounts.models import Membership, Role

    user = citizen()
    dossier = services.submit(filled_draft(procedure, user, agency), user=user)
    officer, elsewhere, stranger = citizen(), citizen(), citizen()
    Membership.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    Membership.objects.create(user=elsewhere, agency=AgencyFactory(), role=Role.RECEPTION)
    assert selectors.dossier_for(user, dossier.code) == dossier
    assert selectors.dossier_for(officer, dossier.code) == dossier
    assert selectors.dossier_for(elsewhere, dossier.code) is None
    assert selectors.dossier_for(stranger, dossier.code) is None


def test_an_agent_submits_for_an_applicant_who_then_sees_it(procedure, agency):
    from motcua.accounts.tests.factories import AgentFactory

    agent, applicant = AgentFactory(), citizen()
    with pytest.raises(ValidationError) as error:
        services.start_draft(procedure, user=agent, applicant=applicant)
    assert "consent_method" in error.value.message_dict
    draft = services.start_draft(
        procedure, user=agent, applicant=applicant, consent_method="Giấy ủy quyền ngày 20/11/2026"
    )
    draft.form_data = birth_values(applicant, agency.unit)
    draft.save()
    services.add_file(draft, user=agent, document_order=1, upload=pdf_upload())
    dossier = services.submit(draft, user=agent)
    assert dossier.consent_recorded_at is not None and dossier.by_agent
    assert selectors.dossier_for(applicant, dossier.code) == dossier
    assert dossier in selectors.my_dossiers(agent)
    with pytest.raises(ValidationError):
        services.start_draft(procedure, user=citizen(), applicant=applicant, consent_method="tự nhận")


def test_a_supplement_is_asked_once_and_answered_with_exactly_those_documents(procedure, agency):
    from motcua.accounts.models import Membership, Role

    user, officer = citizen(), citizen()
    Membership.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    dossier = services.submit(filled_draft(procedure, user, agency), user=user)
    services.request_supplement(dossier, officer=officer, reason="Giấy chứng sinh bị mờ", orders=[1])
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    with pytest.raises(ValidationError, match="một lần"):
        services.request_supplement(dossier, officer=officer, reason="Lần hai", orders=[2])

    with pytest.raises(ValidationError) as error:
        services.answer_supplement(dossier, user=user, files={2: [pdf_upload()]})
    assert set(error.value.message_dict) == {"document_1", "document_2"}
    with pytest.raises(ValidationError) as error:
        services.answer_supplement(dossier, user=user, files={1: [exe_upload()]})
    assert "không phải là tệp hợp lệ" in error.value.message_dict["document_1"][0]
    assert dossier.files.count() == 1

    services.answer_supplement(dossier, user=user, files={1: [pdf_upload("ban-ro.pdf")]}, note="Đã chụp lại")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert dossier.files.filter(supplement__isnull=False).get().original_name == "ban-ro.pdf"


def test_withdrawal_is_asked_with_a_reason_and_only_while_it_can_still_stop(procedure, agency):
    user = citizen()
    dossier = services.submit(filled_draft(procedure, user, agency), user=user)
    with pytest.raises(ValidationError):
        services.request_withdrawal(dossier, user=user, reason=" ")
    with pytest.raises(PermissionDenied, match="Chỉ người nộp hồ sơ"):
        services.request_withdrawal(dossier, user=citizen(), reason="Không phải của tôi")
    services.request_withdrawal(dossier, user=user, reason="Đã làm ở nơi khác")
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAW_REQUESTED
    with pytest.raises(ValidationError, match="Không thể rút"):
        services.request_withdrawal(dossier, user=user, reason="Lần nữa")


def test_public_lookup_needs_the_code_and_the_applicants_phone_or_id(procedure, agency):
    user = citizen()
    dossier = services.submit(filled_draft(procedure, user, agency), user=user)
    assert selectors.public_status(dossier.code, user.phone) == dossier
    assert selectors.public_status(dossier.code.lower(), user.national_id) == dossier
    assert selectors.public_status(dossier.code, "0999999999") is None
    assert selectors.public_status("", user.phone) is None
