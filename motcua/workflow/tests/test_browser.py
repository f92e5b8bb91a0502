"""One dossier's whole life, clicked through by the citizen and three officers."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.tests.factories import PASSWORD
from motcua.documents import pki
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import citizen, pdf_bytes
from motcua.dossiers.tests.test_browser import fill_birth_details, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, user.username, PASSWORD)
    return page


def test_a_dossier_from_submission_to_a_signed_result(browser, live_server, procedure, agency, staff, tmp_path):
    pdf = tmp_path / "giay-chung-sinh.pdf"
    pdf.write_bytes(pdf_bytes())
    applicant = citizen(address="12 Bạch Đằng", address_unit=agency.unit, date_of_birth="1995-03-08")

    # The citizen submits.
    me = person(browser, live_server, applicant)
    me.goto(f"/thu-tuc/{procedure.code}/nop-ho-so/")
    me.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    fill_birth_details(me)
    me.locator("#upload-1").set_input_files(str(pdf))
    me.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(me.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")).to_be_visible()
    code = Dossier.objects.get(status=1).code

    # Reception asks, once, for a clearer birth certificate.
    desk = person(browser, live_server, staff["reception"])
    desk.get_by_role("link", name="Một cửa").click()
    desk.get_by_role("region", name="Chờ tiếp nhận").get_by_role("link", name=code).click()
    desk.get_by_text("Yêu cầu bổ sung hồ sơ (chỉ một lần)").click()
    desk.get_by_label(
        "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng"
    ).check()
    desk.get_by_label("Lý do, hướng dẫn").fill("Bản chụp Giấy chứng sinh bị mờ, không đọc được số")
    desk.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(desk.get_by_text("Đã gửi yêu cầu bổ sung")).to_be_visible()

    # The citizen answers it.
    me.goto(f"/ho-so/{code}/")
    me.get_by_label(
        "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng"
    ).set_input_files(str(pdf))
    me.get_by_role("button", name="Nộp bổ sung").click()
    expect(me.get_by_text("Đã nộp bổ sung")).to_be_visible()

    # Reception receives and assigns; the specialist proposes; the leader signs.
    desk.goto(f"/mot-cua/ho-so/{code}/")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.get_by_text("Đã tiếp nhận hồ sơ")).to_be_visible()
    desk.get_by_label("Chuyên viên xử lý").select_option(label=staff["specialist"].full_name)
    desk.get_by_role("button", name="Phân công").click()
    expect(desk.get_by_text("Đã phân công chuyên viên xử lý")).to_be_visible()

    specialist = person(browser, live_server, staff["specialist"])
    specialist.goto("/mot-cua/")
    specialist.get_by_role("region", name="Hồ sơ tôi đang xử lý").get_by_role("link", name=code).click()
    specialist.get_by_label("Ý kiến thẩm định").fill("Hồ sơ đầy đủ, hợp lệ; đề nghị cấp.")
    specialist.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    expect(specialist.get_by_text("Đã trình lãnh đạo phê duyệt")).to_be_visible()

    leader = person(browser, live_server, staff["leader"])
    leader.goto("/mot-cua/")
    leader.get_by_role("navigation", name="Hàng đợi").get_by_role("link", name="Chờ phê duyệt, ký").click()
    leader.get_by_role("region", name="Chờ phê duyệt, ký").get_by_role("link", name=code).click()
    leader.get_by_role("button", name="Phê duyệt và ký số kết quả").click()
    expect(leader.get_by_text("Đã phê duyệt và ký số kết quả")).to_be_visible()

    # The citizen downloads the result, and its signature validates.
    me.goto(f"/ho-so/{code}/")
    with me.expect_download() as download:
        me.get_by_role("link", name="Kết quả giải quyết (đã ký số)").click()
    signed = Path(download.value.path()).read_bytes()
    with ThreadPoolExecutor(1) as pool:  # pyHanko runs its own event loop; Playwright's is busy here
        (check,) = pool.submit(pki.check_pdf, signed).result()
    assert check.ok and "Hải Châu" in check.signer
    expect(me.get_by_role("heading", name="Ai đã xem hồ sơ của bạn")).to_be_visible()
    expect(me.get_by_text(staff["leader"].full_name).first).to_be_visible()

    # The control sheet lists every hand-off.
    desk.goto(f"/mot-cua/ho-so/{code}/")
    rows = desk.get_by_role("table").last.locator("tbody tr")
    expect(rows).to_have_count(5)
    for step in [
        "Tiếp nhận hồ sơ",
        "Công dân bổ sung hồ sơ",
        "Thẩm định, xử lý",
        "Phê duyệt, ký kết quả",
        "Trả kết quả",
    ]:
        expect(desk.get_by_role("table").last).to_contain_text(step)
    response = desk.request.get(f"/mot-cua/ho-so/{code}/phieu-kiem-soat.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    for page in (me, desk, specialist, leader):
        page.context.close()


def test_a_paper_dossier_is_taken_at_the_counter(browser, live_server, procedure, agency, staff, tmp_path):
    scan = tmp_path / "scan-giay-chung-sinh.pdf"
    scan.write_bytes(pdf_bytes("Ban quet giay chung sinh"))
    desk = person(browser, live_server, staff["reception"])
    desk.goto("/mot-cua/")
    desk.get_by_role("link", name="Tiếp nhận hồ sơ tại quầy").click()
    desk.get_by_label("Mã thủ tục").fill(procedure.code)
    desk.get_by_label("Số định danh cá nhân của người nộp").fill("048060000777")
    desk.get_by_label("Họ và tên người nộp").fill("Phan Thị Tư")
    desk.get_by_label("Số điện thoại").fill("0905000777")
    desk.get_by_role("button", name="Tiếp tục: nhập tờ khai").click()
    expect(desk.get_by_text("Nộp thay cho")).to_contain_text("Phan Thị Tư")
    desk.get_by_label("Ngày, tháng, năm sinh", exact=True).fill("1960-01-01")
    desk.get_by_label("Số định danh cá nhân", exact=True).fill("048060000777")
    desk.get_by_label("Số điện thoại", exact=True).fill("0905000777")
    desk.get_by_label("Nơi cư trú (số nhà, đường, tổ/thôn)").fill("Thôn An Sơn")
    desk.get_by_label("Phường, xã nơi cư trú").select_option(label="Phường Hải Châu")
    fill_birth_details(desk)
    desk.locator("#upload-1").set_input_files(str(scan))
    desk.get_by_role("button", name="Nộp và tiếp nhận hồ sơ", exact=True).click()
    expect(desk.get_by_text("In Giấy tiếp nhận và hẹn trả kết quả")).to_be_visible()
    expect(desk.locator(".submit-box")).to_contain_text("Đã được tiếp nhận")
    expect(desk.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)")).to_be_visible()
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.applicant.national_id, dossier.submitted_by) == (
        "counter",
        "048060000777",
        staff["reception"],
    )
    desk.context.close()
