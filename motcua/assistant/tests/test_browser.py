import pytest
from playwright.sync_api import expect

from motcua.catalogue.tests.factories import make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_unaccented_question_gets_the_right_procedure_link(page):
    make_procedure(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        result="Giấy khai sinh",
        documents=[{"name": "Giấy chứng sinh", "originals": 1, "copies": 0}],
    )
    make_procedure(code="1.000894", name="Thủ tục đăng ký kết hôn", result="Giấy chứng nhận kết hôn")
    page.goto("/")
    page.get_by_text("Trợ lý ảo – hỏi về thủ tục").click()
    page.get_by_label("Câu hỏi cho trợ lý ảo").fill("con toi moi sinh can lam giay gi")
    page.keyboard.press("Enter")
    answer = page.locator(".chat-answer").last
    expect(answer).to_contain_text("Giấy chứng sinh (1 bản chính)")
    expect(page.get_by_label("Câu hỏi cho trợ lý ảo")).to_have_value("")  # ready for the next question
    page.get_by_label("Câu hỏi cho trợ lý ảo").fill("còn phí thì sao?")
    page.get_by_role("button", name="Hỏi", exact=True).click()
    expect(page.locator(".chat-answer").last).to_contain_text("Phí, lệ phí của “Thủ tục đăng ký khai sinh”")
    answer.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    expect(page).to_have_url(f"{page.url.split('/thu-tuc')[0]}/thu-tuc/1.001193/")
