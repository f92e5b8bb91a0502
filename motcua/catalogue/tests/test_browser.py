import re

import pytest
from playwright.sync_api import expect

from motcua.catalogue.tests.factories import make_procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_finds_birth_registration_typed_without_diacritics(page):
    make_procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        documents=[
            {
                "name": "Tờ khai đăng ký khai sinh theo mẫu",
                "template_name": "To khai dang ky khai sinh.docx",
                "originals": 1,
            },
            {"name": "Giấy chứng sinh", "originals": 1, "copies": 0},
        ],
        fees=[{"kind": "charge", "amount": 8000, "description": "Đăng ký khai sinh quá hạn"}],
    )
    make_procedure(code="1.001695", name="Đăng ký khai sinh có yếu tố nước ngoài", levels=["city"])
    make_procedure(
        code="1.004222",
        name="Đăng ký thường trú",
        field="Đăng ký, quản lý cư trú",
        documents=[{"name": "Bản sao giấy đăng ký khai sinh của trẻ em", "copies": 1}],
    )

    page.goto("/")
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("dang ky khai sinh")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 3 thủ tục")
    expect(page.locator(".result h2").first).to_have_text("Đăng ký khai sinh")

    page.get_by_label("Lĩnh vực").select_option(label="Hộ tịch")
    expect(page.locator("#result-count")).to_contain_text("Tìm thấy 2 thủ tục")
    expect(page).to_have_url(re.compile(r"field=ho-tich"))
    expect(page.get_by_text("Đăng ký thường trú")).to_have_count(0)
    page.reload()  # the field list comes on its own request: the choice survives it
    expect(page.get_by_label("Lĩnh vực")).to_have_value("ho-tich")
    expect(page.get_by_label("Lĩnh vực").locator("option")).to_have_count(3)  # "Tất cả" and the two fields

    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    documents = page.locator("table.documents")
    expect(documents).to_contain_text("Tờ khai đăng ký khai sinh theo mẫu")
    expect(documents).to_contain_text("Giấy chứng sinh")
    expect(page.locator(".facts")).to_contain_text("Lệ phí: 8.000 đồng")
    expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_be_visible()


def test_search_form_works_from_the_keyboard_alone(page):
    make_procedure(code="1.000894", name="Đăng ký kết hôn")
    page.goto("/thu-tuc/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    page.get_by_label("Từ khóa").focus()
    page.keyboard.type("ket hon")
    page.keyboard.press("Enter")
    expect(page.locator(".result h2")).to_have_text(["Đăng ký kết hôn"])


def test_editor_imports_the_catalogue_from_a_file_in_the_admin(page, tmp_path):
    import json

    from motcua.accounts.models import User
    from motcua.catalogue.tests.factories import ProcedureRecordFactory

    User.objects.create_superuser("bientap", password="mat-khau-dai-hon", kind=User.Kind.OFFICER)
    good = tmp_path / "danh-muc.json"
    good.write_text(json.dumps([ProcedureRecordFactory(code="1.000894", name="Đăng ký kết hôn")]), encoding="utf-8")
    bad = tmp_path / "loi.json"
    bad.write_text(json.dumps([ProcedureRecordFactory(code="1.0008", name="Mã sai")]), encoding="utf-8")

    page.goto("/quan-tri/")
    page.get_by_label("Tên đăng nhập:").fill("bientap")
    page.get_by_label("Mật khẩu:").fill("mat-khau-dai-hon")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/quan-tri/catalogue/procedure/")
    page.get_by_role("link", name="Nhập từ tệp JSON/Excel").click()

    page.get_by_label("Tệp danh mục:").set_input_files(str(bad))
    page.get_by_role("button", name="Nhập danh mục").click()
    expect(page.locator("#import-errors")).to_contain_text("Thủ tục thứ 1, mã thủ tục: Mã thủ tục phải có dạng")

    page.get_by_label("Tệp danh mục:").set_input_files(str(good))
    page.get_by_role("button", name="Nhập danh mục").click()
    expect(page.get_by_text("Đã nhập 1 thủ tục: 1 mới, 0 cập nhật, 0 không đổi.")).to_be_visible()
    expect(page.get_by_role("link", name="1.000894")).to_be_visible()
