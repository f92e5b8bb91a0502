import pytest
from rest_framework.test import APIClient

from motcua.catalogue.tests.factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def birth():
    make_procedure(code="1.001695", name="Đăng ký khai sinh có yếu tố nước ngoài", levels=["city"])
    return make_procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        fees=[{"kind": "charge", "amount": 0, "description": "Miễn lệ phí đăng ký khai sinh đúng hạn"}],
    )


def test_search_returns_ranked_results_with_the_public_fields(api, birth):
    response = api.get("/api/v1/procedures", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["code"] == "1.001193"
    assert first["name"] == "Đăng ký khai sinh"
    assert first["field"] == "Hộ tịch"
    assert first["level"] == ["commune"]
    assert first["online_level"] == "partial"
    assert first["legacy_online_level"] == 3
    assert first["processing_time"]["value"] == 3
    assert first["processing_time"]["text"] == "3 ngày làm việc"
    assert first["fee"] == "Lệ phí: 0 đồng"
    assert first["url"] == "http://testserver/thu-tuc/1.001193/"


def test_search_filters_and_pages(api, birth):
    assert api.get("/api/v1/procedures", {"q": "khai sinh", "level": "city"}).json()["count"] == 1
    assert (
        api.get("/api/v1/procedures", {"field": "ho-tich", "page_size": 1})
        .json()["next"]
        .endswith("page=2&page_size=1")
    )
    page2 = api.get("/api/v1/procedures", {"field": "ho-tich", "page_size": 1, "page": 2}).json()
    assert len(page2["results"]) == 1 and page2["previous"]


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"level": "district"}, "level", "Cấp thực hiện “district” không hợp lệ"),
        ({"online": "4"}, "online", "Mức độ trực tuyến “4” không hợp lệ"),
        ({"field": "khong-co"}, "field", "Không có lĩnh vực “khong-co”."),
        ({"agency": "000.00.99.H17"}, "agency", "Không có cơ quan “000.00.99.H17”."),
        ({"q": "x" * 201}, "q", "200"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter(api, birth, params, field, message):
    response = api.get("/api/v1/procedures", params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_a_page_past_the_end_is_a_404_with_a_message(api, birth):
    response = api.get("/api/v1/procedures", {"page": 99})
    assert response.status_code == 404
    assert response.json()["detail"] == "Trang không hợp lệ."


def test_detail_by_code_or_id(api, birth):
    by_code = api.get("/api/v1/procedures/1.001193").json()
    assert by_code["documents"][0]["name"] == "Tờ khai theo mẫu"
    assert by_code["legal_basis"] == [{"name": "Luật Hộ tịch", "number": "60/2014/QH13", "date": None, "issuer": ""}]
    assert by_code["version"] == 1
    by_id = api.get(f"/api/v1/procedures/{birth.pk}").json()
    assert by_id["code"] == "1.001193"
    missing = api.get("/api/v1/procedures/9.999999")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Không tìm thấy thủ tục."


def test_fields_list_counts_published_procedures(api, birth):
    make_procedure(field="Chứng thực", status="draft")
    assert api.get("/api/v1/fields").json() == [{"slug": "ho-tich", "name": "Hộ tịch", "procedure_count": 2}]


def test_the_catalogue_is_read_only_through_the_api(api, birth):
    assert api.post("/api/v1/procedures", {"code": "1.000001"}).status_code in (401, 403, 405)


def test_openapi_schema_documents_the_catalogue(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in [
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
        "/api/v1/fields",
        "/api/v1/units",
        "/api/v1/agencies",
    ]:
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/procedures"]["get"]["parameters"]}
    assert {"q", "field", "level", "agency", "online", "page"} <= parameters
    assert api.get("/api/docs/").status_code == 200
