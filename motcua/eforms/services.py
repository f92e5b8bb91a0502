"""Publishing e-forms: every change is a new version; the previous one stays for the dossiers
that were filled with it."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.eforms.engine import check_definition
from motcua.eforms.models import EForm

FORMS_DIR = Path(__file__).resolve().parent / "data" / "forms"


@transaction.atomic
def publish_form(procedure: Procedure, *, title: str, schema: dict, layout: dict, user: User | None = None) -> EForm:
    """Makes this definition the procedure's current form, unless it is already. Raises
    ValidationError (field ``schema``) listing every problem of an unusable definition."""
    problems = check_definition(schema, layout)
    if not title.strip():
        problems.insert(0, "Tờ khai cần có tên.")
    if problems:
        raise ValidationError({"schema": problems})
    current = EForm.objects.select_for_update().filter(procedure=procedure, is_current=True).first()
    if current and (current.title, current.schema, current.layout) == (title, schema, layout):
        return current
    latest = (
        EForm.objects.filter(procedure=procedure).order_by("-version").values_list("version", flat=True).first() or 0
    )
    EForm.objects.filter(procedure=procedure, is_current=True).update(is_current=False)
    return EForm.objects.create(
        procedure=procedure, version=latest + 1, title=title.strip(), schema=schema, layout=layout, created_by=user
    )


def load_shipped_forms() -> tuple[int, list[str]]:
    """The forms in eforms/data/forms; returns (published, skipped with the reason)."""
    published, skipped = 0, []
    for path in sorted(FORMS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = data.get("procedure")
        procedure = Procedure.objects.filter(code=code).first() if code else None
        if procedure is None:
            skipped.append(f"{path.name}: chưa có thủ tục {code or '(chưa xác định mã)'} trong danh mục")
            continue
        publish_form(procedure, title=data["title"], schema=data["schema"], layout=data["layout"])
        published += 1
    return published, skipped
