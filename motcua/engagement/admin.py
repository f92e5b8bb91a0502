from django.contrib import admin

from motcua.engagement.models import Duty, Feedback, QueueService, Rating


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


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Every feedback, open and overdue first: the city's view of who answers what, and when."""

    list_display = ["code", "title", "agency", "state", "due_at", "answered_at", "published"]
    list_filter = ["state", "about", "published", "agency"]
    search_fields = ["code", "title"]
    ordering = ["state", "due_at"]
    readonly_fields = ["code", "created_at", "due_at", "reminded_at", "answered_by", "answered_at", "search_text"]


@admin.register(QueueService)
class QueueServiceAdmin(admin.ModelAdmin):
    list_display = ["agency", "letter", "name", "is_active"]
    list_filter = ["agency"]
    filter_horizontal = ["counters"]
