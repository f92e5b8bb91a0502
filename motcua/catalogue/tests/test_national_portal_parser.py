"""The national-portal parser on real published text (excerpts copied from the crawl) and on
generated input. Plain functions: no database. The crawl itself is the copy shipped in
motcua/catalogue/sources/data (test_corpus.py measures the parser over all of it)."""

import json
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalogue.records import clean_record
from motcua.catalogue.sources import national_portal as portal
from motcua.catalogue.sources import time_limits

RAW = Path(portal.__file__).resolve().parent / "data"


@cache
def raw_records() -> dict[str, dict]:
    return {raw["ma_thu_tuc"]: raw for raw in portal.read_crawl(RAW / "national_procedures.jsonl.gz")}


def fee(**values):
    row = {
        "kind": "",
        "amount": None,
        "currency": "VND",
        "channel": "",
        "description": "",
        "valid_from": None,
        "valid_to": None,
        "per": "",
        "condition": "",
        "set_by": "",
    }
    return {**row, **values}


def test_channels_with_time_fee_and_remark():
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(Lệ phí cấp giấy phép)"
        "Trực tiếp7 Ngày làm việc20.000 Việt Nam ĐồngNộp tại Bộ phận một cửa"
    )
    channels, fees = portal.parse_channels(text)
    assert channels == [
        {
            "kind": "online",
            "time_value": 7,
            "time_unit": "working_days",
            "time_text": "7 Ngày làm việc",
            "fee_text": "10,000 Việt Nam Đồng(Lệ phí cấp giấy phép)",
            "description": "",
        },
        {
            "kind": "direct",
            "time_value": 7,
            "time_unit": "working_days",
            "time_text": "7 Ngày làm việc",
            "fee_text": "20.000 Việt Nam Đồng",
            "description": "Nộp tại Bộ phận một cửa",
        },
    ]
    assert fees == [
        fee(kind="charge", amount=10000, channel="online", description="Lệ phí cấp giấy phép"),
        fee(amount=20000, channel="direct"),
    ]


def test_the_same_free_fee_on_every_channel_is_given_once():
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến6 Ngày làm việcMiễn phí06 ngày làm việc, kể từ ngày nhận đủ hồ sơ"
        "Dịch vụ bưu chính6 Ngày làm việcMiễn phí06 ngày làm việc, kể từ ngày nhận đủ hồ sơ"
        "Trực tiếp6 Ngày làm việcMiễn phí06 ngày làm việc, kể từ ngày nhận đủ hồ sơ"
    )
    channels, fees = portal.parse_channels(text)
    assert [c["kind"] for c in channels] == ["online", "post", "direct"]
    assert channels[2]["description"] == "06 ngày làm việc, kể từ ngày nhận đủ hồ sơ"
    assert fees == [fee(amount=0, description="Miễn phí")]


def test_a_bare_number_takes_the_unit_the_record_gives_it():
    steps = "Bước 3: Trong thời hạn 02 ngày làm việc, kể từ ngày nhận được hồ sơ đầy đủ, hợp lệ, cơ quan cấp giấy."
    channels, _ = portal.parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp2Miễn phí", steps=steps)
    assert (channels[0]["time_value"], channels[0]["time_unit"]) == (2, "working_days")
    assert channels[0]["time_text"].startswith("2 (không ghi đơn vị; Bước 3: Trong thời hạn 02 ngày làm việc")
    # a bare 1 is the portal's placeholder when the steps state the limit from the receipt
    steps = "Trong thời hạn 05 ngày làm việc kể từ ngày nhận hồ sơ đăng ký, cơ quan đăng ký kinh doanh cấp xã …"
    channels, _ = portal.parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phí", steps=steps)
    assert (channels[0]["time_value"], channels[0]["time_unit"]) == (5, "working_days")


