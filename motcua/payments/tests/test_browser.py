import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.test_browser import sign_in
from motcua.payments.models import Payment
from motcua.workflow import services as workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_pays_through_the_sandbox_and_gets_the_receipt(page, live_server, settings, submitted, staff):
    settings.MOTCUA_VNPAY = {**settings.MOTCUA_VNPAY, "url": f"{live_server.url}/thanh-toan/sandbox/vnpay/"}
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    workflow.request_payment(submitted, staff["specialist"], amount=8000, reason="Lệ phí đăng ký khai sinh quá hạn")

    sign_in(page, submitted.applicant.username)
    page.goto(f"/ho-so/{submitted.code}/")
    expect(page.get_by_role("region", name="Nộp phí, lệ phí")).to_contain_text("8000 đồng")
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page.get_by_role("heading", name="Cổng thanh toán thử nghiệm (VNPay sandbox)")).to_be_visible()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_text("Đã thanh toán 8.000 đồng. Biên lai điện tử số")).to_be_visible()
    expect(page.locator(".submit-box")).to_contain_text("Đang xử lý")
    expect(page.get_by_role("link", name="Biên lai thu phí, lệ phí điện tử")).to_be_visible()
    page.get_by_role("link", name="Thông báo").click()  # the notice on the personal page
    expect(page.get_by_role("heading", name="Thông báo của tôi")).to_be_visible()
    expect(page.get_by_text(f"Hồ sơ {submitted.code}: đã nhận thanh toán")).to_be_visible()
    assert Payment.objects.get().state == Payment.State.PAID
