from django.conf import settings
from django.db import models


class EForm(models.Model):
    """A procedure's e-form as data: a JSON Schema for the values and a layout for people
    (sections, Vietnamese labels, help, choices). Editing publishes a new version; a dossier
    keeps the version it was filled with."""

    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.PROTECT, related_name="eforms", verbose_name="thủ tục"
    )
    version = models.PositiveIntegerField("phiên bản")
    title = models.CharField("tên tờ khai", max_length=300)
    schema = models.JSONField("lược đồ dữ liệu (JSON Schema)")
    layout = models.JSONField("bố cục (các phần, nhãn, hướng dẫn)")
    is_current = models.BooleanField("đang dùng", default=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
    )

    class Meta:
        verbose_name = "biểu mẫu điện tử"
        verbose_name_plural = "biểu mẫu điện tử"
        ordering = ["procedure", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "version"], name="eform_version_unique"),
            models.UniqueConstraint(
                fields=["procedure"], condition=models.Q(is_current=True), name="eform_one_current_per_procedure"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"