def test_a_bare_number_nothing_repeats_counts_in_working_days_and_says_so():
    channels, fees = portal.parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp105Miễn phí(Miễn lệ phí cho người có công)"
    )
    assert (channels[0]["time_value"], channels[0]["time_unit"]) == (105, "working_days")
    assert channels[0]["time_text"] == "105 (không ghi đơn vị; đọc là ngày làm việc)"
    assert fees == [
        fee(kind="charge", amount=0, description="Miễn lệ phí cho người có công", condition="cho người có công")
    ]


def test_a_bare_one_with_the_same_day_rule_of_the_steps():
    steps = (
        "(i) Trường hợp hồ sơ đầy đủ, hợp lệ thì tiếp nhận hồ sơ; nếu tiếp nhận hồ sơ sau 15 giờ thì có Phiếu hẹn, "
        "trả kết quả cho người yêu cầu trong ngày làm việc tiếp theo (nếu người yêu cầu nộp hồ sơ trực tiếp)"
    )
    channels, _ = portal.parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1Miễn phí", steps=steps)
    assert (channels[0]["time_value"], channels[0]["time_unit"]) == (15, "same_day")


def test_a_bare_time_glued_to_an_amount_in_thousands():
    channels, fees = portal.parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1100 VNĐ(Phí công bố nội dung đăng ký doanh nghiệp: "
        "100.000 đồng/lần (Thông tư số 47/2019/TT-BTC))"
    )
    assert channels[0]["time_value"] == 1
    assert [(f["kind"], f["amount"], f["per"]) for f in fees] == [("fee", 100000, "lần")]
    _, fees = portal.parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến120 VNĐ(20.000 đ/tờ khai)")
    assert [(f["amount"], f["per"]) for f in fees] == [(20000, "tờ khai")]


def test_missing_time_is_read_from_the_description_or_left_empty():
    channels, fees = portal.parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinKhông có thông tinNộp tại trụ sở"
    )
    assert channels[0]["time_text"] == "" and channels[0]["fee_text"] == "" and fees == []
    assert channels[0]["description"] == "Nộp tại trụ sở" and channels[0]["time_value"] is None
    channels, _ = portal.parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyếnKhông có thông tinMiễn phí05 ngày làm việc kể từ ngày "
        "nhận được hồ sơ đầy đủ, hợp lệ"
    )
    assert (channels[0]["time_value"], channels[0]["time_unit"]) == (5, "working_days")
    assert channels[0]["description"].startswith("05 ngày làm việc")


def test_documents_with_groups_templates_and_counts():
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)"
        "Mau NA17 tam tru.doc1 bản chínhBản sao hộ chiếu0 bản chính,1 bản sao"
    )
    document = {"group": "", "kind": "submit", "required": True, "condition": "", "note": ""}
    assert portal.parse_documents(text) == [
        {
            **document,
            "name": "Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)",
            "template_name": "Mau NA17 tam tru.doc",
            "originals": 1,
            "copies": 0,
            "quantity_text": "1 bản chính",
        },
        {
            **document,
            "name": "Bản sao hộ chiếu",
            "template_name": "",
            "originals": 0,
            "copies": 1,
            "quantity_text": "0 bản chính,1 bản sao",
        },
    ]


def test_document_groups_are_the_text_before_each_table():
    text = (
        "Trường hợp chưa có quyết định:Tên giấy tờMẫu đơn, tờ khaiSố lượngCác giấy tờ khác liên quan (nếu có)1 bản chính"
        "Trường hợp đã có quyết định:Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản của người sử dụng đất1 bản chính"
    )
    documents = portal.parse_documents(text)
    # each section is a case of the procedure: its documents are asked in that case only
    assert [(d["group"], d["condition"], d["name"], d["required"]) for d in documents] == [
        (
            "Trường hợp chưa có quyết định",
            "Trường hợp chưa có quyết định",
            "Các giấy tờ khác liên quan (nếu có)",
            False,
        ),
        ("Trường hợp đã có quyết định", "Trường hợp đã có quyết định", "Văn bản của người sử dụng đất", True),
    ]


