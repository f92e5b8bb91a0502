from django.contrib import admin, messages

from motcua.notifications import services
from motcua.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "address", "subject", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "channel"]
    search_fields = ["address", "subject", "key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["send_again"]

    @admin.action(description="Gửi lại các thông báo đã chọn")
    def send_again(self, request, queryset):
        count = services.retry(queryset)
        messages.success(request, f"Đã đưa {count} thông báo vào hàng đợi gửi lại.")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
