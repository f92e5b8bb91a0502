"""Who hears of what, in which words: templates per event and channel, SMS size, Zalo templates."""

from datetime import timedelta

import pytest

from motcua.accounts.tests.factories import AgentFactory, UserFactory
from motcua.dossiers import services as dossiers
from motcua.dossiers.tests.factories import birth_values, citizen, pdf_upload
from motcua.notifications import services, texts
from motcua.notifications.models import Message, MessageTemplate
from motcua.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("event", list(texts.EVENTS))
def test_every_sms_fits_one_message_without_diacritics(event):
    values = {**texts.EVENTS[event].sample, "procedure": "Thủ tục " * 40, "reason": "Lý do rất dài " * 30}
    text = texts.compose(event, "sms", values).body
    assert len(text) <= 160 and text.isascii(), text


def test_sms_keeps_diacritics_within_70_characters_when_the_gateway_takes_unicode(settings):
    settings.MOTCUA_SMS_UNACCENTED = False
    text = texts.compose("dossier.received", "sms", texts.EVENTS["dossier.received"].sample).body
    assert len(text) <= 70 and not text.isascii(), text


def test_an_admins_wording_replaces_the_default_for_that_channel_only(
    submitted, staff, django_capture_on_commit_callbacks, mailoutbox
):
    MessageTemplate.objects.create(
        event="dossier.received",
        channel="long",
        subject="[{{ agency }}] Đã nhận hồ sơ {{ code }}",
        body="Xin chào, hồ sơ {{ procedure }} đã vào xử lý, {{ appointment }}.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(submitted, staff["reception"])
    notice = Message.objects.get(user=submitted.applicant, channel="app", event="dossier.received")
    assert notice.subject == f"[{submitted.agency.name}] Đã nhận hồ sơ {submitted.code}"
    assert notice.body.startswith(f"Xin chào, hồ sơ {submitted.procedure.name} đã vào xử lý, hẹn trả kết quả")
    assert mailoutbox[-1].subject == notice.subject


def test_the_admin_previews_a_template_and_refuses_one_that_does_not_fit(admin_client):
    too_long = admin_client.post(
        "/quan-tri/notifications/messagetemplate/add/",
        {
            "event": "dossier.received",
            "channel": "sms",
            "subject": "x",
            "body": "Hồ sơ {{ code }} của {{ procedure }} tại {{ agency }} đã được tiếp nhận, {{ appointment }}. Xem {{ link }}",
        },
    )
    assert "vượt quá 160 ký tự" in too_long.content.decode() and not MessageTemplate.objects.exists()
    broken = admin_client.post(
        "/quan-tri/notifications/messagetemplate/add/",
        {
            "event": "dossier.received",
            "channel": "long",
            "subject": "Hồ sơ {% if code %}{{ code }}",
            "body": "x",
        },
    )
    assert "Mẫu không hợp lệ" in broken.content.decode() and not MessageTemplate.objects.exists()
    saved = admin_client.post(
        "/quan-tri/notifications/messagetemplate/add/",
        {
            "event": "dossier.received",
            "channel": "sms",
            "subject": "x",
            "body": "Ho so {{ code }} da tiep nhan, {{ appointment }}",
        },
    )
    assert saved.status_code == 302
    page = admin_client.get(
        f"/quan-tri/notifications/messagetemplate/{MessageTemplate.objects.get().pk}/change/"
    ).content.decode()
    assert "Ho so 000.23.00.H17-261125-0042 da tiep nhan, hen tra ket qua 16:30 ngay 30/11/2026" in page


def test_zalo_gets_the_registered_template_with_the_events_values(
    gateway, submitted, staff, django_capture_on_commit_callbacks
):
    submitted.applicant.notify_by_zalo = True
    submitted.applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(submitted, staff["reception"])
    zalo = [m for m in gateway.received.values() if m["channel"] == "zalo"]
    assert len(zalo) == 1
    assert zalo[0]["to"] == "84" + submitted.applicant.phone[1:] and zalo[0]["template_id"] == "231456"
    assert (
        zalo[0]["template_data"]["code"] == submitted.code
        and "hẹn trả kết quả" in zalo[0]["template_data"]["appointment"]
    )
    # An event with no approved Zalo template is not sent on Zalo (the other channels still carry it).
    assert not Message.objects.filter(channel="zalo", event="dossier.submitted").exists()


def test_a_zalo_error_answer_is_retried(gateway, settings):
    settings.MOTCUA_ZALO_ACCESS_TOKEN = ""
    user = UserFactory(notify_by_zalo=True, notify_by_email=False, notify_by_sms=False)
    message = next(
        m
        for m in services.notify(
            user, key="z", event="dossier.received", values=texts.EVENTS["dossier.received"].sample
        )
        if m.channel == "zalo"
    )
    delivered = services.deliver_now(message.pk)
    assert delivered.state == Message.State.PENDING and "Zalo -124" in delivered.last_error
    settings.MOTCUA_ZALO_ACCESS_TOKEN = "oa-token"
    assert services.deliver_now(message.pk).state == Message.State.SENT


def test_the_agent_hears_as_well_as_the_applicant_and_the_officers_hear_of_new_dossiers(procedure, agency, staff):
    agent, applicant = AgentFactory(), citizen()
    dossier = dossiers.submit_new(
        procedure,
        user=agent,
        applicant=applicant,
        form_values=birth_values(applicant, agency.unit),
        uploads=[(1, pdf_upload())],
        consent_method="Giấy ủy quyền",
    ).dossier
    told = Message.objects.filter(topic=f"dossier:{dossier.pk}", channel="app")
    assert set(told.filter(event="dossier.submitted").values_list("user", flat=True)) == {agent.pk, applicant.pk}
    new = told.get(event="officer.new_dossier")
    assert new.user == staff["reception"] and f"/mot-cua/ho-so/{dossier.code}/" in new.body


def test_returned_results_are_told_with_how_they_were_returned(submitted, staff):
    submitted.delivery, submitted.delivery_address = "post", "12 Bạch Đằng, phường Hải Châu, Đà Nẵng"
    submitted.save()
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    workflow.propose(submitted, staff["specialist"], "Đề nghị cấp")
    workflow.approve_and_sign(submitted, staff["leader"])
    workflow.hand_over(submitted, staff["reception"], tracking="EB123456789VN")
    returned = Message.objects.get(user=submitted.applicant, channel="app", event="dossier.returned")
    assert "qua bưu chính, mã bưu gửi EB123456789VN" in returned.body


def test_officers_hear_once_that_a_dossier_is_about_to_be_late(submitted, staff):
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    submitted.refresh_from_db()
    workflow.draft_apologies(now=submitted.due_at - timedelta(hours=2))
    workflow.draft_apologies(now=submitted.due_at - timedelta(hours=1))
    warned = Message.objects.filter(event="officer.due_soon", channel="app")
    assert sorted(warned.values_list("user", flat=True)) == sorted([staff["specialist"].pk, staff["leader"].pk])
    assert submitted.code in warned.first().subject
