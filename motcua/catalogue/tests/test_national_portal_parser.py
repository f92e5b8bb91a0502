"""The national-portal parser on real published text (excerpts copied from the crawl) and on
generated input. Plain functions: no database."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalogue.records import clean_record
from motcua.catalogue.sources import national_portal as portal

SHARED = Path(__file__).resolve().parents[4] / "shared" / "catalogue"


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
        {"kind": "", "amount": 10000, "currency": "VND", "channel": "online", "description": "Lệ phí cấp giấy phép"},
        {"kind": "", "amount": 20000, "currency": "VND", "channel": "direct", "description": ""},
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
    assert fees == [{"kind": "", "amount": 0, "currency": "VND", "channel": "", "description": "Miễn phí"}]


def test_bare_number_and_missing_time_are_kept_as_text_not_guessed():
    channels, _ = portal.parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp105Miễn phí(Miễn lệ phí cho người có công)"
    )
    assert channels[0]["time_value"] is None and channels[0]["time_unit"] == ""
    assert channels[0]["time_text"] == "105 (không ghi đơn vị)"
    channels, fees = portal.parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinKhông có thông tinNộp tại trụ sở"
    )
    assert channels[0]["time_text"] == "" and channels[0]["fee_text"] == "" and fees == []
    assert channels[0]["description"] == "Nộp tại trụ sở"


def test_documents_with_groups_templates_and_counts():
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)"
        "Mau NA17 tam tru.doc1 bản chínhBản sao hộ chiếu0 bản chính,1 bản sao"
    )
    assert portal.parse_documents(text) == [
        {
            "order": 1,
            "group": "",
            "name": "Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)",
            "template_name": "Mau NA17 tam tru.doc",
            "originals": 1,
            "copies": 0,
            "quantity_text": "1 bản chính",
        },
        {
            "order": 2,
            "group": "",
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
    assert [(d["group"], d["name"]) for d in documents] == [
        ("Trường hợp chưa có quyết định", "Các giấy tờ khác liên quan (nếu có)"),
        ("Trường hợp đã có quyết định", "Văn bản của người sử dụng đất"),
    ]


def test_a_count_inside_a_document_name_stays_in_the_name():
    text = "--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Báo cáo giải trình (nếu có yêu cầu): 01 bản chính0 bản chính"
    [document] = portal.parse_documents(text)
    assert document["name"] == "- Báo cáo giải trình (nếu có yêu cầu): 01 bản chính"
    assert (document["originals"], document["copies"]) == (0, 0)


def test_legal_basis_rows_split_on_glued_numbers():
    text = (
        "Tên văn bản pháp lýMã văn bảnLuật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam"
        "Luật 47/2014/QH13Thông tư quy định cách thức thực hiện khai báo tạm trú53/2016/TT-BCA"
    )
    assert portal.parse_legal_basis(text) == [
        {
            "name": "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam",
            "number": "Luật 47/2014/QH13",
        },
        {"name": "Thông tư quy định cách thức thực hiện khai báo tạm trú", "number": "53/2016/TT-BCA"},
    ]
    text = (
        "Tên văn bản pháp lýMã văn bảnThông tư số 09/2025/TT-BTP ngày 16/6/2025 của Bộ trưởng Bộ Tư pháp09/2025/TT-BTP"
    )
    assert portal.parse_legal_basis(text) == [
        {"name": "Thông tư số 09/2025/TT-BTP ngày 16/6/2025 của Bộ trưởng Bộ Tư pháp", "number": "09/2025/TT-BTP"}
    ]


def test_result_drops_the_page_boilerplate():
    text = (
        "Phiếu khai báo tạm trú được xác nhận.Mã: KQ.G01.00263Từ khóaKhông có thông tinMô tảKhông có thông tin"
        "Chọn cơ quan thực hiệnTỉnh/ Thành phố"
    )
    assert portal.parse_result(text) == ("Phiếu khai báo tạm trú được xác nhận.", "KQ.G01.00263")


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
    assert record["levels"] == ["commune"] and record["online_level"] == ""
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
    portal.parse_channels(text)
    portal.parse_documents(text)
    portal.parse_legal_basis(text)
    portal.parse_steps(text)
    portal.parse_result(text)


@pytest.mark.skipif(
    not (SHARED / "national_procedures.jsonl").exists(), reason="the crawl is not beside the repository"
)
def test_the_whole_crawl_parses_into_valid_records():
    records = portal.build_catalogue(SHARED / "procedures.csv", SHARED / "national_procedures.jsonl")
    assert len(records) == len({r["code"] for r in records}) == 1747
    full = [r for r in records if r["source_url"].startswith("https://dichvucong.gov.vn")]
    assert len(full) >= 1601
    assert sum(bool(r["documents"]) for r in full) / len(full) > 0.95
    assert sum(bool(r["channels"]) for r in full) / len(full) > 0.99
    for record in records:
        clean_record(record)
        assert all(f["amount"] is None or f["amount"] >= 0 for f in record["fees"])
        assert "Tên giấy tờMẫu đơn" not in json.dumps(record, ensure_ascii=False)
