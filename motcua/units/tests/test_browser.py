import pytest
from playwright.sync_api import expect

from motcua.units import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_finds_ba_na_by_the_old_name_hoa_ninh(page):
    services.load_units()
    services.load_agencies()
    page.goto("/")
    page.get_by_role("link", name="Cơ quan, đơn vị").click()
    page.get_by_label("Tên cơ quan hoặc xã, phường (cũ hoặc mới)").fill("Hoa Ninh")
    page.keyboard.press("Enter")
    expect(page.locator("#legacy-units")).to_contain_text("Xã Hòa Ninh")
    expect(page.locator("#legacy-units")).to_contain_text("đã sáp nhập vào Xã Bà Nà")
    page.get_by_role("link", name="Ủy ban nhân dân xã Bà Nà").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ủy ban nhân dân xã Bà Nà")
    expect(page.locator(".facts")).to_contain_text("Xã Hòa Ninh")
