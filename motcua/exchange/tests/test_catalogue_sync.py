"""The catalogue with the national procedures database: national codes in (new ones as drafts for
the city to publish, changes applied, abolished ones withdrawn), the city's catalogue out."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from motcua.catalogue.models import Procedure
from motcua.catalogue.tests.factories import make_procedure
from motcua.exchange import protocol
from motcua.notifications.simulator import GatewaySimulator
from motcua.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def national(code, name, **extra):
    """A procedure as the national database publishes it (its own field names)."""
    return {
        "ma_thu_tuc": code,
        "ten_thu_tuc": name,
        "cap_thuc_hien": "Cấp xã",
        "linh_vuc": "Hộ tịch",
        "so_quyet_dinh": "1872/QĐ-BTP",
        "doi_tuong_thuc_hien": "Công dân Việt Nam",
        "co_quan_thuc_hien": "Ủy ban nhân dân cấp xã",
        "trinh_tu_thuc_hien": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
        "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm việcLệ phí : 8.000 ĐồngNộp tại UBND xã",
        "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai theo mẫu1 bản chính",
        "ket_qua_xu_ly": "Giấy xác nhận",
        "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Hộ tịch60/2014/QH13",
        **extra,
    }


@pytest.fixture
def portal(settings):
    simulator = GatewaySimulator().start()
    settings.MOTCUA_NATIONAL_PORTAL = {
        **settings.MOTCUA_NATIONAL_PORTAL,
        "catalogue_url": f"{simulator.url}/dvcqg/thu-tuc",
    }
    yield simulator
    simulator.stop()


def test_national_codes_come_in_as_drafts_changes_apply_and_abolished_ones_are_withdrawn(portal, client):
    ward = AgencyFactory()
    kept = make_procedure(code="1.000001", name="Thủ tục cũ", agencies=[ward.code])
    gone = make_procedure(code="1.000002", name="Thủ tục sắp bãi bỏ", agencies=[ward.code])
    portal.procedures = [
        national("1.000001", "Thủ tục cũ (tên sửa theo quyết định mới)"),
        national("1.000002", "Thủ tục sắp bãi bỏ", trang_thai="Bãi bỏ"),
        national("2.000099", "Thủ tục mới ban hành"),
    ]
    out = []
    call_command("sync_catalogue", "--since", "2026-11-01", stdout=_Sink(out))
    assert portal.catalogue_requests == ["since=2026-11-01"]
    assert "3 thủ tục: 1 mới (dự thảo), 2 cập nhật" in out[0]
    kept.refresh_from_db()
    assert (kept.name, kept.status, list(kept.agencies.all())) == (
        "Thủ tục cũ (tên sửa theo quyết định mới)",
        "published",
        [ward],
    )
    assert kept.versions.count() == 2 and kept.time_text == "5 Ngày làm việc"
    gone.refresh_from_db()
    assert gone.status == Procedure.Status.WITHDRAWN
    new = Procedure.objects.get(code="2.000099")
    assert new.status == Procedure.Status.DRAFT  # the city checks it and publishes it
    assert client.get("/thu-tuc/2.000099/").status_code == 404  # not public until then
    assert client.get("/thu-tuc/1.000002/").status_code == 404


def test_a_bad_feed_or_an_unreachable_database_changes_nothing(portal):
    make_procedure(code="1.000001", name="Thủ tục cũ")
    portal.procedures = [national("1.000001", "Tên mới"), {"ma_thu_tuc": "", "ten_thu_tuc": "Không mã"}]
    with pytest.raises(CommandError, match="không thay đổi gì"):
        call_command("sync_catalogue", "--all", stdout=_Sink([]), stderr=_Sink([]))
    assert Procedure.objects.get(code="1.000001").name == "Thủ tục cũ"
    portal.mode = "error"
    with pytest.raises(CommandError, match="Không đọc được danh mục"):
        call_command("sync_catalogue", "--all", stdout=_Sink([]))


def signed_get(client, path):
    stamp = str(int(time.time()))
    return client.get(
        path,
        HTTP_X_PORTAL_KEY="dvcqg-dev",
        HTTP_X_PORTAL_TIMESTAMP=stamp,
        HTTP_X_PORTAL_SIGNATURE=protocol.signature(stamp, b""),
    )


def test_the_city_catalogue_is_published_for_the_national_portal(client):
    ward = AgencyFactory(code="000.31.00.H17")
    make_procedure(code="1.000001", name="Thủ tục đang công bố", online_level="full", agencies=[ward.code])
    make_procedure(code="1.000002", name="Thủ tục dự thảo", status="draft")
    make_procedure(code="1.000003", name="Thủ tục đã bãi bỏ", status="withdrawn")
    assert client.get("/api/v1/national-portal/catalogue").status_code in (401, 403)
    data = signed_get(client, "/api/v1/national-portal/catalogue").json()
    assert [(p["MaTTHC"], p["TrangThai"]) for p in data["data"]] == [("1.000001", "Công bố"), ("1.000003", "Bãi bỏ")]
    first = data["data"][0]
    assert (first["MucDo"], first["CoQuanThucHien"], first["CapThucHien"]) == (
        "Toàn trình",
        [{"MaCoQuan": "000.31.00.H17", "TenCoQuan": ward.name}],
        ["Cấp xã"],
    )
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert signed_get(client, f"/api/v1/national-portal/catalogue?since={tomorrow}").json()["SoLuong"] == 0
    assert signed_get(client, "/api/v1/national-portal/catalogue?since=hôm-qua").status_code == 400


class _Sink:
    def __init__(self, lines):
        self.lines = lines

    def write(self, text):
        self.lines.append(text)

    def flush(self):
        pass