def test_a_count_inside_a_document_name_stays_in_the_name():
    text = "--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Báo cáo giải trình (nếu có yêu cầu): 01 bản chính0 bản chính"
    [document] = portal.parse_documents(text)
    assert document["name"] == "Báo cáo giải trình (nếu có yêu cầu): 01 bản chính"
    assert (document["originals"], document["copies"]) == (0, 0)
    text = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngQuyết định số 12/QĐ-UBND năm 20261 bản chính"
    [document] = portal.parse_documents(text)  # "… năm 2026" + "1 bản chính"
    assert document["name"].endswith("năm 2026") and document["originals"] == 1


def test_notes_headings_and_cases_are_not_upload_slots():
    text = (
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng"
        "- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.1 bản chính"
        "Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy.0 bản chính"
        "- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng.1 bản chính"
        "- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng.1 bản chính"
        "* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Hộ chiếu/Thẻ căn cước còn giá trị sử dụng.1 bản chính"
        "* Lưu ý:Tên giấy tờMẫu đơn, tờ khaiSố lượng+ Người tiếp nhận có trách nhiệm tiếp nhận đúng, đủ hồ sơ.0 bản chính"
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Người có yêu cầu thực hiện việc nộp/xuất trình các giấy tờ sau:0 bản chính"
        "- Đối với phương tiện thương mại:0 bản chính- Giấy phép vận tải (nếu có)1 bản chính"
    )
    documents, notes = portal.parse_documents_and_notes(text)
    assert [(d["name"], d["kind"], d["required"], d["condition"]) for d in documents] == [
        ("Biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập", "submit", True, "Trường hợp trẻ em bị bỏ rơi"),
        ("Giấy chứng sinh", "submit", True, ""),  # once: the same document twice in one case
        ("Hộ chiếu/Thẻ căn cước còn giá trị sử dụng", "show", True, ""),
        ("Giấy phép vận tải (nếu có)", "submit", False, "Đối với phương tiện thương mại"),
    ]
    assert documents[1]["note"] == "Trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng"
    assert notes.splitlines() == [
        "- Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy",
        "- Người tiếp nhận có trách nhiệm tiếp nhận đúng, đủ hồ sơ",
    ]


def test_alternatives_a_one_of_row_lists_are_one_slot():
    text = (
        "(1.7) Đối với công trình nhà ở riêng lẻTên giấy tờMẫu đơn, tờ khaiSố lượng"
        "Giấy chứng nhận quyền sử dụng đất được cấp theo quy định của Luật Đất đai qua các thời kỳ.1 bản chính,1 bản sao"
        "- Một trong những giấy tờ hợp pháp về đất đai bao gồm: + Giấy chứng nhận quyền sử dụng đất được cấp theo quy "
        "định của Luật Đất đai qua các thời kỳ. + Giấy tờ khác.1 bản chính,1 bản sao"
        "- Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 1.1 bản chính,1 bản sao"
    )
    assert [d["name"][:30] for d in portal.parse_documents(text)] == [
        "Một trong những giấy tờ hợp ph",
        "Đơn đề nghị cấp giấy phép xây ",
    ]


def test_legal_basis_rows_split_on_glued_numbers():
    text = (
        "Tên văn bản pháp lýMã văn bảnLuật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam"
        "Luật 47/2014/QH13Thông tư quy định cách thức thực hiện khai báo tạm trú53/2016/TT-BCA"
    )
    assert portal.parse_legal_basis(text) == [
        {
            "name": "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam",
            "number": "Luật 47/2014/QH13",
            "date": None,
            "issuer": "Quốc hội",
        },
        {
            "name": "Thông tư quy định cách thức thực hiện khai báo tạm trú",
            "number": "53/2016/TT-BCA",
            "date": None,
            "issuer": "Bộ Công an",
        },
    ]
    text = (
        "Tên văn bản pháp lýMã văn bảnThông tư số 09/2025/TT-BTP ngày 16/6/2025 của Bộ trưởng Bộ Tư pháp09/2025/TT-BTP"
    )
    assert portal.parse_legal_basis(text) == [
        {
            "name": "Thông tư số 09/2025/TT-BTP ngày 16/6/2025 của Bộ trưởng Bộ Tư pháp",
            "number": "09/2025/TT-BTP",
            "date": "2025-06-16",
            "issuer": "Bộ Tư pháp",
        }
    ]


