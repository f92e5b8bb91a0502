"""The issue's "Done means", clicked through in chromium: reception receives a dossier, asks for
a supplement, the applicant answers it on the dossier page, and the dossier is back in
reception's "Chờ phân công xử lý" queue."""

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.factories import pdf_bytes
from motcua.dossiers.tests.test_browser import sign_in
from motcua.workflow.tests.test_browser import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIRTH_CERTIFICATE = "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng"
SCREENSHOT = "/tmp/supplement-queue.png"  # noqa: S108 -- the path the issue asked for, for a reviewer to open


def test_a_supplement_answered_after_reception_is_back_waiting_for_assignment(
    browser, live_server, page, submitted, staff, tmp_path
):
    code = submitted.code
    clearer = tmp_path / "giay-chung-sinh-ro.pdf"
    clearer.write_bytes(pdf_bytes("Giay chung sinh (ban ro)"))

    # Reception receives the dossier on its work page…
    desk = person(browser, live_server, staff["reception"])
    desk.goto("/mot-cua/")
    desk.get_by_role("region", name="Chờ tiếp nhận").get_by_role("link", name=code).click()
    expect(desk.get_by_role("heading", name=f"Hồ sơ {code}")).to_be_visible()
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.get_by_text("Đã tiếp nhận hồ sơ")).to_be_visible()
    expect(desk.get_by_role("complementary", name="Tình trạng")).to_contain_text("Đã được tiếp nhận")

    # …then asks, once, for a clearer birth certificate.
    desk.get_by_text("Yêu cầu bổ sung hồ sơ (chỉ một lần)").click()
    desk.get_by_label(BIRTH_CERTIFICATE).check()
    desk.get_by_label("Lý do, hướng dẫn").fill("Bản chụp Giấy chứng sinh bị mờ, không đọc được số")
    desk.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(desk.get_by_text("Đã gửi yêu cầu bổ sung")).to_be_visible()
    desk.goto("/mot-cua/?hang=phan-cong")
    expect(desk.get_by_role("region", name="Chờ phân công xử lý")).to_contain_text("Không có hồ sơ.")

    # The applicant signs in, opens the dossier and sends the document asked for.
    sign_in(page, submitted.applicant.username)
    page.goto(f"/ho-so/{code}/")
    expect(page.get_by_role("heading", name="Yêu cầu bổ sung hồ sơ")).to_be_visible()
    expect(page.get_by_text("Lý do: Bản chụp Giấy chứng sinh bị mờ, không đọc được số")).to_be_visible()
    page.get_by_label(re.compile("^Giấy chứng sinh")).set_input_files(str(clearer))
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_text("Đã nộp bổ sung. Hồ sơ được chuyển lại cho cơ quan giải quyết.")).to_be_visible()
    expect(page.get_by_role("complementary", name="Tình trạng")).to_contain_text("Đã được tiếp nhận")
    expect(page.get_by_role("heading", name="Yêu cầu bổ sung hồ sơ")).to_have_count(0)

    # Reception finds it back in the queue of dossiers waiting to be assigned.
    desk.goto("/mot-cua/")
    desk.get_by_role("navigation", name="Hàng đợi").get_by_role("link", name="Chờ phân công xử lý").click()
    queue = desk.get_by_role("region", name="Chờ phân công xử lý")
    expect(queue.get_by_role("link", name=code)).to_be_visible()
    expect(queue.get_by_role("row", name=re.compile(code))).to_contain_text("Đã được tiếp nhận")
    desk.get_by_role("navigation", name="Hàng đợi").get_by_role("link", name="Chờ người dân bổ sung").click()
    expect(desk.get_by_role("region", name="Chờ người dân bổ sung")).to_contain_text("Không có hồ sơ.")
    desk.get_by_role("navigation", name="Hàng đợi").get_by_role("link", name="Chờ phân công xử lý").click()
    expect(desk.get_by_role("region", name="Chờ phân công xử lý").get_by_role("link", name=code)).to_be_visible()
    desk.screenshot(path=SCREENSHOT, full_page=True)
    desk.context.close()
