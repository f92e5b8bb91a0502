from django.db import models


class PortalDossier(models.Model):
    """A dossier the national portal knows: one that came from it (its national code MaHoSo, the
    key of idempotency, and the payload as received), or one submitted here whose states are
    synced there under its local code."""

    class Origin(models.TextChoices):
        NATIONAL = "national", "Nộp trên Cổng DVC quốc gia"
        LOCAL = "local", "Nộp tại thành phố, đồng bộ lên Cổng DVC quốc gia"

    origin = models.CharField("nguồn", max_length=8, choices=Origin.choices, default=Origin.NATIONAL)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="portal", verbose_name="hồ sơ"
    )
    national_code = models.CharField("mã hồ sơ trên Cổng DVC quốc gia", max_length=60, unique=True)
    payload = models.JSONField("dữ liệu nhận được")
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ từ Cổng DVC quốc gia"
        verbose_name_plural = "hồ sơ từ Cổng DVC quốc gia"

    def __str__(self):
        return self.national_code


class StatusUpdate(models.Model):
    """The outbox of status changes sent back to the national portal: written in the change's
    transaction, pushed by the worker until the portal acknowledges, in order per dossier."""

    class State(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Cổng đã nhận"
        FAILED = "failed", "Gửi không thành công (đã thử hết số lần)"

    portal = models.ForeignKey(PortalDossier, on_delete=models.PROTECT, related_name="updates")
    key = models.CharField("khóa", max_length=100, unique=True)
    status = models.PositiveSmallIntegerField("trạng thái")
    payload = models.JSONField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker pushing it holds it until then (no row lock while the portal answers).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "cập nhật trạng thái gửi Cổng quốc gia"
        verbose_name_plural = "cập nhật trạng thái gửi Cổng quốc gia"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.key
