import pytest
from rest_framework.test import APIClient

from motcua.assistant import engine, services
from motcua.assistant.models import Entry, Unanswered
from motcua.catalogue.tests.factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "birth": make_procedure(
            code="1.001193",
            name="Thủ tục đăng ký khai sinh",
            result="Giấy khai sinh",
            fees=[{"kind": "charge", "amount": 0, "channel": "", "description": "Miễn lệ phí"}],
            documents=[
                {"name": "Giấy chứng sinh", "originals": 1, "copies": 0},
                {"name": "- Văn bản ủy quyền (nếu có)", "originals": 1, "copies": 0},
            ],
        ),
        "marriage": make_procedure(code="1.000894", name="Thủ tục đăng ký kết hôn", result="Giấy chứng nhận kết hôn"),
        "build": make_procedure(
            code="1.013225",
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            field="Hoạt động xây dựng",
            result="Giấy phép xây dựng",
        ),
        "business": make_procedure(
            code="1.001612",
            name="Đăng ký thành lập hộ kinh doanh",
            field="Thành lập và hoạt động của hộ kinh doanh",
            fees=[{"kind": "fee", "amount": 100000, "channel": "", "description": "Lệ phí đăng ký"}],
        ),
    }


def test_an_unaccented_colloquial_question_finds_the_procedure_and_its_documents(catalogue):
    reply = services.ask("con toi moi sinh can lam giay to gi")
    assert reply.understood and reply.procedures[0]["code"] == "1.001193" and reply.intent == "documents"
    assert "Giấy chứng sinh (1 bản chính)" in reply.answer
    assert "\n- Văn bản ủy quyền (nếu có) (1 bản chính)" in reply.answer  # the record's own "- " mark is not doubled
    assert reply.procedures[0]["url"].endswith("/thu-tuc/1.001193/")
    assert services.ask("mo quan ca phe thi dang ky o dau").procedures[0]["code"] == "1.001612"


def test_a_follow_up_uses_the_procedure_talked_about(catalogue):
    first = services.ask("đăng ký hộ kinh doanh cần gì")
    follow = services.ask("còn phí thì sao?", first.conversation)
    assert follow.intent == "fee" and follow.procedures[0]["code"] == "1.001612" and "100.000 đồng" in follow.answer
    alone = services.ask("còn phí thì sao?")  # a new conversation knows nothing yet
    assert not alone.understood


def test_what_it_does_not_know_it_says_and_logs_for_the_admins(catalogue):
    reply = services.ask("thời tiết Đà Nẵng ngày mai thế nào")
    assert not reply.understood and "1022" in reply.answer and "/phan-anh-kien-nghi/gui/" in reply.answer
    assert Unanswered.objects.get().question == "thời tiết Đà Nẵng ngày mai thế nào"


def test_the_admins_question_and_answer_base_comes_first(catalogue):
    entry = Entry.objects.create(
        question="Trung tâm hành chính làm việc giờ nào",
        variants="mấy giờ mở cửa\ngio lam viec",
        answer="Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu; sáng thứ Bảy nhận hồ sơ.",
    )
    entry.procedures.add(catalogue["birth"])
    reply = services.ask("gio lam viec cua trung tam")
    assert reply.answer.startswith("Từ 7 giờ 30") and reply.procedures[0]["code"] == "1.001193"


def test_the_api(catalogue):
    api = APIClient()
    answer = api.post("/api/v1/assistant/ask", {"question": "xin giay phep xay dung nha o"}, format="json").json()
    assert answer["procedures"][0] | {"url": None} == {
        "code": "1.013225",
        "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "url": None,
    }
    follow = api.post(
        "/api/v1/assistant/ask", {"question": "mất bao lâu", "conversation": answer["conversation"]}, format="json"
    ).json()
    assert (
        follow["intent"] == "time"
        and follow["procedures"][0]["code"] == "1.013225"
        and "03 ngày làm việc" in follow["answer"]
    )
    empty = api.post("/api/v1/assistant/ask", {"question": " "}, format="json")
    assert empty.status_code == 400 and empty.json()["question"] == ["Vui lòng nhập câu hỏi."]


def test_the_widget_answers_in_place(client, catalogue):
    page = client.get("/").content.decode()
    assert "Trợ lý ảo – hỏi về thủ tục" in page and 'hx-post="/tro-ly-ao/"' in page
    turn = client.post("/tro-ly-ao/", {"question": "dang ky ket hon"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Thủ tục đăng ký kết hôn" in turn and 'href="http' in turn


def test_a_record_whose_text_is_still_missing_does_not_outrank_the_full_one_for_being_short():
    rows = [
        ("full", "Cấp giấy phép lao động", "Việc làm", "Văn bản chấp thuận của cơ quan có thẩm quyền", False),
        ("index-only", "Cấp giấy phép lao động", "Việc làm", "", False),
    ]
    index = engine.Index(rows, None)
    full, index_only = sorted(index.rank("giấy phép lao động", top=2), key=lambda hit: hit.code)
    assert full.lexical == pytest.approx(index_only.lexical)


def test_the_bar_for_a_weak_match_rises_with_the_catalogue():
    # BM25's term weights grow with the log of the number of procedures: a fixed bar would let
    # ever weaker matches through as the catalogue grows.
    assert services.min_lexical(services.LEXICAL_TUNED_ON) == pytest.approx(services.MIN_LEXICAL)
    assert services.min_lexical(2882) > services.MIN_LEXICAL


def test_a_level_in_the_name_makes_a_variant_only_beside_the_same_procedure_without_it():
    rows = [
        ("plain", "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên", "Cấp, quản lý căn cước", "", True),
        ("province", "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên (thực hiện tại cấp tỉnh)", "", "", False),
        ("alone", "Hưởng trợ cấp thất nghiệp (Cấp tỉnh)", "Việc làm", "", False),
    ]
    index = engine.Index(rows, None)
    level = list(engine.VARIANTS).index("cap tinh")
    assert index.variants[:, level].tolist() == [0.0, 1.0, 0.0]
    assert [hit.code for hit in index.rank("làm thẻ căn cước 14 tuổi", top=2)] == ["plain", "province"]