def test_legal_numbers_split_on_their_grammar_not_on_the_glue():
    text = (
        "Tên văn bản pháp lýMã văn bảnLuật Đất đai 28/2009/QH1228/2009/QH12Nghị định 122/2017/NĐ-CP122/2017/NĐ-CP"
        "ban hành và hướng dẫn sử dụng một số biểu mẫuThông tư 02/2018/TT-BTPLuật28/2023/QH15"
        "14/2025/TT-BNNMT14/2025/TT-BNNMTNghị định số 40/2026/NĐ-CP ngày 25/01/202640/2026/NĐ-CP"
    )
    assert [(row["name"], row["number"]) for row in portal.parse_legal_basis(text)] == [
        ("Luật Đất đai 28/2009/QH12", "28/2009/QH12"),
        ("Nghị định 122/2017/NĐ-CP", "122/2017/NĐ-CP"),
        ("Ban hành và hướng dẫn sử dụng một số biểu mẫu", "Thông tư 02/2018/TT-BTP"),
        ("Luật 28/2023/QH15", "28/2023/QH15"),
        ("Thông tư 14/2025/TT-BNNMT", "14/2025/TT-BNNMT"),
        ("Nghị định số 40/2026/NĐ-CP ngày 25/01/2026", "40/2026/NĐ-CP"),
    ]
    assert portal.parse_legal_basis(text)[-1]["date"] == "2026-01-25"


def test_result_drops_the_page_boilerplate():
    text = (
        "Phiếu khai báo tạm trú được xác nhận.Mã: KQ.G01.00263Từ khóaKhông có thông tinMô tảKhông có thông tin"
        "Chọn cơ quan thực hiệnTỉnh/ Thành phố"
    )
    assert portal.parse_result(text) == ("Phiếu khai báo tạm trú được xác nhận", "KQ.G01.00263")


def test_the_result_is_the_document_issued_the_refusal_its_alternative():
    text = (
        "Văn bản thông báo từ chối/không đủ điều kiệnMã: KQ.G10.001197Quyết định cho phép trả lại khu vực biển theo "
        "Mẫu 07Mã: KQ.G10.000608Từ khóaKhông có thông tin"
    )
    assert portal.parse_results(text) == {
        "result": "Quyết định cho phép trả lại khu vực biển theo Mẫu 07",
        "result_code": "KQ.G10.000608",
        "refusal": "Văn bản thông báo từ chối/không đủ điều kiện",
    }
    text = "Giấy phép hoạt động dự báo theo Mẫu số 05, hoặc văn bản từ chối cấp phép.Mã: KQ.G10.000584Từ khóa"
    assert portal.parse_results(text)["result"] == "Giấy phép hoạt động dự báo theo Mẫu số 05"
    assert portal.parse_results(text)["refusal"] == "văn bản từ chối cấp phép"
    text = (
        "- Trường hợp đối tượng đủ điều kiện hỗ trợ: Quyết định phê duyệt Dự án. - Trường hợp không đủ điều kiện "
        "hỗ trợ: Văn bản thông báo của UBND cấp huyện.Mã: KQ.G10.1Từ khóa"
    )
    assert portal.parse_results(text)["result"] == "Quyết định phê duyệt Dự án"
    # issued either way, or the refusal is what the procedure is about
    text = "Thông báo xác nhận/không xác nhận việc thực hiện nghĩa vụ thuế (mẫu số 01/TB-XNNV)Mã: KQ.G12.000554Từ khóa"
    assert portal.parse_results(text)["refusal"] == ""
    text = "Văn bản từ chối nhận di sản được chứng thựcMã: KQ.G15.000030Từ khóa"
    assert portal.parse_results(text, "Chứng thực văn bản từ chối nhận di sản")["result"].startswith("Văn bản từ chối")
    assert portal.parse_results(text)["result"] == ""


