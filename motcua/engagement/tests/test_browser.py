"""Clicking through: rate a dossier, rate at the counter's tablet, send anonymous feedback and find
its published answer, take a queue number and see it called on the hall's display."""

import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.test_browser import sign_in
from motcua.engagement import feedback, queue, services
from motcua.engagement.models import Feedback, QueueService, Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed(submitted, staff):
    """The dossier taken to its signed result in another thread: pyHanko runs its own event loop,
    which cannot start inside Playwright's."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from motcua.workflow import services as workflow

    def finish():
        workflow.receive(submitted, staff["reception"])
        workflow.assign(submitted, staff["reception"], staff["specialist"])
        workflow.propose(submitted, staff["specialist"], "Đề nghị cấp")
        workflow.approve_and_sign(submitted, staff["leader"])
        connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(finish).result()
    submitted.refresh_from_db()
    return submitted


def test_a_citizen_rates_a_finished_dossier(page, signed):
    sign_in(page, signed.applicant.username)
    page.goto(f"/ho-so/{signed.code}/")
    form = page.get_by_role("region", name="Đánh giá mức độ hài lòng")
    form.get_by_role("group", name="Mức độ hài lòng chung").get_by_label("Hài lòng", exact=True).check()
    form.get_by_role("group", name="Thái độ, tinh thần phục vụ của cán bộ").get_by_label("Rất hài lòng").check()
    form.get_by_label("Góp ý thêm (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình.")
    form.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá.")).to_be_visible()
    expect(page.get_by_role("region", name="Đánh giá của bạn")).to_contain_text("Hài lòng (4/5)")
    assert Rating.objects.get().attitude == 5


def test_a_visitor_rates_at_the_counters_tablet_with_one_tap(page, counter, staff):
    services.start_duty(staff["reception"], counter)
    page.goto(f"/danh-gia/may/{services.kiosk_token(counter)}/")
    expect(page.get_by_text("Cán bộ tiếp nhận: Trần Thị Bình")).to_be_visible()
    page.get_by_role("button", name="Rất hài lòng").click()
    expect(page.get_by_role("status")).to_have_text("Cảm ơn ông/bà đã đánh giá!")
    expect(page.get_by_role("button", name="Rất hài lòng")).to_be_visible(timeout=10_000)  # back for the next person
    rating = Rating.objects.get()
    assert (rating.overall, rating.officer, rating.source) == (5, staff["reception"], "kiosk")


def test_anonymous_feedback_is_answered_and_found_on_the_public_page(page, agency, staff):
    page.goto("/phan-anh-kien-nghi/")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.get_by_role("radio", name="Cơ quan, đơn vị").check()
    page.get_by_role("combobox", name="Cơ quan, đơn vị").select_option(label=agency.name)
    page.get_by_label("Tiêu đề").fill("Quầy hộ tịch đông, chờ lâu")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Sáng thứ Hai tôi chờ gần hai tiếng ở quầy hộ tịch, đề nghị bố trí thêm cán bộ."
    )
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi phản ánh. Mã tra cứu của bạn")
    found = Feedback.objects.get()
    assert found.anonymous
    feedback.answer(
        found, staff["leader"], text="Từ tuần sau phường bố trí hai cán bộ tại quầy hộ tịch vào sáng thứ Hai."
    )
    page.goto("/phan-anh-kien-nghi/")
    page.get_by_label("Tìm trong các trả lời").fill("quay ho tich")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("article")).to_contain_text("bố trí hai cán bộ tại quầy hộ tịch")
    page.get_by_role("link", name="Tra cứu phản ánh đã gửi").click()
    page.get_by_label("Mã phản ánh").fill(found.code)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Đã trả lời", exact=True)).to_be_visible()


def test_a_queue_number_is_taken_and_called_on_the_display(page, browser, live_server, agency, counter, staff):
    QueueService.objects.create(agency=agency, letter="A", name="Hộ tịch").counters.add(counter)
    services.start_duty(staff["reception"], counter)
    screen = browser.new_context(base_url=live_server.url, locale="vi-VN")
    desk = browser.new_context(base_url=live_server.url, locale="vi-VN")
    try:
        _take_and_call(page, screen.new_page(), desk.new_page(), agency, staff)
    finally:  # the display polls: close it before the live server goes away
        screen.close()
        desk.close()


def _take_and_call(page, display, officer, agency, staff):
    display.goto(f"/xep-hang/{agency.code}/man-hinh/")
    expect(display.get_by_text("Chưa gọi số nào.")).to_be_visible()

    page.goto(f"/xep-hang/may/{queue.kiosk_token(agency)}/")
    page.get_by_role("button", name="Hộ tịch").click()
    expect(page.get_by_label("Số thứ tự A001")).to_be_visible()
    expect(page.get_by_text("Trước ông/bà còn 0 người.")).to_be_visible()
    ticket_url = page.url

    sign_in(officer, staff["reception"].username)
    officer.goto("/mot-cua/xep-hang/")
    officer.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(officer.get_by_role("heading", name="Đang gọi số A001")).to_be_visible()
    expect(display.locator(".board-latest")).to_contain_text("A001", timeout=10_000)  # the display polls
    expect(display.locator(".board-latest")).to_contain_text("Quầy 1 – Hộ tịch – chứng thực")
    page.goto(ticket_url.split("?")[0])
    expect(page.get_by_text("Mời số A001 đến Quầy 1 – Hộ tịch – chứng thực.")).to_be_visible()
