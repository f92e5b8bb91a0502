from django.contrib import admin

from motcua.workflow.models import DayException, OfficeHours


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