def test_steps_split_on_buoc_markers():
    steps = portal.parse_steps("Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.")
    assert steps == [
        {"title": "Bước 1", "description": "Nộp hồ sơ."},
        {"title": "Bước 2", "description": "Nhận kết quả."},
    ]
    assert portal.parse_steps("Nộp hồ sơ tại UBND xã.") == [{"title": "", "description": "Nộp hồ sơ tại UBND xã."}]


def test_applicant_types_keep_items_with_commas_whole():
    text = "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam, Cán bộ, công chức, viên chức, Doanh nghiệp có vốn đầu tư nước ngoài"
    assert portal.parse_applicant_types(text) == ["citizen", "business", "organization", "official"]


def test_a_whole_record_becomes_a_valid_catalogue_record():
    raw = {
        "ma_thu_tuc": "1.000253",
        "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x",
        "ten_thu_tuc": "Khai báo tạm trú cho người nước ngoài tại Việt Nam bằng Phiếu khai báo tạm trú",
        "so_quyet_dinh": "QĐ/0001-BCA",
        "cap_thuc_hien": "Cấp xã",
        "loai_thu_tuc": "TTHC được giao luật quy định chi tiết",
        "linh_vuc": "Quản lý xuất nhập cảnh",
        "doi_tuong_thuc_hien": "Công dân Việt Nam, Người nước ngoài",
        "co_quan_co_tham_quyen": "Công an cấp X\u00e3",
        "dia_chi_tiep_nhan": "Công an Xã",
        "co_quan_duoc_uy_quyen": "",
        "co_quan_phoi_hop": "",
        "thu_tuc_lien_quan": "Không có thông tin",
        "trinh_tu_thuc_hien": "B\u01b0\u1edbc 1: Ng\u01b0\u1eddi khai b\u00e1o ti\u00ea\u0301p nh\u00e2\u0323n th\u00f4ng tin.",
        "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp7 NgàyKhông có thông tinNộp trực tiếp tại trụ sở Công an cấp xã",
        "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu khai báo tạm trú (mẫu NA17)1 bản chính",
        "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Nhập cảnhLuật 47/2014/QH13",
        "co_quan_thuc_hien": "Công an cấp X\u00e3",
        "yeu_cau_dieu_kien": "Thực hiện khai báo ngay.",
        "ket_qua_xu_ly": "Phiếu khai báo được xác nhận.Mã: KQ.G01.00263Từ khóa",
    }
    record = portal.parse_record(raw)
    assert record["steps"] == [{"title": "Bước 1", "description": "Người khai báo tiếp nhận thông tin."}]  # NFC
    assert record["processing_time"] == {"value": 7, "unit": "days", "text": "7 Ngày"}
    assert record["levels"] == ["commune"] and record["online_level"] == "none"  # only in person
    assert record["related_procedures"] == ""
    cleaned = clean_record(record)
    assert cleaned["documents"][0]["originals"] == 1


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_either_way(n):
    assert portal.parse_number(f"{n:,}") == n
    assert portal.parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.integers(min_value=0, max_value=99), st.integers(min_value=0, max_value=99))
def test_quantities(originals, copies):
    assert portal.parse_quantity(f"{originals} bản chính,{copies} bản sao") == (originals, copies)
    assert portal.parse_quantity(f"{copies} bản sao") == (0, copies)


@given(
    st.integers(min_value=1, max_value=365),
    st.sampled_from(["Ngày làm việc", "Ngày", "Giờ", "Tháng"]),
    st.text(max_size=20),
)
def test_times_keep_the_rest_of_the_cell(value, unit, rest):
    parsed_value, parsed_unit, remainder = portal.parse_time(f"{value} {unit}{rest}")
    assert parsed_value == value
    assert parsed_unit == {"Ngày làm việc": "working_days", "Ngày": "days", "Giờ": "hours", "Tháng": "months"}[unit]
    assert remainder == rest


