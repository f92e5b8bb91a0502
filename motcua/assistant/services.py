"""Answering a question: which procedure, what about it (documents, fee, time, where), from the
catalogue itself or the admins' question-and-answer base; follow-ups use the conversation's last
procedure; what it cannot answer it says so, points to 1022 and the feedback form, and logs."""

import hashlib
import math
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from motcua.assistant import engine
from motcua.assistant.models import Entry, Unanswered, Vectors
from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import catalogue_revision, fee_quote
from motcua.core.text import fold

INTENTS = {
    "fee": ["phi", "le phi", "bao nhieu tien", "het bao nhieu", "ton bao nhieu", "mat bao nhieu", "chi phi", "tien"],
    "time": ["bao lau", "may ngay", "thoi han", "bao nhieu ngay", "khi nao co", "lau khong", "mat bao lau"],
    "documents": [
        "giay to",
        "ho so gom",
        "can gi",
        "can nhung gi",
        "mang theo",
        "thanh phan",
        "chuan bi",
        "giay gi",
        "ho so can",
    ],
    "where": ["o dau", "noi nop", "nop o", "co quan nao", "dia chi", "den dau", "cho nao"],
}
# A question matched this weakly is not about any procedure: a low BM25 score (on the whole
# catalogue), at most half its words found, and a low cosine. Tuned on the evaluation set's
# off-topic questions (docs/benchmarks.md) over a catalogue of LEXICAL_TUNED_ON procedures. A
# term's BM25 weight (its IDF) grows with the log of the catalogue's size, so the score bar does
# too: otherwise every procedure added makes a weak match look stronger.
MIN_LEXICAL, MIN_COVERAGE, MIN_SEMANTIC = 8.0, 0.5, 0.86
LEXICAL_TUNED_ON = 1754
CONTEXT_SECONDS = 30 * 60

_index, _index_key, _lock = None, None, threading.Lock()


def _entries_key() -> str:
    latest = Entry.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return f"{Entry.objects.count()}-{latest}"


def index() -> engine.Index:
    """The process's index, rebuilt when the catalogue changes."""
    global _index, _index_key
    key = catalogue_revision()
    with _lock:
        if _index is None or _index_key != key:
            rows = list(
                Procedure.objects.filter(status=Procedure.Status.PUBLISHED).values_list(
                    "code", "name", "field__name", "result", "at_commune"
                )
            )
            stored = Vectors.objects.filter(revision=key).first()
            vectors = dict(zip(stored.codes, engine.unpack(stored.data), strict=True)) if stored else None
            _index, _index_key = engine.Index(rows, vectors), key
        return _index


def min_lexical(procedures: int) -> float:
    """The BM25 score a question's best match needs over a catalogue of this many procedures."""
    return MIN_LEXICAL * math.log(max(procedures, 2)) / math.log(LEXICAL_TUNED_ON)


SHIPPED = Path(__file__).parent / "data" / "passage_vectors.npz"


def passage(name: str, field: str | None) -> str:
    """What is embedded for a procedure: its name and its field ("… Lĩnh vực: Hộ tịch"), which
    places a short name ("Cấp lại", "Đăng ký thay đổi …") in its domain."""
    return f"{name}. Lĩnh vực: {field or ''}"


def _passage_key(code: str, text: str) -> str:
    return hashlib.sha256(f"{code}|{text}".encode()).hexdigest()[:16]


