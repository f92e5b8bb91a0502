"""Birth registration at phường Hải Châu with its real record: a handful of document slots, the
required one named so, no dossier without it; on reception a due date and slip 01 with the
appointment. And a procedure without an e-form of its own gets the generic form, pre-filled."""

import os
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import Membership, Role
from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.models import RequiredDocument
from motcua.catalogue.tests.factories import make_procedure
from motcua.core.tests.moments import ICT
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.tests.factories import citizen, pdf_bytes, shipped_form, shipped_procedure
from motcua.dossiers.tests.test_browser import fill_birth_details, sign_in
from motcua.eforms.services import publish_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A Thursday, after the 15:00 cut-off of a same-day procedure: the result is due at the closing
# of Friday 04/12/2026 (17:30).
NOW = datetime(2026, 12, 3, 15, 40, tzinfo=ICT)
SHOTS = os.environ.get("MOTCUA_SHOTS")  # a folder: the draft page is photographed at 1280 and 360 px


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)
        page.locator("#giay-to").screenshot(path=str(Path(SHOTS) / name.replace(".png", "-giay-to.png")))


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def khai_sinh(agency):
    procedure = shipped_procedure("1.001193", agency)
    form = shipped_form("khai-sinh")
    publish_form(procedure, title=form["title"], schema=form["schema"], layout=form["layout"])
    return procedure


def pdf_text(content: bytes, tmp_path) -> str:
    source = tmp_path / "slip.pdf"
    source.write_bytes(content)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True)  # noqa: S603, S607
    return " ".join(out.stdout.decode("utf-8").split())


def test_birth_registration_has_a_checklist_a_due_date_and_slip_01(
    browser, live_server, page, khai_sinh, agency, tmp_path, time_machine
):
    time_machine.move_to(NOW, tick=True)
    certificate = RequiredDocument.objects.get(procedure=khai_sinh, name="Giấy chứng sinh").order
    pdf = tmp_path / "giay-chung-sinh.pdf"
    pdf.write_bytes(pdf_bytes())
    applicant = citizen(address="12 Bạch Đằng", address_unit=agency.unit, date_of_birth=date(1995, 3, 8))
    desk_officer = UserFactory(kind="officer", full_name="Trần Thị Bình")
    Membership.objects.create(user=desk_officer, agency=agency, role=Role.RECEPTION)

    sign_in(page, applicant.username)
    page.goto(f"/thu-tuc/{khai_sinh.code}/nop-ho-so/")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("heading", name="Tờ khai đăng ký khai sinh")).to_be_visible()

    # A handful of slots, not the record's eight lines: the paper declaration, the interactive
    # form and the ID shown at the desk are not asked online. One is required, and says so.
    slots = page.locator("#giay-to .document-row")
    assert 1 <= slots.count() <= 6
    required = page.locator("#giay-to .document-row", has=page.locator(".badge-required"))
    expect(required).to_have_count(1)
    expect(required).to_contain_text("Bắt buộc")
    expect(required.locator(".document-title")).to_have_text("Giấy chứng sinh")
    expect(required).to_contain_text("01 bản chính")
    expect(page.locator("#giay-to")).not_to_contain_text("Tờ khai đăng ký khai sinh theo mẫu")
    expect(page.locator(".document-by-form")).to_contain_text("đã khai ở tờ khai điện tử phía trên")
    page.locator("#giay-to summary").click()
    expect(page.locator("#giay-to .badge-optional").first).to_be_visible()
    shoot(page, "draft-khai-sinh-1280.png")
    page.get_by_text("Giấy tờ chỉ nộp trong một số trường hợp").click()  # closed again

    # Without the birth certificate nothing is sent, and the slot says what is missing.
    fill_birth_details(page)
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    message = "Vui lòng đính kèm Giấy chứng sinh (giấy tờ bắt buộc)."
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.locator(f"#doc-{certificate}-error")).to_have_text(message)
    expect(page.locator(f"#upload-{certificate}")).to_have_attribute("aria-invalid", "true")
    assert not Dossier.objects.exclude(status=Status.DRAFT).exists()
    page.locator("#giay-to summary").click()
    page.set_viewport_size({"width": 360, "height": 800})
    assert fits_the_width(page)
    shoot(page, "draft-khai-sinh-360.png")
    page.set_viewport_size({"width": 1280, "height": 900})

    # With it, the dossier is sent.
    page.locator(f"#upload-{certificate}").set_input_files(str(pdf))
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")).to_be_visible()
    dossier = Dossier.objects.get(status=Status.SUBMITTED)

    # Reception receives it: the due date is set and slip 01 carries the appointment.
    desk = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    sign_in(desk, desk_officer.username)
    desk.goto(f"/mot-cua/ho-so/{dossier.code}/")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.get_by_text("Đã tiếp nhận hồ sơ")).to_be_visible()
    expect(desk.get_by_text("Hạn trả:")).to_contain_text("17:30 04/12/2026")
    slip = desk.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)")
    response = desk.request.get(slip.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    text = pdf_text(response.body(), tmp_path)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 30 phút, ngày 04/12/2026" in text
    assert "Giấy chứng sinh (giay-chung-sinh.pdf, bản điện tử)" in text

    # The applicant sees the appointment on the dossier.
    page.goto(f"/ho-so/{dossier.code}/")
    expect(page.locator("dd", has_text="04/12/2026")).to_have_text(re.compile(r"17:30 04/12/2026"))
    desk.context.close()


def test_a_procedure_without_an_e_form_gets_the_generic_form_pre_filled(page, agency):
    procedure = make_procedure(
        code="2.000002",
        name="Thủ tục xác nhận thông tin thử nghiệm",
        agencies=[agency.code],
        documents=[
            {"name": "Giấy xác nhận của tổ dân phố", "originals": 1},
            {"name": "Văn bản ủy quyền", "condition": "Trường hợp ủy quyền", "originals": 1},
        ],
    )
    applicant = citizen(full_name="Lê Thị Hồng", address="12 Bạch Đằng", phone="0905111222")
    sign_in(page, applicant.username)
    page.goto(f"/thu-tuc/{procedure.code}/nop-ho-so/")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("heading", name="Đơn đề nghị giải quyết thủ tục hành chính")).to_be_visible()
    expect(page.get_by_label("Họ, chữ đệm, tên người yêu cầu")).to_have_value("Lê Thị Hồng")
    expect(page.get_by_label("Số định danh cá nhân")).to_have_value(applicant.national_id)
    expect(page.get_by_label("Địa chỉ (nơi cư trú hoặc trụ sở)")).to_have_value("12 Bạch Đằng")
    expect(page.get_by_label("Số điện thoại")).to_have_value("0905111222")
    request = page.get_by_label("Nội dung yêu cầu")
    expect(request).to_have_value("")
    expect(request).to_have_attribute("aria-required", "true")
    shoot(page, "draft-generic-1280.png")

    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("còn 2 chỗ cần sửa")
    expect(page.get_by_text("Vui lòng nhập nội dung yêu cầu.")).to_be_visible()
    assert not Dossier.objects.exclude(status=Status.DRAFT).exists()

    # The keyboard reaches the request and the required document's file input.
    request.focus()
    page.keyboard.type("Đề nghị xác nhận thông tin để bổ sung hồ sơ xin việc.")
    page.locator("#upload-1").set_input_files(
        {"name": "xac-nhan.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")).to_be_visible()
    sent = Dossier.objects.get(status=Status.SUBMITTED)
    assert sent.eform is None and sent.form_data["request"].startswith("Đề nghị xác nhận")
