from django.contrib import admin

from motcua.exchange.models import PortalDossier, StatusUpdate


@admin.register(PortalDossier)
class PortalDossierAdmin(admin.ModelAdmin):
    list_display = ["national_code", "dossier", "received_at"]
    search_fields = ["national_code", "dossier__code"]
    readonly_fields = ["dossier", "national_code", "payload", "received_at"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ["created_at", "portal", "status", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in StatusUpdate._meta.fields]
