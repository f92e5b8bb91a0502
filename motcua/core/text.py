"""Vietnamese text folding: one definition used by search on every database.

"Đăng ký khai sinh", "dang ky khai sinh" and "khai sính" must meet. SQLite's FTS5 folds
accents but not đ→d, and PostgreSQL's unaccent folds both, so the folded form is computed here
once and stored; both databases index the same folded text.
"""

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})
_TOKEN = re.compile(r"[0-9a-z]+")


def nfc(text: str) -> str:
    """Compose decomposed diacritics (the crawled records mix both forms)."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, đ→d, collapse everything that is not a letter or digit."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_TOKEN.findall(stripped))


_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def unaccent(text: str) -> str:
    """The same text without diacritics, case and punctuation kept ("Hồ sơ đã nộp" → "Ho so da
    nop"): what an SMS gateway that only speaks GSM 7-bit can carry."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D).translate(_PLAIN))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def tokens(text: str) -> list[str]:
    """The folded words of a text, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in fold(text).split():
        seen.setdefault(token, None)
    return list(seen)


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at ``limit`` characters with an ellipsis (for a message or a
    help text quoting a record's long wording)."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;.") + "…"
