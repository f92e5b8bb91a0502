from django.contrib import admin

from motcua.indicators.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "measure", "percent", "source"]
    list_filter = ["year"]
    list_editable = ["percent"]
