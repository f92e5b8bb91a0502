from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.models import Status
from motcua.dossiers.tests.factories import DossierFactory
from motcua.dossiers.tests.test_browser import sign_in
from motcua.indicators import services
from motcua.units.tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_management_drills_down_from_the_city_to_a_late_dossier(hard_moment, page):
    # At each hard moment: five minutes into a month the month holds five minutes of dossiers.
    ward = AgencyFactory(name="Ủy ban nhân dân phường Thử Nghiệm")
    now = timezone.now()
    late = DossierFactory(
        agency=ward,
        code="000.99.01.H17-261120-0001",
        received_at=now - timedelta(minutes=4),
        due_at=now - timedelta(minutes=2),
    )
    DossierFactory(
        agency=ward,
        procedure=late.procedure,
        received_at=now - timedelta(minutes=3),
        finished_at=now - timedelta(minutes=1),
        status=Status.RETURNED,
    )
    services.recount(services.month_of(now))
    boss = UserFactory(full_name="Lãnh đạo Thành phố Thử")
    Membership.objects.create(user=boss, role=Role.CITY_MANAGEMENT)

    page.goto("/")
    page.get_by_role("link", name="Thống kê", exact=True).click()
    expect(page.get_by_role("heading", name="Thống kê giải quyết thủ tục hành chính")).to_be_visible()
    expect(page.locator(".stat").first).to_contain_text("2 hồ sơ tiếp nhận")

    sign_in(page, boss.username)
    page.get_by_role("link", name="Chỉ số", exact=True).click()
    expect(page.get_by_role("heading", name="Điểm Bộ chỉ số phục vụ người dân, doanh nghiệp")).to_be_visible()
    page.get_by_text("Chi tiết từng chỉ tiêu và cách tính").click()
    expect(page.get_by_role("cell", name="Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn")).to_be_visible()
    page.get_by_label("Kỳ báo cáo", exact=True).select_option(f"{timezone.localdate():%Y-%m}")
    page.get_by_role("button", name="Xem").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Excel").click()
    assert download.value.suggested_filename == f"chi-so-thanh-pho-{timezone.localdate():%Y-%m}.xlsx"

    page.get_by_role("link", name="Ủy ban nhân dân phường Thử Nghiệm").click()
    expect(page.get_by_role("heading", name="Chỉ số phục vụ – Ủy ban nhân dân phường Thử Nghiệm")).to_be_visible()
    expect(page.locator("#due-title + p")).to_contain_text("1 quá hạn")
    page.get_by_role("link", name=late.procedure.name).click()
    page.get_by_role("link", name="Hồ sơ đang giải quyết đã quá hạn").click()
    expect(page.get_by_role("link", name=late.code)).to_be_visible()
