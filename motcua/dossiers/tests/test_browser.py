import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.tests.factories import PASSWORD, AgentFactory
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import birth_values, citizen, exe_upload, pdf_bytes, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def files(tmp_path):
    pdf = tmp_path / "giay-chung-sinh.pdf"
    pdf.write_bytes(pdf_bytes())
    fake = tmp_path / "giay-chung-sinh-gia.pdf"
    fake.write_bytes(exe_upload().read())
    return {"pdf": pdf, "fake": fake}


def sign_in(page, username, password=PASSWORD):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def fill_birth_details(page):
    page.get_by_label("Quan hệ với người được khai sinh").fill("Mẹ")
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khang")
    page.get_by_role("group", name="Giới tính của trẻ").get_by_label("Nam").check()
    page.get_by_label("Ngày, tháng, năm sinh của trẻ").fill(f"{timezone.localdate() - timedelta(days=11):%Y-%m-%d}")
    page.get_by_label("Nơi sinh", exact=True).fill("Bệnh viện Phụ sản – Nhi Đà Nẵng")
    page.get_by_label("Dân tộc của trẻ").fill("Kinh")
    page.get_by_label("Quốc tịch của trẻ").fill("Việt Nam")
    page.get_by_label("Họ, chữ đệm, tên người mẹ").fill("Lê Thị Hồng")
    page.get_by_label("Năm sinh của người mẹ").fill("1995")


def test_a_new_citizen_registers_finds_birth_registration_and_submits_it(page, procedure, agency, files):
    page.goto("/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    page.get_by_label("Số định danh cá nhân (công dân) hoặc mã số thuế (doanh nghiệp)").fill("048195000123")
    page.get_by_label("Họ và tên (hoặc tên doanh nghiệp, tổ chức)").fill("Lê Thị Hồng")
    page.get_by_label("Số điện thoại").fill("0905111222")
    page.get_by_label("Thư điện tử").fill("hong@example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("Song-Han-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Song-Han-2026")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Đăng ký thành công")).to_be_visible()

    page.get_by_label("Tìm thủ tục hành chính").fill("khai sinh")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()

    # What registration told us is already there.
    expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_have_value("Lê Thị Hồng")
    expect(page.get_by_label("Số định danh cá nhân", exact=True)).to_have_value("048195000123")
    page.get_by_label("Ngày, tháng, năm sinh", exact=True).fill("1995-03-08")
    page.get_by_label("Nơi cư trú (số nhà, đường, tổ/thôn)").fill("12 Bạch Đằng")
    page.get_by_label("Phường, xã nơi cư trú").select_option(label="Phường Hải Châu")
    fill_birth_details(page)

    # A program renamed .pdf is refused and nothing is sent.
    page.locator("#upload-1").set_input_files(str(files["fake"]))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("không phải là tệp hợp lệ")
    assert not Dossier.objects.exclude(status=0).exists()

    page.locator("#upload-1").set_input_files(str(files["pdf"]))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")).to_be_visible()
    code = Dossier.objects.get(status=1).code
    expect(page.locator(".dossier-code")).to_have_text(code)
    assert re.fullmatch(r"000\.23\.00\.H17-\d{6}-0001", code)
    expect(page.get_by_text("giay-chung-sinh.pdf")).to_be_visible()

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.get_by_text("Mới đăng ký, chờ tiếp nhận")).to_be_visible()


def test_a_returning_users_form_comes_prefilled(page, procedure, agency):
    user = citizen(address="12 Bạch Đằng", address_unit=agency.unit)
    services.submit_new(procedure, user=user, form_values=birth_values(user, agency.unit), uploads=[(1, pdf_upload())])
    sign_in(page, user.username)
    page.goto(f"/thu-tuc/{procedure.code}/nop-ho-so/")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã điền sẵn")
    expect(page.get_by_label("Phường, xã nơi cư trú")).to_have_value(agency.unit.code)
    expect(page.get_by_label("Họ, chữ đệm, tên người mẹ")).to_have_value("Trần Thị Hoa")
    expect(page.get_by_label("Số định danh cá nhân", exact=True)).to_have_value(user.national_id)
    # The certificate handed in last time is offered from the personal data store.
    page.locator("#store-1").select_option(index=1)
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh An")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")).to_be_visible()
    assert Dossier.objects.filter(status=1).count() == 2


