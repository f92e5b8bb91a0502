from django.contrib import admin

from motcua.engagement.models import Duty, Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source", "agency", "counter", "officer", "overall", "dossier"]
    list_filter = ["source", "overall", "agency"]
    readonly_fields = [f.name for f in Rating._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ["counter", "officer", "started_at", "ended_at"]
    list_filter = ["counter__agency"]
