from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from motcua.dossiers.tests.factories import exe_upload, pdf_upload
from motcua.engagement import feedback
from motcua.engagement.models import Feedback
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db
TEXT = "Tôi chờ hơn hai tiếng tại quầy hộ tịch mà không được hướng dẫn. Số điện thoại của tôi 0905123456, CCCD 048090001234."


def test_anonymous_feedback_gets_a_code_a_deadline_and_reaches_the_agency(client, agency, staff):
    answer = client.post(
        "/phan-anh-kien-nghi/gui/",
        {
            "about": "agency",
            "agency": agency.pk,
            "title": "Chờ lâu tại quầy",
            "content": TEXT,
            "files": [pdf_upload("anh.pdf")],
        },
    )
    found = Feedback.objects.get()
    assert answer["Location"].endswith(f"?ma={found.code}&moi=1") and found.code.startswith("PAKN-")
    assert found.anonymous and found.agency == agency and found.files.count() == 1
    assert found.due_at > found.created_at + timedelta(days=9)  # ten working days
    told = Message.objects.filter(event="officer.feedback_new", channel="app")
    assert {m.user for m in told} == {staff["reception"], staff["leader"]}
    page = client.get(f"/phan-anh-kien-nghi/tra-cuu/?ma={found.code}&moi=1").content.decode()
    assert found.code in page and "Đang xử lý" in page


def test_bad_input_and_bad_files_change_nothing(client, agency):
    short = client.post(
        "/phan-anh-kien-nghi/gui/", {"about": "agency", "agency": agency.pk, "title": "x", "content": "ngắn"}
    )
    assert short.status_code == 400 and "ít nhất 20 ký tự" in short.content.decode()
    bad = client.post(
        "/phan-anh-kien-nghi/gui/",
        {"about": "agency", "agency": agency.pk, "title": "Ảnh", "content": TEXT, "files": [exe_upload()]},
    )
    assert bad.status_code == 400 and not Feedback.objects.exists()
    officer = client.post(
        "/phan-anh-kien-nghi/gui/", {"about": "officer", "agency": agency.pk, "title": "Thái độ", "content": TEXT}
    )
    assert "Vui lòng ghi tên hoặc vị trí của cán bộ" in officer.content.decode()
    assert not Feedback.objects.exists()
    _, stored = default_storage.listdir("phan-anh") if default_storage.exists("phan-anh") else ([], [])
    assert not stored


def test_sending_is_throttled_per_address(client, agency, settings):
    settings.MOTCUA_FEEDBACK_RATE = "2/h"
    data = {"about": "agency", "agency": agency.pk, "title": "Chờ lâu", "content": TEXT}
    for _ in range(2):
        assert client.post("/phan-anh-kien-nghi/gui/", data).status_code == 302
    third = client.post("/phan-anh-kien-nghi/gui/", data)
    assert third.status_code == 400 and "nhiều phản ánh trong thời gian ngắn" in third.content.decode()
    assert Feedback.objects.count() == 2


def test_the_answer_is_published_without_personal_data_and_found_by_search(client, agency, staff):
    found = feedback.submit(
        about="agency",
        agency=agency,
        title="Chờ lâu tại quầy hộ tịch",
        content=TEXT,
        name="Nguyễn Văn Bảy",
        email="bay@example.vn",
    )
    with pytest.raises(PermissionDenied):
        feedback.answer(found, staff["specialist"], text="Đã chấn chỉnh.")
    feedback.answer(
        found,
        staff["leader"],
        text="UBND phường đã bố trí thêm một quầy hộ tịch vào buổi sáng. Cảm ơn ông Nguyễn Văn Bảy.",
    )
    found.refresh_from_db()
    assert found.state == "answered" and found.published
    for text in (found.public_question, found.public_answer):
        assert "0905123456" not in text and "048090001234" not in text and "Nguyễn Văn Bảy" not in text
    assert "[số điện thoại]" in found.public_question and "[họ tên]" in found.public_answer
    assert Message.objects.filter(event="feedback.answered", channel="email", address="bay@example.vn").exists()
    page = client.get("/phan-anh-kien-nghi/", {"q": "cho lau ho tich"}).content.decode()  # unaccented
    assert "bố trí thêm một quầy hộ tịch" in page and "0905123456" not in page
    assert "bố trí thêm" not in client.get("/phan-anh-kien-nghi/", {"q": "dat dai"}).content.decode()
    with pytest.raises(ValidationError):
        feedback.answer(found, staff["leader"], text="Trả lời lần hai.")


def test_reminders_come_once_a_working_day_before_the_deadline_and_officers_see_overdue(client, agency, staff):
    found = feedback.submit(about="agency", agency=agency, title="Chờ lâu", content=TEXT)
    assert feedback.remind(now=found.created_at) == 0
    assert feedback.remind(now=found.due_at - timedelta(hours=2)) == 1
    assert feedback.remind(now=found.due_at - timedelta(hours=1)) == 0
    assert Message.objects.filter(event="officer.feedback_due", channel="app").count() == 2  # reception and leader
    Feedback.objects.filter(pk=found.pk).update(due_at=found.created_at - timedelta(days=1))
    client.force_login(staff["reception"])
    page = client.get("/mot-cua/phan-anh/").content.decode()
    assert found.code in page and "<strong>1</strong> quá hạn" in page