@transaction.atomic
def build_vectors(*, ship: bool = False) -> int:
    """Embeds every published procedure (name and field) for the current revision, reusing the
    vectors shipped with the project for procedures whose name and field have not changed (so a
    fresh install takes seconds, not the ~60 s the whole catalogue takes). ``ship`` rewrites the
    shipped file."""
    key = catalogue_revision()
    if Vectors.objects.filter(revision=key).exists() and not ship:
        return 0
    rows = [
        (code, passage(name, field))
        for code, name, field in Procedure.objects.filter(status=Procedure.Status.PUBLISHED).values_list(
            "code", "name", "field__name"
        )
    ]
    known = {}
    if SHIPPED.exists():
        shipped = np.load(SHIPPED)
        known = dict(zip(shipped["keys"].tolist(), shipped["vectors"].astype(np.float32), strict=True))
    keys = [_passage_key(code, text) for code, text in rows]
    missing = [i for i, k in enumerate(keys) if k not in known]
    fresh = engine.embed_passages([rows[i][1] for i in missing])
    for i, vector in zip(missing, fresh, strict=True):
        known[keys[i]] = vector
    vectors = np.vstack([known[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)
    Vectors.objects.all().delete()
    Vectors.objects.create(revision=key, codes=[code for code, _ in rows], data=engine.pack(vectors))
    if ship:
        np.savez_compressed(SHIPPED, keys=np.array(keys), vectors=vectors.astype(np.float16))
    return len(missing)


def intent_of(question: str) -> str:
    folded = f" {fold(question)} "
    for intent, phrases in INTENTS.items():
        if any(engine.has(folded, phrase) for phrase in phrases):
            return intent
    return "general"


def topic_of(question: str) -> str:
    """The question (folded) without what it asks about the procedure: "mất bao lâu", "nộp ở
    đâu", "hết bao nhiêu tiền" name no procedure. Every word inside any such phrase goes, so
    overlapping phrases leave nothing behind. ("tiền" alone stays: "tiền án", "tiền sử dụng đất".)"""
    words = fold(question).split()
    asked = [0] * len(words)
    for phrase in (p.split() for phrases in INTENTS.values() for p in phrases if p != "tien"):
        for i in range(len(words) - len(phrase) + 1):
            if words[i : i + len(phrase)] == phrase:
                asked[i : i + len(phrase)] = [1] * len(phrase)
    return " ".join(w for w, a in zip(words, asked, strict=True) if not a)


# Words that ask about a procedure or follow up on one ("còn phí thì sao?") without naming one.
_NOT_CONTENT = {w for phrases in INTENTS.values() for phrase in phrases for w in phrase.split()} | {
    "con",
    "thi",
    "sao",
    "them",
    "nua",
    "the",
    "nao",
}


def _content_words(question: str) -> list[str]:
    return [w for w in fold(question).split() if w not in engine.STOP and w not in _NOT_CONTENT]


@dataclass
class Reply:
    answer: str
    procedures: list[dict] = field(default_factory=list)
    intent: str = "general"
    conversation: str = ""
    understood: bool = True


def _link(procedure: Procedure) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('catalogue:detail', args=[procedure.code])}"


def _describe(procedure: Procedure, intent: str) -> str:
    if intent == "documents":
        documents = list(procedure.documents.all()[:12])
        if not documents:
            return f"Thủ tục “{procedure.name}” chưa công bố thành phần hồ sơ; vui lòng xem chi tiết hoặc gọi 1022."
        lines = [
            f"- {d.label[:220]}"
            + (f" ({d.originals} bản chính" + (f", {d.copies} bản sao)" if d.copies else ")") if d.originals else "")
            for d in documents
        ]
        return f"Hồ sơ “{procedure.name}” gồm:\n" + "\n".join(lines)
    if intent == "fee":
        quote = fee_quote(procedure, channel="online")
        rows = [
            f"- {f.amount_display}" + (f" (nộp {f.get_channel_display().lower()})" if f.channel else "")
            for f in procedure.fees.all()[:6]
        ]
        return f"Phí, lệ phí của “{procedure.name}” khi nộp trực tuyến: {quote.label}." + (
            "\nTheo danh mục:\n" + "\n".join(rows) if rows else ""
        )
    if intent == "time":
        time = procedure.time_text or (
            f"{procedure.time_value:g} {procedure.get_time_unit_display()}" if procedure.time_value is not None else ""
        )
        return f"Thời hạn giải quyết “{procedure.name}”: {time or 'chưa công bố, vui lòng gọi 1022'}."
    if intent == "where":
        agencies = [a.name for a in procedure.agencies.all()[:3]]
        where = "; ".join(agencies) or (procedure.performing_agency_text[:300] or "cơ quan có thẩm quyền")
        return f"“{procedure.name}” nộp tại: {where}. Bạn có thể nộp trực tuyến trên Cổng này."
    quote = fee_quote(procedure, channel="online")
    time = procedure.time_text or "xem chi tiết"
    return (
        f"Bạn cần thực hiện thủ tục “{procedure.name}”. Hồ sơ gồm {procedure.documents.count()} loại giấy tờ; "
        f"thời hạn: {time}; phí, lệ phí: {quote.label}. Bạn có thể hỏi tiếp về giấy tờ, phí, thời gian hoặc nơi nộp."
    )


def _entry_for(question: str) -> Entry | None:
    folded = set(engine.terms(question))
    best, best_overlap = None, 0.0
    for entry in Entry.objects.filter(is_active=True).prefetch_related("procedures"):
        for text in [entry.question, *entry.variants.splitlines()]:
            target = set(engine.terms(text))
            if target:
                overlap = len(folded & target) / len(target)
                if overlap > best_overlap:
                    best, best_overlap = entry, overlap
    return best if best_overlap >= 0.75 else None


def ask(question: str, conversation: str = "") -> Reply:
    question = " ".join(question.split())[:500]
    conversation = conversation or uuid.uuid4().hex
    context_key = f"assistant:conversation:{conversation}"
    intent = intent_of(question)
    entry = _entry_for(question)
    if entry is not None:
        procedures = list(entry.procedures.all()[:3])
        if procedures:
            cache.set(context_key, procedures[0].code, CONTEXT_SECONDS)
        return Reply(entry.answer, [_card(p) for p in procedures], intent, conversation)

    ranking = index()
    hits = ranking.rank(question, top=3, topic=topic_of(question)) if _content_words(question) else []
    strong = bool(hits) and (
        hits[0].lexical >= min_lexical(len(ranking.codes))
        or hits[0].coverage > MIN_COVERAGE
        or hits[0].semantic >= MIN_SEMANTIC
    )
    previous = cache.get(context_key)
    if not strong and previous and intent != "general":
        # "còn phí thì sao?": the question is about the procedure talked of before.
        procedure = Procedure.objects.filter(code=previous).first()
        if procedure is not None:
            return Reply(_describe(procedure, intent), [_card(procedure)], intent, conversation)
    if not strong:
        Unanswered.objects.create(question=question, best_guess=hits[0].code if hits else "")
        feedback = f"{settings.SITE_URL.rstrip('/')}{reverse('engagement:feedback_send')}"
        return Reply(
            "Xin lỗi, tôi chưa tìm được thông tin phù hợp với câu hỏi này. Bạn có thể gọi tổng đài 1022 "
            f"(Trung tâm thông tin tiếp nhận, giải đáp của thành phố) hoặc gửi phản ánh, kiến nghị tại {feedback}.",
            [],
            intent,
            conversation,
            understood=False,
        )
    found = {
        p.code: p
        for p in Procedure.objects.filter(code__in=[h.code for h in hits]).prefetch_related(
            "documents", "fees", "agencies"
        )
    }
    ranked = [found[h.code] for h in hits if h.code in found]
    cache.set(context_key, ranked[0].code, CONTEXT_SECONDS)
    return Reply(_describe(ranked[0], intent), [_card(p) for p in ranked], intent, conversation)


def _card(procedure: Procedure) -> dict:
    return {"code": procedure.code, "name": procedure.name, "url": _link(procedure)}
