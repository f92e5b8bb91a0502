import pytest
from rest_framework.test import APIClient

from motcua.dossiers.models import Status

pytestmark = pytest.mark.django_db


def as_(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_officer_works_a_dossier_through_the_api(submitted, staff):
    reception = as_(staff["reception"])
    inbox = reception.get("/api/v1/inbox").json()
    assert inbox["queue"] == "tiep-nhan" and inbox["results"][0]["code"] == submitted.code
    assert reception.get("/api/v1/inbox", {"state": "11"}).json() == {
        "state": ["Trạng thái phải là một số từ 1 đến 10."]
    }

    received = reception.post(f"/api/v1/dossiers/{submitted.code}/actions/receive", {}, format="json")
    assert received.status_code == 200 and received.json()["status"]["code"] == Status.RECEIVED
    again = reception.post(f"/api/v1/dossiers/{submitted.code}/actions/receive", {}, format="json")
    assert again.status_code == 400 and "Không thể tiếp nhận" in again.json()["detail"][0]
    refused = as_(staff["specialist"]).post(
        f"/api/v1/dossiers/{submitted.code}/actions/assign", {"specialist": staff["specialist"].pk}, format="json"
    )
    assert refused.status_code == 403
    reception.post(
        f"/api/v1/dossiers/{submitted.code}/actions/assign", {"specialist": staff["specialist"].pk}, format="json"
    )
    as_(staff["specialist"]).post(
        f"/api/v1/dossiers/{submitted.code}/actions/propose", {"note": "Đủ điều kiện"}, format="json"
    )
    signed = as_(staff["leader"]).post(f"/api/v1/dossiers/{submitted.code}/actions/approve", {}, format="json")
    assert signed.json()["status"]["code"] == Status.FINISHED
    assert as_(submitted.applicant).get("/api/v1/inbox").status_code == 403
    assert reception.post(f"/api/v1/dossiers/{submitted.code}/actions/dance", {}, format="json").status_code == 404
