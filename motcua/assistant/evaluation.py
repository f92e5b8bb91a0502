"""The assistant's evaluation: realistic questions with the procedure each one needs; top-1 / top-3
accuracy and how well it says "I don't know" to questions off the topic.

Two sets: ``eval`` (data/eval.json) is what the ranking is tuned on; ``heldout``
(data/heldout.json) was written apart from the assistant, without looking at its code, its
synonyms or its answers, and no tuning looks at it: its figures are the honest ones. Its answer
key follows the catalogue: when procedures are added, someone who sees only their names (never
the assistant's answers) marks those that answer a question as well as the expected one, such as
the current version of a procedure (2026-12-01: 9 questions, for the 1,128 new ministries'
procedures; docs/benchmarks.md)."""

import json
from pathlib import Path

from motcua.assistant import services

DATA = Path(__file__).parent / "data"
SETS = ("eval", "heldout")


def load(name: str = "eval") -> list[dict]:
    if name not in SETS:
        raise ValueError(f"unknown evaluation set {name!r}")
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def evaluate(questions: list[dict] | None = None) -> dict:
    questions = questions if questions is not None else load()
    top1 = top3 = on_topic = off_topic = refused = 0
    misses = []
    for item in questions:
        reply = services.ask(item["question"])
        codes = [p["code"] for p in reply.procedures]
        if item["code"] is None:
            off_topic += 1
            refused += not reply.understood
            continue
        on_topic += 1
        good = {item["code"], *item.get("also", [])}
        hit1, hit3 = bool(codes[:1]) and codes[0] in good, bool(good & set(codes[:3]))
        top1 += hit1
        top3 += hit3
        if not hit3:
            misses.append({"question": item["question"], "expected": item["code"], "got": codes[:3]})
    return {
        "questions": len(questions),
        "on_topic": on_topic,
        "top1": top1 / on_topic if on_topic else 0.0,
        "top3": top3 / on_topic if on_topic else 0.0,
        "off_topic": off_topic,
        "refused_off_topic": refused / off_topic if off_topic else 0.0,
        "misses": misses,
    }
