"""Take the README's screenshots from a running demo site (bin/run in another terminal).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000 [group ...]]

Groups: pages, citizen, back-office, engagement, indicators (all when none is named).

The citizen's pages are taken as the demo account "congdan", who submits one birth
registration on the way (the demo database keeps it). The indicators' pages show two years of
history after `manage.py generate_dossiers --count 40000` and `manage.py refresh_indicators --all`.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from fpdf import FPDF
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("home", "/", 1280),
    ("search", "/thu-tuc/?q=dang+ky+khai+sinh", 1280),
    ("detail", "/thu-tuc/1.001193/", 1280),
    ("units", "/co-quan/?q=hoa+ninh", 1280),
    ("search-mobile", "/thu-tuc/?q=ket+hon", 390),
    ("register", "/tai-khoan/dang-ky/", 1280),
    ("statistics", "/thong-ke/", 1280),
]


def shot(page, name):
    page.screenshot(path=OUT / f"{name}.png", full_page=False)
    print(OUT / f"{name}.png")


def citizen_pages(browser):
    pdf = Path(tempfile.mkdtemp()) / "giay-chung-sinh.pdf"
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    document.cell(text="Giay chung sinh")
    document.output(str(pdf))

    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=BASE)
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill("congdan")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/thu-tuc/1.001193/nop-ho-so/")
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    shot(page, "form-prefilled")
    page.get_by_label("Quan hệ với người được khai sinh").fill("Cha")
    page.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khang")
    page.get_by_role("group", name="Giới tính của trẻ").get_by_label("Nam").check()
    page.get_by_label("Ngày, tháng, năm sinh của trẻ").fill("2026-11-20")
    page.get_by_label("Nơi sinh", exact=True).fill("Bệnh viện Phụ sản – Nhi Đà Nẵng")
    page.get_by_label("Dân tộc của trẻ").fill("Kinh")
    page.get_by_label("Quốc tịch của trẻ").fill("Việt Nam")
    page.get_by_label("Họ, chữ đệm, tên người mẹ").fill("Trần Thị Hoa")
    page.get_by_label("Năm sinh của người mẹ").fill("1992")
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.locator("#f-child_name").wait_for()
    page.locator("#loi").scroll_into_view_if_needed()
    shot(page, "form-errors")
    page.locator("input[type=file]").first.set_input_files(str(pdf))
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến").wait_for()
    shot(page, "receipt")
    code = page.locator(".dossier-code").inner_text()
    page.goto("/ho-so/")
    shot(page, "my-dossiers")
    page.goto(f"/tra-cuu-ho-so/?code={code}&contact=0905123456")
    shot(page, "lookup")
    page.close()
    return code


def officer(browser, username):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=BASE)
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số định danh cá nhân hoặc mã số thuế").fill(username)
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def back_office(browser, code):
    """Reception receives and assigns, the specialist proposes, the leader signs; the signed
    result is printed to PNG with pdftoppm (Debian's poppler-utils)."""
    desk = officer(browser, "motcua")
    desk.goto("/mot-cua/")
    shot(desk, "inbox")
    desk.goto(f"/mot-cua/ho-so/{code}/")
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    desk.get_by_role("button", name="Phân công").click()
    specialist = officer(browser, "chuyenvien")
    specialist.goto(f"/mot-cua/ho-so/{code}/")
    specialist.get_by_text("Đề nghị nộp phí, lệ phí (tạm dừng thời hạn)").click()
    specialist.get_by_label("Khoản phải nộp").fill("Lệ phí cấp bản sao Trích lục khai sinh (2 bản)")
    specialist.get_by_label("Số tiền (đồng)").fill("16000")
    specialist.get_by_role("button", name="Gửi đề nghị nộp").click()
    pay(browser, code)
    specialist.goto(f"/mot-cua/ho-so/{code}/")
    specialist.get_by_role("button", name="Trình lãnh đạo phê duyệt").click()
    leader = officer(browser, "lanhdao")
    leader.goto(f"/mot-cua/ho-so/{code}/")
    leader.get_by_role("button", name="Phê duyệt và ký số kết quả").click()
    shot(leader, "work")
    with leader.expect_download() as download:
        leader.get_by_role("link", name="Kết quả giải quyết (đã ký số)").click()
    pdf = Path(tempfile.mkdtemp()) / "ket-qua.pdf"
    download.value.save_as(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(OUT / "result")], check=True)
    print(OUT / "result.png")
    desk.goto(f"/mot-cua/ho-so/{code}/")
    desk.locator("section[aria-labelledby=thanh-toan]").screenshot(path=OUT / "payments-officer.png")
    admin = officer(browser, "quantri")
    admin.goto("/quan-tri/notifications/messagetemplate/add/?event=dossier.received&channel=sms")
    admin.get_by_label("Nội dung").fill(
        "Ho so {{ code }} da duoc tiep nhan, {{ appointment }}. Tra cuu tai dichvucong.danang.gov.vn"
    )
    admin.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    admin.locator(".errornote, .message-preview").first.wait_for()
    if admin.locator(".errornote").count():  # made by an earlier run: open that one
        admin.goto("/quan-tri/notifications/messagetemplate/")
        admin.get_by_role("link", name="Hồ sơ đã được tiếp nhận (ngày hẹn trả)").first.click()
    admin.locator(".message-preview").scroll_into_view_if_needed()
    shot(admin, "message-template")
    for page in (desk, specialist, leader, admin):
        page.close()