@given(st.text(max_size=300))
def test_the_parsers_never_crash(text):
    portal.parse_channels(text, steps=text, conditions=text)
    portal.parse_documents_and_notes(text)
    portal.parse_legal_basis(text)
    portal.parse_steps(text)
    portal.parse_results(text)
    portal.parse_fee_cell(text)


PIECES = [
    "Ngay trong ngày làm việc",
    "Trong ngày",
    "03 ngày làm việc",
    "Không quá 15 ngày",
    " kể từ ngày nhận đủ hồ sơ hợp lệ",
    "04 giờ làm việc",
    "02 tháng",
    "nửa ngày",
    "05 đến 07 ngày",
    "tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
    "ngày 15 tháng 7 năm 2025",
    "(",
    ")",
    "; ",
    "Trực tiếp",
    "1",
    "Miễn phí",
    "135.000 đồng/lần",
]


@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=12).map("".join))
def test_the_time_parser_never_crashes_and_every_limit_has_a_known_unit(text):
    for found in time_limits.find_limits(text):
        assert found.unit in ("working_days", "days", "hours", "months", "same_day") and found.value > 0
    limit = time_limits.parse_time_limit(text)
    assert limit is None or (limit["value"] > 0 and limit["unit"])
    cutoff = time_limits.cutoff_hour(text)
    assert cutoff is None or 6 <= cutoff < 24


@given(
    st.integers(min_value=1, max_value=90),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(["ngày làm việc", "ngày", "giờ làm việc", "tháng"]),
)
def test_a_range_counts_as_its_upper_bound(low, more, unit):
    limit = time_limits.parse_time_limit(f"Từ {low:02d} đến {low + more:02d} {unit} kể từ ngày nhận đủ hồ sơ")
    units = {"ngày làm việc": "working_days", "ngày": "days", "giờ làm việc": "hours", "tháng": "months"}
    assert limit is not None and (limit["value"], limit["unit"]) == (low + more, units[unit])


def test_the_forms_the_records_write_limits_in():
    def read(text):
        limit = time_limits.parse_time_limit(text)
        return (limit["value"], limit["unit"]) if limit else None

    assert read("Ngay trong ngày làm việc") == (24, "same_day")
    assert read("Trong ngày") == (24, "same_day")
    assert read("Trong ngày; nếu tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo") == (15, "same_day")
    assert read("03 ngày làm việc") == (3, "working_days")
    assert read("Không quá 15 ngày") == (15, "days")
    assert read("05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ") == (5, "working_days")
    assert read("năm (05) ngày làm việc") == (5, "working_days")
    assert read("mười lăm ngày") == (15, "days")
    assert read("04 giờ làm việc") == (4, "hours")
    assert read("Trong thời hạn tối đa 60 phút") == (1, "hours")
    assert read("02 tháng") == (2, "months")
    assert read("nửa ngày làm việc") == (0.5, "working_days")
    assert read("05 đến 07 ngày") == (7, "days")
    assert read("ngày 15 tháng 7 năm 2025") is None
    assert read("trong ngày làm việc tiếp theo") is None
    assert time_limits.says_no_limit("Không phải trả kết quả cho người nộp thuế")


@given(st.text(max_size=200))
def test_fee_cells_never_crash_and_amounts_are_never_negative(text):
    rows, rest = portal.parse_fee_cell(text)
    assert all(row["amount"] is None or row["amount"] >= 0 for row in rows)
    assert rest in portal.nfc(text) or not rest


