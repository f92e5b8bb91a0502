import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from motcua.accounts.models import Membership, Role
from motcua.accounts.selectors import managed_agencies
from motcua.accounts.tests.factories import UserFactory
from motcua.engagement import selectors, services
from motcua.engagement.models import Rating

pytestmark = pytest.mark.django_db


def test_the_applicant_rates_a_finished_dossier_once(finished, staff, client):
    client.force_login(finished.applicant)
    page = client.get(f"/ho-so/{finished.code}/").content.decode()
    assert "Đánh giá mức độ hài lòng" in page and "Thái độ, tinh thần phục vụ của cán bộ" in page
    answer = client.post(
        f"/ho-so/{finished.code}/danh-gia/",
        {"overall": "4", "attitude": "5", "time": "3", "comment": "Nhanh gọn"},
        follow=True,
    )
    assert "Cảm ơn bạn đã đánh giá" in answer.content.decode()
    rating = Rating.objects.get()
    assert (rating.overall, rating.attitude, rating.time, rating.information) == (4, 5, 3, None)
    assert rating.officer == staff["reception"] and rating.agency == finished.agency
    client.post(f"/ho-so/{finished.code}/danh-gia/", {"overall": "1"})
    assert Rating.objects.count() == 1 and Rating.objects.get().overall == 4  # once


def test_ratings_are_refused_before_the_result_outside_1_to_5_and_by_others(submitted, finished):
    with pytest.raises(PermissionDenied):
        services.rate_dossier(finished, UserFactory(), overall=5)
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        services.rate_dossier(finished, finished.applicant, overall=9)
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        services.rate_dossier(finished, finished.applicant, overall=5, cost="nhiều")
    assert not Rating.objects.exists()


def test_the_counters_tablet_rates_the_officer_on_duty(client, counter, staff):
    token = services.kiosk_token(counter)
    services.start_duty(staff["reception"], counter)
    page = client.get(f"/danh-gia/may/{token}/").content.decode()
    assert "Trần Thị Bình" in page and "Rất hài lòng" in page
    assert client.post(f"/danh-gia/may/{token}/", {"overall": "5"})["Location"].endswith("?cam-on=1")
    services.start_duty(staff["specialist"], counter)  # the next shift
    client.post(f"/danh-gia/may/{token}/", {"overall": "2"})
    assert list(Rating.objects.order_by("pk").values_list("officer__full_name", "overall", "source")) == [
        ("Trần Thị Bình", 5, "kiosk"),
        ("Lê Văn Cường", 2, "kiosk"),
    ]
    assert client.get("/danh-gia/may/gia-mao/").status_code == 404
    client.post(f"/danh-gia/may/{token}/", {"overall": "0"})
    assert Rating.objects.count() == 2


def test_an_officer_cannot_sit_at_another_agencys_counter(counter):
    stranger = UserFactory(kind="officer")
    with pytest.raises(PermissionDenied):
        services.start_duty(stranger, counter)


def test_reports_per_agency_counter_and_officer(finished, counter, staff, client):
    services.rate_dossier(finished, finished.applicant, overall=4, attitude=5)
    services.start_duty(staff["reception"], counter)
    for score in (5, 3):
        services.rate_at_counter(counter, score)
    today = timezone.localdate()  # the report counts days in Vietnam's time
    by_agency = selectors.report([finished.agency], today, today)
    assert by_agency[0]["count"] == 3 and by_agency[0]["overall"] == 4.0 and by_agency[0]["satisfied_share"] == 66.7
    by_counter = {row["label"]: row["count"] for row in selectors.report([finished.agency], today, today, by="counter")}
    assert by_counter == {"Quầy 1 – Hộ tịch – chứng thực": 2, "Trực tuyến": 1}
    assert selectors.report([finished.agency], today, today, by="officer")[0] | {"criteria": None} == {
        "label": "Trần Thị Bình",
        "agency": finished.agency.name,
        "count": 3,
        "overall": 4.0,
        "satisfied_share": 66.7,
        "criteria": None,
    }

    client.force_login(staff["specialist"])
    assert client.get("/mot-cua/danh-gia/").status_code == 403
    client.force_login(staff["leader"])
    page = client.get(
        "/mot-cua/danh-gia/", {"start": today.isoformat(), "end": today.isoformat(), "by": "counter"}
    ).content.decode()
    assert (
        "Quầy 1 – Hộ tịch – chứng thực" in page and "50,0" in page
    )  # half of that counter's two; Vietnamese decimal comma
    city = UserFactory(kind="officer")
    Membership.objects.create(user=city, role=Role.CITY_MANAGEMENT)
    assert finished.agency in managed_agencies(city)
