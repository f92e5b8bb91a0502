"""The national portal: dossiers arriving (signed, validated, once per MaHoSo, into the reception
inbox) and every status going back exactly once, in order, even across an outage."""

import base64
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.tests.factories import pdf_bytes
from motcua.exchange import protocol, services
from motcua.exchange.models import StatusUpdate
from motcua.notifications.models import Message
from motcua.workflow import selectors as workflow_selectors
from motcua.workflow import services as workflow

pytestmark = pytest.mark.django_db
URL = "/api/v1/national-portal/dossiers"


def payload(**overrides):
    return {
        "MaHoSo": "G22.99-261125-000123",
        "MaTTHC": "1.001193",
        "KenhThucHien": "2",
        "ChuHoSo": "Lê Thị Hồng",
        "DinhDanhCHS": "048195004321",
        "SoDienThoai": "0905777888",
        "TrangThaiHoSo": "1",
        "TaiLieuNop": [
            {
                "TenTepDinhKem": "giay-chung-sinh.pdf",
                "TenGiayTo": "Giấy chứng sinh",
                "DuocSoHoa": True,
                "DuocTaiSuDung": False,
                "NoiDung": base64.b64encode(pdf_bytes()).decode(),
            }
        ],
        "DanhSachGiayToKetQua": [],
        **overrides,
    }


def send(client, data, *, secret=None, timestamp=None):
    body = json.dumps(data).encode()
    stamp = str(timestamp or int(time.time()))
    return client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_PORTAL_KEY="dvcqg-dev",
        HTTP_X_PORTAL_TIMESTAMP=stamp,
        HTTP_X_PORTAL_SIGNATURE=protocol.signature(stamp, body, secret),
    )


def test_a_signed_dossier_enters_the_reception_inbox_once(client, procedure, staff):
    first = send(client, payload())
    assert first.status_code == 201, first.content
    dossier = Dossier.objects.get()
    assert (
        first.json()["MaHoSoDiaPhuong"] == dossier.code
        and dossier.channel == "national_portal"
        and dossier.status == Status.SUBMITTED
    )
    assert dossier.applicant.national_id == "048195004321" and dossier.files.get().document_name == "Giấy chứng sinh"
    _, _, rows = workflow_selectors.inbox_page(staff["reception"], queue="tiep-nhan")
    assert [d.code for d in rows] == [dossier.code]
    assert Message.objects.filter(user=staff["reception"], event="officer.new_dossier").exists()
    again = send(client, payload())
    assert again.status_code == 200 and again.json()["trung_lap"] and Dossier.objects.count() == 1
    assert "NoiDung" not in json.dumps(dossier.portal.payload)  # the file is stored once, not in the payload


@pytest.mark.parametrize("secret, skew", [("not-the-shared-secret", 0), (None, 3600)])
def test_an_unsigned_or_stale_request_is_refused_and_changes_nothing(client, procedure, secret, skew):
    answer = send(client, payload(), secret=secret, timestamp=int(time.time()) - skew)
    assert answer.status_code in (401, 403) and not Dossier.objects.exists()


def test_bad_fields_are_named_and_nothing_is_kept(client, procedure):
    answer = send(
        client,
        payload(
            MaTTHC="9.999999",
            DinhDanhCHS="12345",
            KenhThucHien="7",
            TrangThaiHoSo="4",
            TaiLieuNop=[{"TenTepDinhKem": "a.pdf", "NoiDung": "khong-phai-base64!"}],
        ),
    )
    errors = answer.json()
    assert answer.status_code == 400
    assert errors["MaTTHC"] == ["Không có thủ tục mã 9.999999 trong danh mục của thành phố."]
    assert set(errors) >= {"DinhDanhCHS", "KenhThucHien", "TrangThaiHoSo", "TaiLieuNop[0]"}
    missing = send(client, {"MaTTHC": "1.001193"}).json()
    assert missing["MaHoSo"] == ["Trường này là bắt buộc."] and missing["ChuHoSo"] == ["Trường này là bắt buộc."]
    assert not Dossier.objects.exists()


def test_every_status_arrives_once_in_order_after_the_portal_was_down(
    gateway, settings, procedure, staff, django_capture_on_commit_callbacks
):
    settings.MOTCUA_NATIONAL_PORTAL = {**settings.MOTCUA_NATIONAL_PORTAL, "status_url": f"{gateway.url}/dvcqg"}
    settings.MOTCUA_GATEWAY_TIMEOUT = 1
    gateway.mode = "error"
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.receive(payload())
        workflow.receive(dossier, staff["reception"])
        workflow.assign(dossier, staff["reception"], staff["specialist"])
        workflow.propose(dossier, staff["specialist"], "Đề nghị cấp")
    updates = StatusUpdate.objects.filter(portal__dossier=dossier)
    assert list(updates.values_list("status", flat=True)) == [Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING]
    assert set(updates.values_list("state", flat=True)) == {"pending"} and not gateway.received

    gateway.mode = "up"
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue_due(now=timezone.now() + timedelta(hours=1))
    assert set(updates.values_list("state", flat=True)) == {"sent"}
    arrived = [m for m in gateway.received.values() if m["channel"] == "dvcqg"]
    assert [m["id"] for m in arrived] == list(updates.values_list("key", flat=True))  # in order, once each
    assert [m["TrangThaiHoSo"] for m in arrived] == [str(s) for s in updates.values_list("status", flat=True)]
    assert arrived[1]["NgayHenTra"] and arrived[0]["MaHoSo"] == "G22.99-261125-000123"

    StatusUpdate.objects.filter(pk=updates.first().pk).update(state="pending")  # a retry after a crash
    services.push(updates.first().pk)
    assert len([m for m in gateway.received.values() if m["channel"] == "dvcqg"]) == len(arrived)


def test_the_states_of_dossiers_submitted_here_are_synced_too(
    gateway, settings, submitted, staff, django_capture_on_commit_callbacks
):
    settings.MOTCUA_NATIONAL_PORTAL = {**settings.MOTCUA_NATIONAL_PORTAL, "status_url": f"{gateway.url}/dvcqg"}
    with django_capture_on_commit_callbacks(execute=True):
        workflow.receive(submitted, staff["reception"])
        services.requeue_due()  # the submission's update, queued before the test's gateway was up
    arrived = [m for m in gateway.received.values() if m["channel"] == "dvcqg"]
    assert [m["TrangThaiHoSo"] for m in arrived] == ["1", "2"]
    first = arrived[1]
    assert (first["MaHoSo"], first["MaTTHC"], first["MaCoQuan"], first["KenhThucHien"]) == (
        submitted.code,
        "1.001193",
        submitted.agency.code,
        "2",
    )
    assert first["NgayTiepNhan"] and first["ChuHoSo"] == submitted.applicant.full_name
    assert submitted.portal.origin == "local"

    settings.MOTCUA_NATIONAL_PORTAL = {**settings.MOTCUA_NATIONAL_PORTAL, "sync_local": False}
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign(submitted, staff["reception"], staff["specialist"])
    assert StatusUpdate.objects.filter(portal__dossier=submitted).count() == 2
