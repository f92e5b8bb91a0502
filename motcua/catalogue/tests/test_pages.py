import pytest

from motcua.catalogue.tests.factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth():
    return make_procedure(code="1.001193", name="Đăng ký khai sinh")


def test_home_shows_search_fields_and_hotline(client, birth):
    html = client.get("/").content.decode()
    assert "Tra cứu thủ tục hành chính" in html
    assert 'href="/thu-tuc/?field=ho-tich"' in html
    assert "1022" in html


def test_search_page_lists_results_and_counts(client, birth):
    response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/thu-tuc/1.001193/"' in html
    assert "Tìm thấy <strong>1</strong> thủ tục" in html


def test_htmx_requests_get_only_the_results(client, birth):
    response = client.get("/thu-tuc/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Đăng ký khai sinh" in html


def test_bad_filter_shows_a_vietnamese_error(client, birth):
    response = client.get("/thu-tuc/", {"level": "huyen"})
    assert response.status_code == 400
    assert "Cấp thực hiện “huyen” không hợp lệ" in response.content.decode()


def test_no_result_suggests_the_hotline(client, birth):
    html = client.get("/thu-tuc/", {"q": "khong co thu tuc nay"}).content.decode()
    assert "Không có thủ tục nào phù hợp" in html


def test_detail_page_shows_documents_fee_time_and_submit_button(client, birth):
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "<h1>Đăng ký khai sinh</h1>" in html
    assert "Tờ khai theo mẫu" in html and "1 bản chính" in html
    assert "8.000 đồng" in html
    assert "3 ngày làm việc" in html
    assert "Nộp hồ sơ trực tuyến" in html
    assert "60/2014/QH13" in html


def test_unknown_or_unpublished_procedures_are_404(client):
    make_procedure(code="1.000002", status="draft")
    assert client.get("/thu-tuc/1.000002/").status_code == 404
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_cached_results_follow_changes_to_the_catalogue(client, birth, settings):
    from motcua.catalogue import selectors, services

    settings.MOTCUA_CATALOGUE_REVISION_SECONDS = 60  # other processes' view; this one is told at once
    assert "Đăng ký khai sinh" in client.get("/thu-tuc/", {"q": "khai sinh"}).content.decode()
    assert "Đăng ký khai sinh" in client.get("/api/v1/procedures", {"q": "khai sinh"}).content.decode()
    services.save_procedure({**selectors.procedure_record(birth), "status": "withdrawn"})
    assert "Không có thủ tục nào phù hợp" in client.get("/thu-tuc/", {"q": "khai sinh"}).content.decode()
    assert client.get("/api/v1/procedures", {"q": "khai sinh"}).json()["count"] == 0


def test_each_channel_shows_its_time_limit_as_read_with_the_published_words_beneath(client):
    make_procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        channels=[
            {
                "kind": "online",
                "time_value": 15,
                "time_unit": "same_day",
                "time_text": "1 (Trong ngày làm việc; sau 15 giờ thì trả trong ngày làm việc tiếp theo)",
            }
        ],
    )
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "<td>Trong ngày làm việc (nhận sau 15 giờ: trả trong ngày làm việc tiếp theo)" in html
    assert "Nguyên văn: 1 (Trong ngày làm việc; sau 15 giờ thì trả trong ngày làm việc tiếp theo)" in html


def test_the_long_lists_come_apart_and_the_browser_keeps_them_per_catalogue_revision(client, birth):
    import re

    html = client.get("/thu-tuc/", {"q": "khai sinh"}).content.decode()
    field_select = re.search(r'<select name="field".*?</select>', html, re.S).group(0)
    assert field_select.count("<option") == 1 and "Tất cả" in field_select
    options_url = re.search(r'hx-get="([^"]+)"', field_select).group(1).replace("&amp;", "&")
    assert options_url.startswith("/thu-tuc/bo-loc/field/?r=")

    listed = client.get(options_url)
    assert listed.status_code == 200 and listed["Cache-Control"] == "public, max-age=86400"
    assert '<option value="ho-tich">Hộ tịch</option>' in listed.content.decode()

    # A filter chosen: the page carries that one, and its list marks it.
    html = client.get("/thu-tuc/", {"field": "ho-tich"}).content.decode()
    field_select = re.search(r'<select name="field".*?</select>', html, re.S).group(0)
    assert '<option value="ho-tich" selected>Hộ tịch</option>' in field_select
    options_url = re.search(r'hx-get="([^"]+)"', field_select).group(1).replace("&amp;", "&")
    assert '<option value="ho-tich" selected>Hộ tịch</option>' in client.get(options_url).content.decode()

    # After a change to the catalogue the old address is not kept any longer, and a new one is given.
    make_procedure(code="1.000894", name="Đăng ký kết hôn")
    assert "public" not in client.get(options_url).get("Cache-Control", "")
    assert options_url not in client.get("/thu-tuc/", {"field": "ho-tich"}).content.decode().replace("&amp;", "&")
    assert client.get("/thu-tuc/bo-loc/q/").status_code == 404
