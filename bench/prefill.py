""" "Only once": how many fields a person types to complete each of the ten shipped e-forms,
as a first-time user and as a returning one. Uses the same prefill function as the app.

    .venv/bin/python bench/prefill.py

first time   registered with name, personal ID number, phone and e-mail only;
returning    profile completed once (date of birth, sex, address and ward) and earlier dossiers
             with the other nine forms, so what they typed there is remembered by field name.
Only the fields the form requires are counted; a pre-filled field the person keeps is not typed.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import django  # noqa: E402

django.setup()

from motcua.eforms.engine import FormSpec  # noqa: E402
from motcua.eforms.selectors import prefill  # noqa: E402
from motcua.eforms.services import FORMS_DIR  # noqa: E402

REGISTERED = {
    "profile.full_name": "Lê Thị Hồng",
    "profile.national_id": "048195000123",
    "profile.phone": "0905111222",
    "profile.email": "hong@example.vn",
}
COMPLETED = {
    **REGISTERED,
    "profile.date_of_birth": "1995-03-08",
    "profile.gender": "Nữ",
    "profile.address": "12 Bạch Đằng, tổ 5",
    "profile.address_unit": "20194",
}


def answer(spec: FormSpec) -> dict:
    """A complete, plausible answer: the same person, so their own facts never change."""
    values = {}
    for name, field in spec.fields.items():
        schema = field.schema
        if name.startswith("requester_") or field.prefill:
            values[name] = COMPLETED.get(field.prefill, f"giá trị {name}")
        elif "enum" in schema:
            values[name] = schema["enum"][0]
        elif schema.get("type") in ("integer", "number"):
            values[name] = schema.get("minimum", 1)
        else:
            values[name] = f"giá trị {name}"
    return values


def typed(spec: FormSpec, values: dict, known: dict) -> int:
    required = set(spec.schema.get("required", []))
    return sum(1 for name in required if known.get(name) != values[name])


def main():
    forms = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FORMS_DIR.glob("*.json"))}
    specs = {slug: FormSpec(f["schema"], f["layout"], f["title"]) for slug, f in forms.items()}
    answers = {slug: answer(spec) for slug, spec in specs.items()}
    print(f"{'form':<48} {'required':>8} {'first time':>10} {'returning':>10}")
    totals = [0, 0, 0]
    for slug, spec in specs.items():
        remembered = {}
        for other, values in answers.items():
            if other != slug:
                remembered.update(values)
        first, _ = prefill(spec, REGISTERED, {})
        again, _ = prefill(spec, COMPLETED, remembered)
        row = [
            len(spec.schema.get("required", [])),
            typed(spec, answers[slug], first),
            typed(spec, answers[slug], again),
        ]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"{spec.title[:48]:<48} {row[0]:>8} {row[1]:>10} {row[2]:>10}")
    print(f"{'all ten forms':<48} {totals[0]:>8} {totals[1]:>10} {totals[2]:>10}")


if __name__ == "__main__":
    main()