def links() -> dict:
    """The demo ward's signed kiosk links, from the same database the demo site runs on."""
    code = (
        "import json; from motcua.accounts.services import demo_agency; from motcua.engagement import queue, services; "
        "w = demo_agency(); c = w.counters.order_by('number').first(); "
        "print(json.dumps({'queue': queue.kiosk_token(w), 'rating': services.kiosk_token(c), 'agency': w.code}))"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=OUT.parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def engagement(browser):
    """The assistant, the map, a queue ticket called on the display, the rating tablet, feedback."""
    found = links()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=BASE)
    page.goto("/")
    page.get_by_text("Trợ lý ảo – hỏi về thủ tục").click()
    for question in ("lam giay phep xay dung nha o can gi", "mất bao lâu?"):
        page.get_by_label("Câu hỏi cho trợ lý ảo").fill(question)
        page.get_by_role("button", name="Hỏi", exact=True).click()
        page.locator(".chat-answer").nth(-1).wait_for()
        page.wait_for_timeout(800)
    shot(page, "assistant")
    page.goto("/co-quan/ban-do/")
    page.wait_for_timeout(1500)
    shot(page, "map")
    page.goto("/phan-anh-kien-nghi/gui/")
    shot(page, "feedback")
    page.goto(f"/danh-gia/may/{found['rating']}/")
    shot(page, "kiosk-rating")
    page.goto(f"/xep-hang/may/{found['queue']}/")
    page.get_by_role("button", name="Hộ tịch", exact=False).first.click()
    page.wait_for_timeout(500)
    page.goto(page.url.split("?")[0])
    shot(page, "ticket")
    desk = officer(browser, "motcua")
    desk.goto("/mot-cua/truc-quay/")
    desk.get_by_role("button", name="Trực Quầy 1").click()
    desk.goto("/mot-cua/xep-hang/")
    desk.get_by_role("button", name="Gọi số tiếp theo").click()
    page.goto(f"/xep-hang/{found['agency']}/man-hinh/")
    page.wait_for_timeout(1500)
    shot(page, "display")
    desk.close()
    page.close()


def pay(browser, code):
    """The citizen pays the requested charge through the national platform's sandbox."""
    page = officer(browser, "congdan")
    page.goto(f"/ho-so/{code}/")
    page.get_by_role("region", name="Nộp phí, lệ phí").scroll_into_view_if_needed()
    shot(page, "pay")
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    shot(page, "paygov-sandbox")
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    page.get_by_text("Đã thanh toán 16.000 đồng").wait_for()
    shot(page, "paid")
    page.close()


def indicators(browser):
    """The city's dashboard (richer after `manage.py generate_dossiers` and `refresh_indicators --all`)."""
    page = officer(browser, "thanhpho")
    page.goto("/chi-so/")
    shot(page, "indicators")
    page.close()


def main(only: set[str] | None = None):
    """Every screenshot, or only the groups named (pages, citizen, back-office, engagement, indicators)."""
    OUT.mkdir(parents=True, exist_ok=True)

    def wanted(group):
        return not only or group in only

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        if wanted("pages"):
            for name, path, width in PAGES:
                page = browser.new_page(viewport={"width": width, "height": 900}, locale="vi-VN")
                page.goto(BASE + path)
                shot(page, name)
                page.close()
        if wanted("citizen") or wanted("back-office"):
            code = citizen_pages(browser)
            if wanted("back-office"):
                back_office(browser, code)
        if wanted("engagement"):
            engagement(browser)
        if wanted("indicators"):
            indicators(browser)
        browser.close()


if __name__ == "__main__":
    main(set(sys.argv[2:]) or None)
