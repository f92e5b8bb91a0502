from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, shorten, tokens


def test_fold_removes_vietnamese_diacritics_and_d_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐỒNG THUẬN, Hòa Nhơn!") == "dong thuan hoa nhon"
    assert fold("khai sính") == "khai sinh"


def test_fold_treats_decomposed_and_composed_text_alike():
    composed = "tiếp nhận hồ sơ"
    decomposed = "ti\u00ea\u0301p nh\u00e2\u0323n h\u00f4\u0300 s\u01a1"
    assert fold(decomposed) == fold(composed) == "tiep nhan ho so"


def test_tokens_are_unique_and_ordered():
    assert tokens("Khai sinh, khai tử") == ["khai", "sinh", "tu"]


@given(st.text())
def test_fold_is_idempotent_and_plain_ascii(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in folded)
    assert "  " not in folded and folded == folded.strip()


@given(st.text(alphabet="aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ", min_size=1))
def test_every_vietnamese_vowel_folds_to_a_plain_letter(text):
    assert set(fold(text)) <= set("aeiouyd")


def test_shorten_keeps_a_short_text_and_cuts_a_long_one_on_one_line():
    assert shorten("Giấy chứng sinh", 40) == "Giấy chứng sinh"
    cut = shorten("Tờ khai đăng ký khai sinh,\n  theo mẫu; bản chính", 30)
    assert cut == "Tờ khai đăng ký khai sinh, th…" and len(cut) == 30
    assert shorten("Bản sao giấy tờ, tài liệu; ", 16) == "Bản sao giấy tờ…"
