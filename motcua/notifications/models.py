from django.conf import settings
from django.db import models, transaction


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
        DELIVERED = "delivered", "Đã đến người nhận"
        FAILED = "failed", "Không thành công"

    key = models.CharField("khóa (một thông báo chỉ gửi một lần)", max_length=200, unique=True)
    topic = models.CharField("về việc", max_length=100, blank=True, db_index=True, help_text="ví dụ dossier:123")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="người nhận",
    )
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices)
    address = models.CharField("địa chỉ nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    state = models.CharField("tình trạng", max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    next_attempt_at = models.DateTimeField("thử lại lúc", null=True, blank=True)
    # A worker sending it holds it until then (no row lock while the channel answers).
    claimed_until = models.DateTimeField("đang gửi đến", null=True, blank=True, editable=False)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    delivered_at = models.DateTimeField("đến người nhận lúc", null=True, blank=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    event = models.CharField("sự kiện", max_length=40, blank=True)
    template_id = models.CharField("mã mẫu (Zalo)", max_length=40, blank=True)
    values = models.JSONField("tham số mẫu", default=dict, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "hộp thư đi"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_due")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}: {self.subject}"


class MessageTemplate(models.Model):
    """An admin's wording of one event for one kind of channel, replacing the shipped default
    (``notifications.texts.EVENTS``). Checked against the event's sample values when saved."""

    class Kind(models.TextChoices):
        LONG = "long", "Thông báo trên Cổng và thư điện tử"
        SHORT = "sms", "Tin nhắn SMS"
        ZALO = "zalo", "Zalo (mẫu ZNS đã đăng ký)"

    event = models.CharField("sự kiện", max_length=40)
    channel = models.CharField("kênh", max_length=8, choices=Kind.choices)
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", help_text="Cú pháp mẫu Django, ví dụ: Hồ sơ {{ code }} đã được tiếp nhận.")
    zalo_template_id = models.CharField(
        "mã mẫu ZNS", max_length=40, blank=True, help_text="Mã mẫu tin Zalo đã được duyệt (chỉ với kênh Zalo)."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người sửa",
    )
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    class Meta:
        verbose_name = "mẫu thông báo"
        verbose_name_plural = "mẫu thông báo"
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="message_template_unique"),
            models.CheckConstraint(
                condition=models.Q(channel="zalo") | models.Q(zalo_template_id=""),
                name="message_template_zalo_id_only_for_zalo",
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.get_channel_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from motcua.notifications.texts import forget_customised

        transaction.on_commit(forget_customised)
        forget_customised()

    def delete(self, *args, **kwargs):
        from motcua.notifications.texts import forget_customised

        result = super().delete(*args, **kwargs)
        transaction.on_commit(forget_customised)
        return result

    @classmethod
    def kind_for(cls, channel: str) -> str:
        return {"sms": cls.Kind.SHORT, "zalo": cls.Kind.ZALO}.get(channel, cls.Kind.LONG)
