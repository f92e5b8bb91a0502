"""The search parameters, checked once for the web page and the API alike."""

from django import forms

from motcua.catalogue.models import ApplicantType, Field, Level
from motcua.units.models import Agency

ONLINE_CHOICES = [("", "Tất cả"), ("full", "Toàn trình"), ("partial", "Một phần"), ("none", "Chưa trực tuyến")]


class CodeChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, noun: str, **kwargs):
        super().__init__(*args, required=False, empty_label="Tất cả", **kwargs)
        self.error_messages["invalid_choice"] = f"Không có {noun} “%(value)s”."


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", required=False, max_length=200)
    field = CodeChoiceField(Field.objects.all(), to_field_name="slug", label="Lĩnh vực", noun="lĩnh vực")
    level = forms.ChoiceField(label="Cấp thực hiện", required=False, choices=[("", "Tất cả")] + list(Level.choices))
    agency = CodeChoiceField(Agency.objects.all(), to_field_name="code", label="Cơ quan thực hiện", noun="cơ quan")
    online = forms.ChoiceField(label="Mức độ trực tuyến", required=False, choices=ONLINE_CHOICES)
    applicant = CodeChoiceField(ApplicantType.objects.all(), to_field_name="code", label="Đối tượng", noun="đối tượng")

    # The two long lists (over 200 fields, over 200 agencies: most of the page's bytes) that the
    # search page loads on its own request, cached by the browser per catalogue revision.
    LISTED_APART = ("field", "agency")

    def __init__(self, *args, options_url=None, **kwargs):
        """``options_url(name, selected)``: where the page loads the choices of the LISTED_APART
        fields from; the page then carries only "Tất cả" and the chosen one. Without it (the API)
        nothing changes."""
        super().__init__(*args, **kwargs)
        self.fields["level"].error_messages["invalid_choice"] = (
            "Cấp thực hiện “%(value)s” không hợp lệ (city, commune)."
        )
        self.fields["online"].error_messages["invalid_choice"] = (
            "Mức độ trực tuyến “%(value)s” không hợp lệ (full, partial, none)."
        )
        if options_url is not None:
            for name in self.LISTED_APART:
                self._list_apart(name, options_url)

    def _list_apart(self, name, options_url):
        field = self.fields[name]
        selected = self.data.get(name, "") if self.is_bound else ""
        chosen = field.queryset.filter(**{field.to_field_name: selected}).first() if selected else None
        field.widget.choices = [("", "Tất cả")] + ([(selected, field.label_from_instance(chosen))] if chosen else [])
        field.widget.attrs.update(
            {
                "hx-get": options_url(name, selected if chosen else ""),
                "hx-trigger": "load",
                "hx-swap": "innerHTML",
                "hx-target": "this",
                "hx-push-url": "false",
                "hx-params": "none",
                "hx-indicator": "this",
                "hx-sync": "this:drop",
            }
        )

    def options(self, name: str) -> list[tuple[str, str]]:
        """Every choice of a LISTED_APART field: (value, label)."""
        return [(str(value), label) for value, label in self.fields[name].choices]

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        online = data.get("online")
        return {
            "q": data.get("q", ""),
            "field": data.get("field"),
            "level": data.get("level", ""),
            "agency": data.get("agency"),
            "online": online or None,
            "applicant": data.get("applicant"),
        }


class QualityFilterForm(forms.Form):
    """The record-quality report's filters (the page and the API): a group of the report (an
    agency's code, ``xa-ubnd``, ``xa-cong-an``, ``chua-giao``), a field (slug), a record status,
    a problem (a code of quality.KINDS, or ``blocking``). The choices are the report's own."""

    group = forms.ChoiceField(label="Cơ quan", required=False)
    field = forms.ChoiceField(label="Lĩnh vực", required=False)
    record_status = forms.ChoiceField(label="Mức đầy đủ của bản ghi", required=False)
    problem = forms.ChoiceField(label="Vấn đề", required=False)

    def __init__(self, *args, report, **kwargs):
        from motcua.catalogue import quality
        from motcua.catalogue.models import Procedure

        super().__init__(*args, **kwargs)
        everything = [("", "Tất cả")]
        self.fields["group"].choices = everything + [(g.key, g.label) for g in report.group_choices()]
        self.fields["field"].choices = everything + report.field_choices()
        self.fields["record_status"].choices = everything + list(Procedure.RecordStatus.choices)
        self.fields["problem"].choices = (
            everything
            + [("blocking", "Có vấn đề chặn xử lý")]
            + [(code, kind.label + ("" if kind.blocking else " (cảnh báo)")) for code, kind in quality.KINDS.items()]
        )
        for name, noun in (
            ("group", "cơ quan"),
            ("field", "lĩnh vực"),
            ("record_status", "mức"),
            ("problem", "vấn đề"),
        ):
            self.fields[name].error_messages["invalid_choice"] = f"Không có {noun} “%(value)s”."

    def filters(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
