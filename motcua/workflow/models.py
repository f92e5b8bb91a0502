import uuid
from datetime import timedelta

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

# A step done at least half a working day before its due time counts as early.
EARLY_MARGIN = timedelta(hours=4)


class OfficeHours(models.Model):
    """When an agency works. One row without an agency is the city's default
    (07:30–11:30 and 13:30–17:30: 8 working hours a day)."""

    agency = models.OneToOneField(
        "units.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="office_hours",
        verbose_name="cơ quan",
    )
    morning_start = models.TimeField("sáng từ", default="07:30")
    morning_end = models.TimeField("sáng đến", default="11:30")
    afternoon_start = models.TimeField("chiều từ", default="13:30")
    afternoon_end = models.TimeField("chiều đến", default="17:30")

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    morning_start__lt=F("morning_end"),
                    morning_end__lte=F("afternoon_start"),
                    afternoon_start__lt=F("afternoon_end"),
                ),
                name="office_hours_in_order",
                violation_error_message="Giờ làm việc phải theo thứ tự: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc.",
            ),
            # One row per agency and one city default (no agency): NULL counted as a value.
            models.UniqueConstraint(Coalesce("agency", Value(0)), name="office_hours_one_per_agency"),
        ]

    def __str__(self):
        return f"{self.agency or 'Mặc định toàn thành phố'}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, {self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"


class DayException(models.Model):
    """A day that differs from the national calendar: the government moves working days each
    year (a Saturday worked to make a bridge holiday), and a city or an agency may close."""

    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="day_exceptions",
        verbose_name="cơ quan (để trống: toàn thành phố)",
    )
    day = models.DateField("ngày")
    is_working = models.BooleanField("là ngày làm việc")
    reason = models.CharField("lý do, văn bản", max_length=300)

    class Meta:
        verbose_name = "ngày làm việc / nghỉ điều chỉnh"
        verbose_name_plural = "ngày làm việc / nghỉ điều chỉnh"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(Coalesce("agency", Value(0)), "day", name="day_exception_once")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {'làm việc' if self.is_working else 'nghỉ'} ({self.reason})"


class Step(models.TextChoices):
    RECEPTION = "reception", "Tiếp nhận hồ sơ"
    TRANSFER = "transfer", "Liên thông"
    ASSIGNMENT = "assignment", "Phân công xử lý"
    PROCESSING = "processing", "Thẩm định, xử lý"
    APPROVAL = "approval", "Phê duyệt, ký kết quả"
    RETURN = "return", "Trả kết quả"
    SUPPLEMENT = "supplement", "Công dân bổ sung hồ sơ"


class Handoff(models.Model):
    """One row of the control sheet (slip 06): who handed the dossier to whom, when, by when it
    was due at that step, and when the step was done."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="handoffs", verbose_name="hồ sơ"
    )
    step = models.CharField("bước", max_length=12, choices=Step.choices)
    giver = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="người giao"
    )
    receiver = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="người nhận"
    )
    from_unit = models.CharField("đơn vị giao", max_length=300, blank=True)
    to_unit = models.CharField("đơn vị nhận", max_length=300, blank=True)
    handed_at = models.DateTimeField("giao lúc")
    due_at = models.DateTimeField("hạn của bước", null=True, blank=True)
    done_at = models.DateTimeField("xong lúc", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "bàn giao hồ sơ"
        verbose_name_plural = "phiếu kiểm soát (bàn giao hồ sơ)"
        ordering = ["handed_at", "pk"]

    def __str__(self):
        return f"{self.get_step_display()} – {self.dossier}"

    @property
    def timeliness_display(self) -> str:
        if self.done_at is None:
            return "Đang thực hiện"
        if self.due_at is None:
            return "Hoàn thành"
        if self.done_at < self.due_at - EARLY_MARGIN:
            return "Trước hạn"
        return "Đúng hạn" if self.done_at <= self.due_at else "Quá hạn"


class Workflow(models.Model):
    """A procedure's steps as data: which role does each and its share of the statutory time
    (percent). One row without a procedure is the default."""

    procedure = models.OneToOneField(
        "catalogue.Procedure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workflow",
        verbose_name="thủ tục",
    )
    steps = models.JSONField("các bước", help_text='[{"step": "reception", "role": "reception", "share": 10}, ...]')

    class Meta:
        verbose_name = "quy trình"
        verbose_name_plural = "quy trình"
        constraints = [models.UniqueConstraint(Coalesce("procedure", Value(0)), name="workflow_one_per_procedure")]

    def __str__(self):
        return f"Quy trình {self.procedure or 'mặc định'}"


class Apology(models.Model):
    """Slip 04: drafted by the system one working day before a dossier would be late, with a
    new date; the leader checks the reason and date and signs, and the applicant is told."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="apologies", verbose_name="hồ sơ"
    )
    drafted_at = models.DateTimeField("soạn lúc", auto_now_add=True)
    old_due_at = models.DateTimeField("hạn cũ")
    new_due_at = models.DateTimeField("hẹn lại")
    reason = models.TextField("lý do chậm", blank=True)
    signed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="người ký"
    )
    signed_at = models.DateTimeField("ký lúc", null=True, blank=True)

    class Meta:
        verbose_name = "văn bản xin lỗi, hẹn lại"
        verbose_name_plural = "văn bản xin lỗi, hẹn lại"
        ordering = ["-drafted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=F("old_due_at")),
                name="apology_moves_the_date_later",
                violation_error_message="Ngày hẹn lại phải sau hạn cũ.",
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(signed_at__isnull=True), name="apology_one_draft_per_dossier"
            ),
        ]

    def __str__(self):
        return f"Xin lỗi, hẹn lại hồ sơ {self.dossier}"


def note_upload_to(note, filename):
    return f"ho-so/{note.dossier.public_id}/noi-bo/{uuid.uuid4().hex}/{filename}"


class Note(models.Model):
    """Officers' exchange on a dossier: comments and internal documents (drafts, minutes of a
    site visit). Never shown to the applicant."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="notes", verbose_name="hồ sơ"
    )
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="người viết")
    text = models.TextField("nội dung")
    file = models.FileField("tài liệu nội bộ", upload_to=note_upload_to, max_length=500, blank=True)
    file_name = models.CharField("tên tệp", max_length=255, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "trao đổi nội bộ"
        verbose_name_plural = "trao đổi nội bộ"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Trao đổi nội bộ – hồ sơ {self.dossier}"


class Transfer(models.Model):
    """Liên thông: part of the work done by another agency or department, as a sub-task with its
    own time allotment. The dossier stays with its agency; the other one sees it while working."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="transfers", verbose_name="hồ sơ"
    )
    to_agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, related_name="incoming_transfers", verbose_name="chuyển đến"
    )
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="người chuyển"
    )
    request = models.TextField("nội dung đề nghị")
    requested_at = models.DateTimeField("chuyển lúc", auto_now_add=True)
    due_at = models.DateTimeField("hạn xử lý liên thông", null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="người trả lời"
    )
    answer = models.TextField("kết quả", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ liên thông"
        verbose_name_plural = "hồ sơ liên thông"
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="transfer_answer_has_text"
            ),
        ]

    def __str__(self):
        return f"Liên thông hồ sơ {self.dossier} đến {self.to_agency}"