def test_an_agent_submits_for_someone_else_who_then_sees_it(page, procedure, agency, files):
    agent = AgentFactory()
    sign_in(page, agent.username)
    page.goto(f"/thu-tuc/{procedure.code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Số định danh cá nhân của người yêu cầu").fill("048060000777")
    page.get_by_label("Họ và tên người yêu cầu").fill("Phan Thị Tư")
    page.get_by_label("Số điện thoại của người yêu cầu").fill("0905000777")
    page.get_by_label("Sự đồng ý của người yêu cầu").fill("Người yêu cầu ký phiếu đề nghị tại bưu cục ngày 25/11/2026")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_text("Nộp thay cho")).to_contain_text("Phan Thị Tư")
    page.get_by_label("Họ, chữ đệm, tên người yêu cầu").fill("Phan Thị Tư")
    page.get_by_label("Ngày, tháng, năm sinh", exact=True).fill("1960-01-01")
    page.get_by_label("Số định danh cá nhân", exact=True).fill("048060000777")
    page.get_by_label("Số điện thoại", exact=True).fill("0905000777")
    page.get_by_label("Nơi cư trú (số nhà, đường, tổ/thôn)").fill("Thôn An Sơn")
    page.get_by_label("Phường, xã nơi cư trú").select_option(label="Phường Hải Châu")
    fill_birth_details(page)
    page.locator("#upload-1").set_input_files(str(files["pdf"]))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")).to_be_visible()

    dossier = Dossier.objects.get(status=1)
    assert dossier.submitted_by == agent and dossier.applicant.national_id == "048060000777"
    page.goto("/ho-so/")
    expect(page.get_by_text("Nộp thay cho Phan Thị Tư")).to_be_visible()


def test_the_public_finds_a_status_by_code_and_phone(page, procedure, agency):
    user = citizen()
    dossier = services.submit_new(
        procedure, user=user, form_values=birth_values(user, agency.unit), uploads=[(1, pdf_upload())]
    ).dossier
    page.goto("/")
    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Số điện thoại hoặc số định danh cá nhân của người nộp").fill("0900000000")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")
    page.get_by_label("Số điện thoại hoặc số định danh cá nhân của người nộp").fill(user.phone)
    page.get_by_role("button", name="Tra cứu").click()
    result = page.get_by_role("status")
    expect(result).to_contain_text(dossier.code)
    expect(result).to_contain_text("Mới đăng ký, chờ tiếp nhận")
    expect(result).not_to_contain_text(user.full_name)


def test_the_applicant_answers_a_supplement_request_then_asks_to_withdraw(page, procedure, agency, files):
    from motcua.accounts.models import Membership, Role

    user = citizen()
    dossier = services.submit_new(
        procedure, user=user, form_values=birth_values(user, agency.unit), uploads=[(1, pdf_upload())]
    ).dossier
    officer = citizen()
    Membership.objects.create(user=officer, agency=agency, role=Role.RECEPTION)
    services.request_supplement(dossier, officer=officer, reason="Giấy chứng sinh chụp bị mờ", orders=[1])

    sign_in(page, user.username)
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", name="Yêu cầu bổ sung hồ sơ")).to_be_visible()
    expect(page.locator(".attention")).to_contain_text("Lý do: Giấy chứng sinh chụp bị mờ")
    expect(
        page.locator("li", has_text=f"Hồ sơ {dossier.code} cần bổ sung").filter(has_text="Thư điện tử")
    ).to_have_count(1)
    page.get_by_label(re.compile("^Giấy chứng sinh")).set_input_files(str(files["pdf"]))
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_text("Đã nộp bổ sung")).to_be_visible()
    expect(page.locator(".submit-box")).to_contain_text("Mới đăng ký, chờ tiếp nhận")
    expect(page.locator(".timeline")).to_contain_text("Nộp bổ sung")

    page.get_by_text("Rút hồ sơ", exact=True).click()
    page.get_by_label("Lý do rút hồ sơ").fill("Gia đình đã đăng ký tại nơi khác")
    page.get_by_role("button", name="Gửi yêu cầu rút hồ sơ").click()
    expect(page.locator(".submit-box")).to_contain_text("Công dân yêu cầu rút hồ sơ")


def test_a_draft_is_saved_and_finished_later(page, procedure, agency, files):
    user = citizen()
    sign_in(page, user.username)
    page.goto(f"/thu-tuc/{procedure.code}/nop-ho-so/")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khang")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp")).to_be_visible()

    page.goto(f"/thu-tuc/{procedure.code}/nop-ho-so/")  # starting again resumes the draft
    expect(page.get_by_text("tiếp tục từ chỗ đã lưu")).to_be_visible()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_have_count(1)
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    expect(page.get_by_label("Họ, chữ đệm, tên của trẻ")).to_have_value("Nguyễn Minh Khang")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Hồ sơ chưa nộp được")
    expect(page.locator("#f-child_birth_date-error")).to_have_text("Vui lòng nhập ngày, tháng, năm sinh của trẻ.")
