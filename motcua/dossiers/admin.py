from django.contrib import admin

from motcua.dossiers import lifecycle, selectors, services
from motcua.dossiers.models import Access, Dossier, Event, Pause


class PauseInline(admin.TabularInline):
    model = Pause
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "kind",
        "status_before",
        "stage_before",
        "holder",
        "started_at",
        "started_by",
        "ended_at",
        "ended_by",
        "outcome",
    ]

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Read-only: dossiers change only through their services. Officers see their agencies'
    dossiers, and each opening is written to the access log."""

    list_display = ["code", "procedure", "agency", "status", "submitted_at", "due_at"]
    list_filter = ["status", "delivery"]
    search_fields = ["code", "procedure__code", "procedure__name"]
    list_select_related = ["procedure", "agency"]
    inlines = [PauseInline, EventInline]
    readonly_fields = [*(f.name for f in Dossier._meta.fields), "next_actions"]
    exclude = []

    @admin.display(description="thao tác tiếp theo (bảng vòng đời hồ sơ)")
    def next_actions(self, dossier):
        """What the lifecycle table lets happen next from this state and stage, and who does it
        (the guards are checked when someone tries)."""
        return "; ".join(f"{t.label} ({lifecycle.who(t.actors)})" for t in lifecycle.open_from(dossier)) or "—"

    def get_queryset(self, request):
        return selectors.visible_to(request.user).exclude(status=0).select_related("procedure", "agency")

    def get_object(self, request, object_id, from_field=None):
        dossier = super().get_object(request, object_id, from_field)
        if dossier is not None:
            services.log_access(dossier, request.user, channel="web", action="xem trong trang quản trị")
        return dossier

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Access)
class AccessAdmin(admin.ModelAdmin):
    """Who saw which dossier, when: what a breach report within 72 hours needs."""

    list_display = ["at", "user", "dossier", "channel", "action"]
    list_filter = ["channel"]
    search_fields = ["dossier__code", "user__username", "user__full_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
