from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    APP = "app", "Thông báo trên Cổng"
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Zalo"


class Message(models.Model):
    """The outbox: written in the same transaction as the change it tells of, delivered by the
    worker, retried until the channel takes it. Never deleted."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi không thành công (đã thử hết số lần)"

    key = models.CharField("khóa (một thông báo chỉ gửi một lần)", max_length=200, unique=True)
    topic = models.CharField("về việc", max_length=100, blank=True, db_index=True, help_text="ví dụ dossier:123")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="messages", verbose_name="người nhận")
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices)
    address = models.CharField("địa chỉ nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    state = models.CharField("tình trạng", max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    next_attempt_at = models.DateTimeField("thử lại lúc", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "hộp thư đi"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_due")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}: {self.subject}"