def test_fees_with_their_amounts_per_case():
    rows, description = portal.parse_fee_cell(
        "Miễn phí(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần. Trường hợp tổ chức, cá nhân nộp hồ sơ theo hình "
        "thức trực tuyến: Kể từ ngày 01/12/2023 đến hết ngày 31/12/2025, áp dụng mức thu lệ phí là 115.000 đồng/lần "
        "cấp.)Nộp tại Phòng CSGT"
    )
    assert description == "Nộp tại Phòng CSGT"
    assert [(r["kind"], r["amount"], r["per"], r["channel"], str(r["valid_to"])) for r in rows] == [
        ("charge", 135000, "lần", "", "None"),
        ("charge", 115000, "lần cấp", "online", "2025-12-31"),
    ]
    rows, _ = portal.parse_fee_cell("135,000 Việt Nam Đồng")
    assert [(r["amount"], r["currency"]) for r in rows] == [(135000, "VND")]
    rows, _ = portal.parse_fee_cell("Lệ phí: 50.000 đồng/lần")
    assert [(r["kind"], r["amount"], r["per"]) for r in rows] == [("charge", 50000, "lần")]
    rows, _ = portal.parse_fee_cell(
        "2,000 Việt Nam Đồng(2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá "
        "200.000 đồng/bản.)"
    )
    assert [(r["amount"], r["per"], r["condition"]) for r in rows] == [
        (2000, "trang", ""),
        (1000, "trang", "từ trang thứ 3 trở lên"),  # the 200.000 cap is no rate
    ]
    rows, _ = portal.parse_fee_cell(
        "Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương quyết định. Miễn lệ "
        "phí đối với trường hợp đăng ký khai tử đúng hạn; người khuyết tật.)"
    )
    assert [(r["amount"], r["set_by"], r["condition"]) for r in rows] == [
        (None, "province", ""),
        (0, "", "đối với trường hợp đăng ký khai tử đúng hạn; người khuyết tật"),
    ]
    assert [r["amount"] for r in portal.parse_fee_cell("Miễn phí(Không)")[0]] == [0]
    assert [r["amount"] for r in portal.parse_fee_cell("Miễn phí(Miễn lệ phí.)")[0]] == [0]
    rows, _ = portal.parse_fee_cell("Miễn phí(Theo quy định của Luật phí và lệ phí)")
    assert [(r["amount"], r["set_by"]) for r in rows] == [(None, "law")]  # not free: set elsewhere


def test_the_real_khai_sinh_record():
    record = portal.parse_record(raw_records()["1.001193"])
    assert record["processing_time"]["value"] == 15 and record["processing_time"]["unit"] == "same_day"
    documents = record["documents"]
    assert len(documents) <= 10  # the table has 33 rows, most of them notes
    always = [d["name"] for d in documents if d["required"] and not d["condition"]]
    assert always[0] == "Giấy chứng sinh" and any(name.startswith("Hộ chiếu") for name in always)
    assert all(not d["name"].startswith(("Trường hợp", "Lưu ý", "Người tiếp nhận")) for d in documents)
    assert "Người tiếp nhận có trách nhiệm" in record["documents_note"]
    assert record["fees"][0]["amount"] == 0 and record["result"] == "Giấy khai sinh"
    assert {"name": "Luật 60/2014/QH13", "number": "60/2014/QH13", "date": None, "issuer": "Quốc hội"} in record[
        "legal_basis"
    ]
    clean_record(record)


def test_the_real_driving_licence_and_building_permit_records():
    record = portal.parse_record(raw_records()["3.000348"])
    assert [f["amount"] for f in record["fees"]] == [135000, 115000]
    record = portal.parse_record(raw_records()["1.013225"])
    for case in {d["condition"] for d in record["documents"]}:
        land = [d for d in record["documents"] if d["condition"] == case and "quyền sử dụng đất" in d["name"][:60]]
        assert len(land) <= 1, case  # one slot for the land papers in each case, not three


def test_the_whole_crawl_parses_into_valid_records():
    records = portal.build_catalogue(RAW / "procedures.csv.gz", RAW / "national_procedures.jsonl.gz")
    assert len(records) == len({r["code"] for r in records}) == 1747
    full = [r for r in records if r["source_url"].startswith("https://dichvucong.gov.vn")]
    assert len(full) >= 1601
    assert sum(bool(r["documents"]) for r in full) / len(full) > 0.95
    assert sum(bool(r["channels"]) for r in full) / len(full) > 0.99
    for record in records:
        clean_record(record)
        assert all(f["amount"] is None or f["amount"] >= 0 for f in record["fees"])
        assert "Tên giấy tờMẫu đơn" not in json.dumps(record, ensure_ascii=False)
