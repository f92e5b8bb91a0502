from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template import TemplateSyntaxError
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join

from motcua.core.text import unaccent
from motcua.notifications import services, texts
from motcua.notifications.models import Message, MessageTemplate


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "address",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "channel", "event"]
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


class MessageTemplateForm(forms.ModelForm):
    event = forms.ChoiceField(label="Sự kiện", choices=[(e.key, e.label) for e in texts.EVENTS.values()])

    class Meta:
        model = MessageTemplate
        fields = ["event", "channel", "subject", "body", "zalo_template_id"]

    def clean(self):
        data = super().clean()
        event = texts.EVENTS.get(data.get("event"))
        if event is None:
            return data
        for name in ("subject", "body"):
            try:
                rendered = texts.check(data.get(name) or "", event)
            except TemplateSyntaxError as error:
                self.add_error(name, f"Mẫu không hợp lệ: {error}")
                continue
            if name == "body" and data.get("channel") == MessageTemplate.Kind.SHORT:
                text = " ".join((unaccent(rendered) if settings.MOTCUA_SMS_UNACCENTED else rendered).split())
                if len(text) > texts.sms_limit():
                    self.add_error(
                        "body",
                        f"Với dữ liệu mẫu, tin nhắn dài {len(text)} ký tự, vượt quá {texts.sms_limit()} ký tự của một tin SMS.",
                    )
        if data.get("channel") == MessageTemplate.Kind.ZALO and not data.get("zalo_template_id"):
            self.add_error("zalo_template_id", "Vui lòng nhập mã mẫu ZNS đã được Zalo duyệt.")
        if data.get("channel") != MessageTemplate.Kind.ZALO:
            data["zalo_template_id"] = ""
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["event_label", "channel", "subject", "updated_at", "updated_by"]
    list_filter = ["channel", "event"]
    readonly_fields = ["preview", "updated_by", "updated_at"]
    fields = ["event", "channel", "subject", "body", "zalo_template_id", "preview", "updated_by", "updated_at"]

    @admin.display(description="Sự kiện")
    def event_label(self, obj):
        event = texts.EVENTS.get(obj.event)
        return event.label if event else obj.event

    @admin.display(description="Xem trước (dữ liệu mẫu)")
    def preview(self, obj):
        event = texts.EVENTS.get(obj.event) if obj and obj.pk else None
        if event is None:
            return format_html("<p>{}</p>{}", "Lưu để xem trước. Biến dùng được theo từng sự kiện:", _variables())
        subject = texts.render_string(obj.subject, event.sample)
        body = texts.render_string(obj.body, event.sample)
        if obj.channel == MessageTemplate.Kind.SHORT:
            body = texts.as_sms(body)
        return format_html(
            '<div class="message-preview"><p><strong>{}</strong></p><p>{}</p><p>{} ký tự</p><p>Biến dùng được: {}</p></div>',
            subject,
            linebreaksbr(body),
            len(body),
            ", ".join(f"{{{{ {name} }}}}" for name in event.sample),
        )

    def get_changeform_initial_data(self, request):
        """ "Thêm" opens with the shipped wording of the chosen event and channel."""
        initial = super().get_changeform_initial_data(request)
        event = texts.EVENTS.get(initial.get("event") or next(iter(texts.EVENTS)))
        short = initial.get("channel") == MessageTemplate.Kind.SHORT
        initial.setdefault("subject", event.subject)
        initial.setdefault("body", event.sms if short else event.body)
        return initial

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


def _variables():
    return format_html_join(
        "",
        "<p><strong>{}</strong>: {}</p>",
        ((event.label, ", ".join(f"{{{{ {name} }}}}" for name in event.sample)) for event in texts.EVENTS.values()),
    )
