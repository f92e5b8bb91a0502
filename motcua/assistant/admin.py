from django.contrib import admin

from motcua.assistant.models import Entry, Unanswered


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["question", "is_active", "updated_at"]
    search_fields = ["question", "variants", "answer"]
    autocomplete_fields = ["procedures"]


@admin.register(Unanswered)
class UnansweredAdmin(admin.ModelAdmin):
    list_display = ["asked_at", "question", "best_guess", "handled"]
    list_filter = ["handled"]
    search_fields = ["question"]
    list_editable = ["handled"]
    readonly_fields = ["question", "asked_at", "best_guess"]
