"""Reading e-forms and pre-filling them from what the system already knows ("only once")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from motcua.catalogue.models import Procedure
from motcua.core.text import shorten
from motcua.eforms.engine import FormSpec
from motcua.eforms.models import EForm

# Bumped when the generic form below changes; a dossier keeps the definition it was filled with.
GENERIC_FORM_VERSION = 1
GENERIC_FORM_TITLE = "Đơn đề nghị giải quyết thủ tục hành chính"
REQUEST_FIELD = "request"


def current_form(procedure: Procedure) -> EForm | None:
    return EForm.objects.filter(procedure=procedure, is_current=True).first()


def filled_with(eform: EForm | None, definition: Mapping[str, Any]) -> FormSpec | None:
    """The form a dossier was filled with: its e-form, else the copy it keeps of the generic form
    (Dossier.form_definition); None for a dossier sent without any form."""
    if eform is not None:
        return FormSpec.of(eform)
    return FormSpec.from_definition(definition) if definition else None


def generic_definition(procedure: Procedure) -> dict[str, Any]:
    """The form of a procedure that has no e-form of its own, built from its record: who asks
    (the same field names and prefill sources as the specific forms, so the profile and earlier
    dossiers fill it) and what they ask for. The documents are the procedure's checklist, shown
    and checked beside every form alike (dossiers.selectors.required_documents).

    Returned as a definition (title, schema, layout) for FormSpec.from_definition, so drafts,
    validation and rendering treat it like a published EForm; ``generic`` carries
    GENERIC_FORM_VERSION."""
    name = procedure.name.strip()
    asked = name[len("Thủ tục ") :] if name.lower().startswith("thủ tục ") else name
    help_text = f"Ghi rõ bạn đề nghị giải quyết việc gì, cho ai, vì sao. Thủ tục: {shorten(asked, 200)}."
    if procedure.result.strip():
        help_text += f" Kết quả: {shorten(procedure.result, 200)}."
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "requester_name": {"type": "string", "minLength": 2, "maxLength": 200},
            "requester_birth_date": {"type": "string", "format": "past-date"},
            "requester_id": {"type": "string", "format": "national-id"},
            "requester_address": {"type": "string", "minLength": 3, "maxLength": 300},
            "requester_phone": {"type": "string", "format": "phone"},
            "requester_email": {"type": "string", "format": "email", "maxLength": 254},
            REQUEST_FIELD: {"type": "string", "minLength": 10, "maxLength": 4000},
        },
        "required": ["requester_name", "requester_id", "requester_address", "requester_phone", REQUEST_FIELD],
        "additionalProperties": False,
    }
    layout = {
        "sections": [
            {
                "title": "Người yêu cầu",
                "fields": [
                    {
                        "name": "requester_name",
                        "label": "Họ, chữ đệm, tên người yêu cầu",
                        "prefill": "profile.full_name",
                        "autocomplete": "name",
                    },
                    {
                        "name": "requester_birth_date",
                        "label": "Ngày, tháng, năm sinh",
                        "widget": "date",
                        "prefill": "profile.date_of_birth",
                        "autocomplete": "bday",
                    },
                    {
                        "name": "requester_id",
                        "label": "Số định danh cá nhân",
                        "widget": "national-id",
                        "help": "12 chữ số in trên thẻ căn cước. Doanh nghiệp, tổ chức: số của người đại diện nộp hồ sơ.",
                        "prefill": "profile.national_id",
                    },
                    {
                        "name": "requester_address",
                        "label": "Địa chỉ (nơi cư trú hoặc trụ sở)",
                        "prefill": "profile.address",
                        "autocomplete": "street-address",
                    },
                    {
                        "name": "requester_phone",
                        "label": "Số điện thoại",
                        "widget": "tel",
                        "prefill": "profile.phone",
                        "autocomplete": "tel",
                    },
                    {
                        "name": "requester_email",
                        "label": "Thư điện tử",
                        "widget": "email",
                        "prefill": "profile.email",
                        "autocomplete": "email",
                    },
                ],
            },
            {
                "title": "Nội dung yêu cầu",
                "description": "Thủ tục chưa có tờ khai điện tử riêng; vui lòng ghi nội dung đề nghị và đính kèm thành phần hồ sơ dưới đây.",
                "fields": [
                    # What one dossier asks is not carried over to the next ("remember": false).
                    {
                        "name": REQUEST_FIELD,
                        "label": "Nội dung yêu cầu",
                        "widget": "textarea",
                        "help": help_text,
                        "remember": False,
                    }
                ],
            },
        ]
    }
    return {"title": GENERIC_FORM_TITLE, "schema": schema, "layout": layout, "generic": GENERIC_FORM_VERSION}


def form_for(procedure: Procedure) -> tuple[EForm | None, FormSpec]:
    """The form a new dossier of the procedure is filled with: its current e-form, else the
    generic one (no EForm). Every procedure has one."""
    eform = current_form(procedure)
    if eform is not None:
        return eform, FormSpec.of(eform)
    return None, FormSpec.from_definition(generic_definition(procedure))


def prefill(spec: FormSpec, profile: dict, remembered: dict) -> tuple[dict, set[str]]:
    """Initial values for a new form: the profile first (fields that name a ``prefill`` source),
    then what the person typed in earlier dossiers under the same field name (unless the layout
    says ``"remember": false``). Returns the
    values and the names that were filled, so the page can ask to confirm them."""
    values = {}
    for name, field in spec.fields.items():
        value = profile.get(field.prefill) if field.prefill else None
        if value in (None, "") and field.remember:
            value = remembered.get(name)
        if value not in (None, ""):
            values[name] = value
    return values, set(values)
