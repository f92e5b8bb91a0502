import pytest
from playwright.sync_api import expect

from motcua.dossiers.tests.test_browser import sign_in
from motcua.payments.models import Payment
from motcua.workflow import services as workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "provider, choice, sandbox",
    [
        ("vnpay", "VNPay", "Cổng thanh toán thử nghiệm (VNPay sandbox)"),
        (
            "paygov",
            "Nền tảng thanh toán của Cổng Dịch vụ công quốc gia",
            "Nền tảng thanh toán thử nghiệm (Cổng DVC quốc gia)",
        ),
    ],
)
def test_a_citizen_pays_through_the_sandbox_and_gets_the_receipt(
    page, live_server, settings, gateway, submitted, staff, provider, choice, sandbox
):
    settings.MOTCUA_VNPAY = {**settings.MOTCUA_VNPAY, "url": f"{live_server.url}/thanh-toan/sandbox/vnpay/"}
    settings.MOTCUA_PAYGOV = {**settings.MOTCUA_PAYGOV, "url": f"{live_server.url}/thanh-toan/sandbox/paygov/"}
    submitted.applicant.notify_by_sms = True
    submitted.applicant.save()
    workflow.receive(submitted, staff["reception"])
    workflow.assign(submitted, staff["reception"], staff["specialist"])
    workflow.request_payment(submitted, staff["specialist"], amount=8000, reason="Lệ phí đăng ký khai sinh quá hạn")

    sign_in(page, submitted.applicant.username)
    page.goto(f"/ho-so/{submitted.code}/")
    expect(page.get_by_role("region", name="Nộp phí, lệ phí")).to_contain_text("8.000 đồng")
    page.get_by_label(choice).check()
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page.get_by_role("heading", name=sandbox)).to_be_visible()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_text("Đã thanh toán 8.000 đồng. Biên lai điện tử số")).to_be_visible()
    expect(page.locator(".submit-box")).to_contain_text("Đang xử lý")
    expect(page.get_by_role("link", name="Biên lai thu phí, lệ phí điện tử")).to_be_visible()
    page.get_by_role("link", name="Thông báo").click()  # the notice on the personal page
    expect(page.get_by_role("heading", name="Thông báo của tôi")).to_be_visible()
    expect(page.get_by_text(f"Hồ sơ {submitted.code}: đã nhận thanh toán")).to_be_visible()
    payment = Payment.objects.get()
    assert payment.state == Payment.State.PAID and payment.provider == provider
    # … and the same news by SMS, through the gateway simulator, once.
    sms = [
        m["text"]
        for m in gateway.received.values()
        if m["to"] == submitted.applicant.phone and "da nhan 8.000 dong" in m["text"]
    ]
    assert sms == [f"Ho so {submitted.code}: da nhan 8.000 dong, bien lai so {payment.receipt_number}."]
