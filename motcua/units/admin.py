from django.contrib import admin

from motcua.units.models import AdministrativeUnit, Agency, Counter


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "valid_from", "valid_to", "merged_into"]
    list_filter = ["level", "kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "search_name"]
    autocomplete_fields = ["parent", "merged_into"]


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit", "phone", "is_active"]
    list_filter = ["kind", "central_body", "is_active"]
    search_fields = ["code", "name", "short_name", "search_name"]
    autocomplete_fields = ["unit", "parent"]
    inlines = [CounterInline]
