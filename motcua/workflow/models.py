from django.db import models
from django.db.models import F, Q


class OfficeHours(models.Model):
    """When an agency works. One row without an agency is the city's default
    (07:30–11:30 and 13:30–17:30: 8 working hours a day)."""

    agency = models.OneToOneField(
        "units.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="office_hours", verbose_name="cơ quan"
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
                condition=Q(morning_start__lt=F("morning_end"), morning_end__lte=F("afternoon_start"), afternoon_start__lt=F("afternoon_end")),
                name="office_hours_in_order",
                violation_error_message="Giờ làm việc phải theo thứ tự: sáng bắt đầu < sáng kết thúc ≤ chiều bắt đầu < chiều kết thúc.",
            ),
            models.UniqueConstraint(fields=["agency"], name="office_hours_one_per_agency", nulls_distinct=False),
        ]

    def __str__(self):
        return f"{self.agency or 'Mặc định toàn thành phố'}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, {self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"


class DayException(models.Model):
    """A day that differs from the national calendar: the government moves working days each
    year (a Saturday worked to make a bridge holiday), and a city or an agency may close."""

    agency = models.ForeignKey(
        "units.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="day_exceptions",
        verbose_name="cơ quan (để trống: toàn thành phố)",
    )
    day = models.DateField("ngày")
    is_working = models.BooleanField("là ngày làm việc")
    reason = models.CharField("lý do, văn bản", max_length=300)

    class Meta:
        verbose_name = "ngày làm việc / nghỉ điều chỉnh"
        verbose_name_plural = "ngày làm việc / nghỉ điều chỉnh"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="day_exception_once", nulls_distinct=False)]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {'làm việc' if self.is_working else 'nghỉ'} ({self.reason})"
