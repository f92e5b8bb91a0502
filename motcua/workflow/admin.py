from django.contrib import admin

from motcua.workflow.models import Apology, DayException, OfficeHours, Workflow


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency"]
    autocomplete_fields = ["agency"]


@admin.register(DayException)
class DayExceptionAdmin(admin.ModelAdmin):
    """The government's yearly swaps and local closures; the national holidays need no entry."""

    list_display = ["day", "is_working", "agency", "reason"]
    list_filter = ["is_working"]
    search_fields = ["reason", "agency__name"]
    date_hierarchy = "day"
    autocomplete_fields = ["agency"]


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    search_fields = ["procedure__code", "procedure__name"]
    autocomplete_fields = ["procedure"]

    def save_model(self, request, obj, form, change):
        from motcua.workflow.services import save_workflow

        save_workflow(obj.procedure, form.cleaned_data["steps"])


@admin.register(Apology)
class ApologyAdmin(admin.ModelAdmin):
    list_display = ["dossier", "drafted_at", "old_due_at", "new_due_at", "signed_by", "signed_at"]
    readonly_fields = [f.name for f in Apology._meta.fields]

    def has_add_permission(self, request):
        return False
