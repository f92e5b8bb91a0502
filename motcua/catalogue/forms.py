"""The search parameters, checked once for the web page and the API alike."""

from django import forms

from motcua.catalogue.models import ApplicantType, Field, Level, OnlineLevel
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].error_messages["invalid_choice"] = (
            "Cấp thực hiện “%(value)s” không hợp lệ (city, commune)."
        )
        self.fields["online"].error_messages["invalid_choice"] = (
            "Mức độ trực tuyến “%(value)s” không hợp lệ (full, partial, none)."
        )

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        online = data.get("online")
        return {
            "q": data.get("q", ""),
            "field": data.get("field"),
            "level": data.get("level", ""),
            "agency": data.get("agency"),
            "online": {"": None, "none": OnlineLevel.NONE}.get(online, online),
            "applicant": data.get("applicant"),
        }
