from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from motcua.eforms.engine import check_definition
from motcua.eforms.models import EForm
from motcua.eforms.services import publish_form


class EFormForm(forms.ModelForm):
    class Meta:
        model = EForm
        fields = ["procedure", "title", "schema", "layout"]
        widgets = {
            "schema": forms.Textarea(attrs={"rows": 24, "cols": 100}),
            "layout": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }

    def clean(self):
        data = super().clean()
        if isinstance(data.get("schema"), dict) and isinstance(data.get("layout"), dict):
            problems = check_definition(data["schema"], data["layout"])
            if problems:
                raise ValidationError(problems)
        return data


@admin.register(EForm)
class EFormAdmin(admin.ModelAdmin):
    """Catalogue editors change a form by saving it: that publishes a new version, and dossiers
    filled with the old one keep it."""

    form = EFormForm
    list_display = ["title", "procedure", "version", "is_current", "created_at", "created_by"]
    list_filter = ["is_current"]
    search_fields = ["title", "procedure__code", "procedure__name"]
    autocomplete_fields = ["procedure"]
    list_select_related = ["procedure", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["procedure"] if obj else []

    def save_model(self, request, obj, form, change):
        published = publish_form(
            form.cleaned_data.get("procedure") or obj.procedure,
            title=form.cleaned_data["title"],
            schema=form.cleaned_data["schema"],
            layout=form.cleaned_data["layout"],
            user=request.user,
        )
        if change and published.pk != obj.pk:
            messages.info(
                request,
                f"Đã công bố phiên bản {published.version}; phiên bản {obj.version} được giữ cho các hồ sơ đã nộp.",
            )
        obj.pk = published.pk  # the admin's messages and redirect point at what was published
