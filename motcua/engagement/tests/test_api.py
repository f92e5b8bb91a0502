import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.engagement import feedback, queue, services
from motcua.engagement.models import QueueService

pytestmark = pytest.mark.django_db
TEXT = "Quầy hộ tịch đông người, chờ hơn hai tiếng mà không có ai hướng dẫn lấy số."


def test_rating_over_the_api_once_with_field_errors(finished):
    api = APIClient()
    api.force_authenticate(finished.applicant)
    bad = api.post(f"/api/v1/dossiers/{finished.code}/rating", {"overall": 7}, format="json")
    assert bad.status_code == 400 and "overall" in bad.json()
    assert (
        api.post(f"/api/v1/dossiers/{finished.code}/rating", {"overall": 5, "time": 4}, format="json").status_code
        == 201
    )
    again = api.post(f"/api/v1/dossiers/{finished.code}/rating", {"overall": 1}, format="json")
    assert again.status_code == 400 and "đã được đánh giá" in again.content.decode()


def test_feedback_over_the_api(agency, staff):
    api = APIClient()
    created = api.post(
        "/api/v1/feedback", {"about": "agency", "agency": agency.pk, "title": "Chờ lâu", "content": TEXT}, format="json"
    )
    assert created.status_code == 201 and created.json()["state"] == "open"
    code = created.json()["code"]
    assert api.post("/api/v1/feedback", {"about": "agency", "title": "", "content": "x"}, format="json").json()[
        "title"
    ] == ["Trường này là bắt buộc."]
    feedback.answer(
        feedback.Feedback.objects.get(code=code), staff["leader"], text="Đã bố trí thêm cán bộ vào buổi sáng."
    )
    assert api.get(f"/api/v1/feedback/{code}").json()["answer"] == "Đã bố trí thêm cán bộ vào buổi sáng."
    assert api.get("/api/v1/feedback/answers", {"q": "bo tri them"}).json()[0]["code"] == code


def test_queue_board_ticket_report_and_service_points(agency, counter, staff, finished):
    service = QueueService.objects.create(agency=agency, letter="A", name="Hộ tịch")
    service.counters.add(counter)
    ticket = queue.take_ticket(service)
    services.start_duty(staff["reception"], counter)
    api = APIClient()
    assert api.get(f"/api/v1/queue/tickets/{ticket.public_id}").json() | {"ahead": 0} == {
        "number": "A001",
        "service": "Hộ tịch",
        "state": "waiting",
        "counter": None,
        "ahead": 0,
    }
    queue.call_next(staff["reception"])
    assert api.get(f"/api/v1/queue/{agency.code}/board").json()["called"][0]["number"] == "A001"
    services.rate_at_counter(counter, 5)
    today = timezone.localdate().isoformat()
    assert api.get("/api/v1/ratings/report", {"start": today, "end": today}).status_code in (401, 403)
    api.force_authenticate(staff["leader"])
    assert (
        api.get("/api/v1/ratings/report", {"start": today, "end": today, "by": "officer"}).json()[0]["label"]
        == "Trần Thị Bình"
    )
    points = APIClient().get("/api/v1/service-points").json()
    assert {"code": agency.code, "name": agency.name, "lat": None}.items() <= next(
        p for p in points if p["code"] == agency.code
    ).items()
