"""E-forms as data: a JSON Schema says what the values must be, a layout says how people see
them. This module turns the pair into sections of fields to render, reads posted values into
typed JSON, and validates them with jsonschema, speaking Vietnamese, one message per field."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError

from motcua.accounts.validators import validate_national_id, validate_tax_code

if TYPE_CHECKING:
    from motcua.eforms.models import EForm

Choices = Callable[[], list[tuple[str, str]]]

WIDGETS = {"text", "textarea", "date", "select", "radio", "unit", "number", "email", "tel", "checkbox", "national-id"}
PREFILL_SOURCES = {
    "profile.full_name",
    "profile.date_of_birth",
    "profile.national_id",
    "profile.tax_code",
    "profile.phone",
    "profile.email",
    "profile.address",
    "profile.address_unit",
    "profile.gender",
}

format_checker = FormatChecker()


@format_checker.checks("national-id", raises=Exception)
def _is_national_id(value: object) -> bool:
    if isinstance(value, str):
        validate_national_id(value)
    return True


@format_checker.checks("tax-code", raises=Exception)
def _is_tax_code(value: object) -> bool:
    if isinstance(value, str):
        validate_tax_code(value)
    return True


@format_checker.checks("phone")
def _is_phone(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(r"(\+84|0)\d{9,10}", value.replace(" ", "")) is not None


@format_checker.checks("past-date", raises=ValueError)
def _is_past_date(value: object) -> bool:
    return not isinstance(value, str) or date.fromisoformat(value) <= timezone.localdate()


@format_checker.checks("unit-code")
def _is_unit_code(value: object) -> bool:
    if not isinstance(value, str):
        return True
    from motcua.units.selectors import current_units

    return current_units().filter(code=value).exists()


@dataclass
class FieldSpec:
    name: str
    label: str
    schema: dict
    widget: str = "text"
    help: str = ""
    required: bool = False
    choices_from: Choices | None = None  # a callable: unit choices come from the database when shown
    prefill: str = ""
    autocomplete: str = ""
    remember: bool = True  # pre-filled from the person's earlier dossiers (layout: "remember": false)
    # Filled in when bound to values:
    value: object = None
    errors: list = field(default_factory=list)
    prefilled: bool = False

    @cached_property
    def choices(self) -> list[tuple[str, str]]:
        return self.choices_from() if self.choices_from else []

    @property
    def display(self) -> str:
        """The value as a person reads it: the choice's label, a date as dd/mm/yyyy."""
        if self.value in (None, ""):
            return ""
        if self.choices_from:
            labels: dict[object, str] = dict(self.choices)
            return str(labels.get(self.value, self.value))
        if self.widget == "date" and isinstance(self.value, str):
            try:
                return date.fromisoformat(self.value).strftime("%d/%m/%Y")
            except ValueError:
                return self.value
        return str(self.value)

    @property
    def input_id(self) -> str:
        return f"f-{self.name}"

    @property
    def html_value(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return "on" if self.value else ""
        return str(self.value)

    @property
    def max_length(self) -> int | None:
        return self.schema.get("maxLength")


@dataclass
class Section:
    title: str
    description: str
    fields: list[FieldSpec]


FORMAT_MESSAGES = {
    "date": "{label} phải là một ngày hợp lệ.",
    "past-date": "{label} phải là một ngày hợp lệ, không sau ngày hôm nay.",
    "email": "{label} phải là một địa chỉ thư điện tử hợp lệ, ví dụ ten@example.vn.",
    "phone": "{label} phải là số điện thoại Việt Nam hợp lệ, ví dụ 0905123456.",
    "national-id": "{label} phải gồm đúng 12 chữ số của số định danh cá nhân (căn cước).",
    "tax-code": "{label} phải gồm 10 chữ số (hoặc 10 chữ số, dấu gạch ngang và 3 chữ số).",
    "unit-code": "Vui lòng chọn {label} trong danh sách phường, xã hiện hành.",
}


class FormSpec:
    def __init__(self, schema: dict, layout: dict, title: str = "", generic: int | None = None):
        self.schema = schema
        self.layout = layout
        self.title = title
        self.generic = generic  # the generic form's version (eforms.selectors); None for an EForm

    @classmethod
    def of(cls, eform: EForm) -> FormSpec:
        return cls(eform.schema, eform.layout, eform.title)

    @classmethod
    def from_definition(cls, definition: Mapping[str, Any]) -> FormSpec:
        """A form from a stored definition (``title``, ``schema``, ``layout``): the generic form
        a dossier keeps a copy of (eforms.selectors.generic_definition)."""
        return cls(definition["schema"], definition["layout"], definition.get("title", ""), definition.get("generic"))

    @property
    def definition(self) -> dict[str, Any]:
        definition = {"title": self.title, "schema": self.schema, "layout": self.layout}
        return definition if self.generic is None else {**definition, "generic": self.generic}

    @cached_property
    def validator(self) -> Draft202012Validator:
        return Draft202012Validator(self.schema, format_checker=format_checker)

    def sections(self) -> list[Section]:
        required = set(self.schema.get("required", []))
        properties = self.schema.get("properties", {})
        sections = []
        for section in self.layout.get("sections", []):
            fields = []
            for item in section.get("fields", []):
                name = item["name"]
                prop = properties.get(name, {})
                fields.append(
                    FieldSpec(
                        name=name,
                        label=item.get("label") or prop.get("title") or name,
                        schema=prop,
                        widget=item.get("widget", "text"),
                        help=item.get("help", ""),
                        required=name in required,
                        choices_from=self._choices(item, prop),
                        prefill=item.get("prefill", ""),
                        autocomplete=item.get("autocomplete", ""),
                        remember=item.get("remember", True) is not False,
                    )
                )
            sections.append(Section(section.get("title", ""), section.get("description", ""), fields))
        return sections

    @cached_property
    def fields(self) -> dict[str, FieldSpec]:
        return {f.name: f for s in self.sections() for f in s.fields}

    def _choices(self, item: dict, prop: dict) -> Choices | None:
        if item.get("widget") == "unit":
            from motcua.units.selectors import unit_choices

            return unit_choices
        if "enum" in prop:
            labels = dict(item.get("choices", []))
            return lambda: [(value, labels.get(value, value)) for value in prop["enum"]]
        return None

    # --- reading posted values ---------------------------------------------------------------
    def coerce(self, data: Mapping[str, object]) -> dict:
        """Typed JSON from posted strings; empty inputs are left out, so "required" reports them."""
        values: dict[str, object] = {}
        for name, spec in self.fields.items():
            kind = spec.schema.get("type")
            if kind == "boolean":
                values[name] = data.get(name) in ("on", "true", "1", True)
                continue
            raw = data.get(name)
            if raw is None:
                continue
            raw = raw.strip() if isinstance(raw, str) else raw
            if raw == "":
                continue
            if kind in ("integer", "number") and isinstance(raw, str):
                cleaned = raw.replace(".", "").replace(" ", "") if kind == "integer" else raw.replace(",", ".")
                # Left as text when it is not a number: the schema's type check says what is wrong.
                with contextlib.suppress(ValueError):
                    raw = int(cleaned) if kind == "integer" else float(cleaned)
            values[name] = raw
        return values

    # --- validating ----------------------------------------------------------------------------
    def validate(self, values: dict) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for error in self.validator.iter_errors(values):
            for name, message in self._messages(error, values):
                if message not in errors.setdefault(name, []):
                    errors[name].append(message)
        return errors

    def _label(self, name: str) -> str:
        spec = self.fields.get(name)
        return spec.label if spec else name

    def _messages(self, error: ValidationError, values: dict) -> Iterator[tuple[str, str]]:
        # iter_errors sets both on every error it yields (the stubs allow Unset for a hand-made one).
        expected: Any = error.validator_value
        instance: Any = error.instance
        if error.validator == "required":
            for name in expected:
                if name not in instance:
                    yield name, f"Vui lòng nhập {self._label(name).lower()}."
            return
        if error.validator == "additionalProperties":
            for name in set(instance) - set(self.schema.get("properties", {})):
                yield name, "Trường này không có trong tờ khai."
            return
        name = str(error.path[0]) if error.path else "__all__"  # a property's name: the instance is an object
        label = self._label(name)
        prop = self.schema.get("properties", {}).get(name, {})
        custom = prop.get("errorMessage")
        if custom:
            yield name, custom
        elif error.validator == "format":
            yield name, FORMAT_MESSAGES.get(expected, "{label} không đúng định dạng.").format(label=label)
        elif error.validator == "enum":
            yield name, f"Vui lòng chọn {label.lower()} trong danh sách."
        elif error.validator == "type":
            wanted = error.validator_value
            yield (
                name,
                f"{label} phải là một số{' nguyên' if wanted == 'integer' else ''}."
                if wanted
                in (
                    "integer",
                    "number",
                )
                else f"{label} không hợp lệ.",
            )
        elif error.validator == "minLength":
            yield name, f"{label} phải có ít nhất {error.validator_value} ký tự."
        elif error.validator == "maxLength":
            yield name, f"{label} chỉ được tối đa {error.validator_value} ký tự."
        elif error.validator == "minimum":
            yield name, f"{label} phải từ {error.validator_value} trở lên."
        elif error.validator == "maximum":
            yield name, f"{label} không được lớn hơn {error.validator_value}."
        elif error.validator == "pattern":
            yield name, f"{label} không đúng định dạng."
        else:
            yield name, f"{label} không hợp lệ."

    def bind(self, values: dict, errors: dict | None = None, prefilled: set | None = None) -> list[Section]:
        sections = self.sections()
        for section in sections:
            for spec in section.fields:
                spec.value = values.get(spec.name)
                spec.errors = (errors or {}).get(spec.name, [])
                spec.prefilled = spec.name in (prefilled or set())
        return sections


def check_definition(schema: dict, layout: dict) -> list[str]:
    """Problems that would make a form unusable, in words a catalogue editor understands."""
    problems = []
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return [f"Lược đồ JSON Schema không hợp lệ: {error.message}"]
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        return ["Lược đồ phải là một đối tượng (type: object) có danh sách trường (properties)."]
    properties = set(schema["properties"])
    laid_out = []
    for section in layout.get("sections", []) if isinstance(layout, dict) else []:
        if not section.get("title"):
            problems.append("Mỗi phần của bố cục cần có tiêu đề (title).")
        for item in section.get("fields", []):
            name = item.get("name")
            laid_out.append(name)
            if name not in properties:
                problems.append(f"Trường “{name}” có trong bố cục nhưng không có trong lược đồ.")
            if not item.get("label"):
                problems.append(f"Trường “{name}” chưa có nhãn tiếng Việt (label).")
            if item.get("widget", "text") not in WIDGETS:
                problems.append(f"Trường “{name}” dùng kiểu hiển thị không hỗ trợ: {item.get('widget')}.")
            if item.get("prefill") and item["prefill"] not in PREFILL_SOURCES:
                problems.append(f"Trường “{name}” điền sẵn từ nguồn không hỗ trợ: {item['prefill']}.")
    if not laid_out:
        problems.append("Bố cục chưa có phần (sections) nào có trường.")
    problems.extend(
        f"Trường “{name}” có trong lược đồ nhưng không hiển thị trong bố cục."
        for name in sorted(properties - set(laid_out))
    )
    problems.extend(
        f"Trường “{name}” xuất hiện nhiều lần trong bố cục."
        for name in sorted({n for n in laid_out if laid_out.count(n) > 1})
    )
    problems.extend(
        f"Trường bắt buộc “{name}” không có trong lược đồ."
        for name in schema.get("required", [])
        if name not in properties
    )
    return problems
