import uuid

from django.conf import settings
from django.db import models


def store_upload_to(item, filename):
    return f"kho/{item.owner_id}/{uuid.uuid4().hex}/{filename}"


class StoreItem(models.Model):
    """A document a person holds in their personal data store (Decree 45/2020, art. 16):
    results they received and papers they handed in, reusable in later dossiers."""

    class Kind(models.TextChoices):
        RESULT = "result", "Kết quả giải quyết thủ tục"
        DOCUMENT = "document", "Giấy tờ đã nộp"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="store_items", verbose_name="chủ sở hữu"
    )
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    title = models.CharField("tên giấy tờ", max_length=500)
    file = models.FileField("tệp", upload_to=store_upload_to, max_length=500)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu nội dung", max_length=120)
    size = models.PositiveBigIntegerField("dung lượng")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="từ hồ sơ"
    )
    issued_by = models.CharField("cơ quan cấp", max_length=300, blank=True)
    created_at = models.DateTimeField("lưu lúc", auto_now_add=True)

    class Meta:
        verbose_name = "giấy tờ trong kho dữ liệu"
        verbose_name_plural = "kho dữ liệu cá nhân"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="store_item_once_per_owner")]

    def __str__(self):
        return self.title


class StoreReuse(models.Model):
    """Each time a stored document is attached to a dossier instead of being uploaded again."""

    item = models.ForeignKey(StoreItem, on_delete=models.PROTECT, related_name="reuses", verbose_name="giấy tờ")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="store_reuses", verbose_name="hồ sơ"
    )
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người dùng"
    )
    used_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "lần dùng lại giấy tờ"
        verbose_name_plural = "lần dùng lại giấy tờ"
        ordering = ["-used_at"]

    def __str__(self):
        return f"{self.item} – hồ sơ {self.dossier}"
