import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.units.tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_forgotten_password_is_reset_with_the_emailed_code(page):
    user = UserFactory()
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Số định danh cá nhân, mã số thuế, thư điện tử hoặc số điện thoại").fill(user.email)
    page.get_by_role("button", name="Gửi mã xác nhận").click()
    expect(page.get_by_text("mã xác nhận đã được gửi")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Mã xác nhận (6 chữ số)").fill(code)
    page.get_by_label("Mật khẩu mới").fill("Ngu-Hanh-Son-2026")
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(page.get_by_text("Đã đặt mật khẩu mới")).to_be_visible()
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill(user.username)
    page.get_by_label("Mật khẩu").fill("Ngu-Hanh-Son-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()


def test_an_officer_opens_an_account_and_the_resident_sets_a_password(page, browser, live_server):
    officer = UserFactory(kind="officer")
    Membership.objects.create(user=officer, agency=AgencyFactory(), role=Role.RECEPTION)
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill(officer.username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-an-toan-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/tai-khoan/mo-tai-khoan/")
    page.get_by_label("Họ và tên").fill("Phan Văn Tư")
    page.get_by_label("Số định danh cá nhân").fill("048060000777")
    page.get_by_label("Thư điện tử").fill("tu@example.vn")
    page.get_by_role("button", name="Mở tài khoản").click()
    expect(page.get_by_role("status")).to_contain_text("Đã mở tài khoản cho Phan Văn Tư")
    link = page.locator("code.break").inner_text()

    resident = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    resident.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    resident.get_by_label("Mật khẩu mới", exact=True).fill("Hoa-Vang-2026")
    resident.get_by_label("Xác nhận mật khẩu mới").fill("Hoa-Vang-2026")
    resident.get_by_role("button", name="Đặt mật khẩu").click()
    expect(resident.get_by_role("heading", name="Đã đặt mật khẩu")).to_be_visible()
    resident.context.close()


def test_the_profile_is_edited_and_saved(page):
    user = UserFactory()
    agency = AgencyFactory()
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill(user.username)
    page.get_by_label("Mật khẩu").fill("Mat-khau-an-toan-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name=user.full_name).click()
    page.get_by_label("Địa chỉ (số nhà, đường, tổ/thôn)").fill("5 Lê Lợi")
    page.get_by_label("Phường, xã").select_option(agency.unit.code)
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page.get_by_text("Đã lưu thông tin cá nhân")).to_be_visible()
    expect(page.get_by_label("Phường, xã")).to_have_value(agency.unit.code)
