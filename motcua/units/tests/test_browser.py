import re

import pytest
from playwright.sync_api import expect

from motcua.units import selectors, services

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


def test_a_resident_finds_their_wards_committee_on_the_map(page, live_server, settings):
    services.load_units()
    services.load_agencies()
    # Tiles from this server (none there: the sandbox has no network); the markers, popups and the
    # attribution are Leaflet's own and need no tiles.
    settings.MOTCUA_MAP_TILES = f"{live_server.url}/khong-co-anh/{{z}}/{{x}}/{{y}}.png"
    located = [p for p in selectors.map_points() if p["lat"] is not None]
    hai_chau = next(p for p in located if p["name"] == "Ủy ban nhân dân phường Hải Châu")
    page.goto("/")
    page.get_by_role("link", name="Cơ quan, đơn vị").click()
    page.get_by_role("link", name="Xem các điểm tiếp nhận trên bản đồ").click()
    map_region = page.get_by_role("region", name="Bản đồ các điểm tiếp nhận")
    expect(map_region).to_be_visible()
    expect(map_region.locator(".leaflet-marker-icon")).to_have_count(len(located))
    # The city's centre is crowded at this zoom: the marker is reached from the keyboard, as
    # Leaflet makes every marker a focusable button.
    marker = map_region.get_by_role("button", name=hai_chau["name"], exact=True)
    marker.focus()
    marker.press("Enter")
    popup = map_region.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(hai_chau["address"])
    popup.get_by_role("link", name=hai_chau["name"]).click()
    expect(page).to_have_url(re.compile(f"#diem-{re.escape(hai_chau['code'])}$"))
    row = page.locator(f'[id="diem-{hai_chau["code"]}"]')
    expect(row).to_be_in_viewport()
    expect(row).to_contain_text(hai_chau["address"])
    # The tiles' attribution stays readable beside the assistant's floating button.
    page.goto("/co-quan/ban-do/")
    attribution = map_region.locator(".leaflet-control-attribution")
    expect(attribution).to_contain_text("OpenStreetMap")
    attribution.scroll_into_view_if_needed()
    button = page.get_by_text("Trợ lý ảo – hỏi về thủ tục")
    a, b = attribution.bounding_box(), button.bounding_box()
    assert a["x"] + a["width"] <= b["x"] or b["y"] + b["height"] <= a["y"] or a["y"] + a["height"] <= b["y"], (a, b)
