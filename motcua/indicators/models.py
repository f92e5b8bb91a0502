"""Monthly tallies of the dossiers, kept up to date as dossiers change, so that the dashboards
add up a few thousand rows instead of counting a million dossiers; and the city's targets."""

from django.db import models
from django.db.models import F, Q


class Tally(models.Model):
    """What happened in one month at one agency. Each figure counts by its own date: received
    by the reception date, finished (and on time, electronic result, re-issued the same day) by
    the date processing finished, the backlog as it stood at the month's end (for the running
    month: when last counted), ratings and feedback by the date they were given."""

    month = models.DateField("tháng", help_text="Ngày đầu tháng.")
    agency = models.ForeignKey("units.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="cơ quan")
    received = models.PositiveIntegerField("hồ sơ tiếp nhận", default=0)
    received_online = models.PositiveIntegerField("tiếp nhận trực tuyến", default=0)
    digitized = models.PositiveIntegerField("có thành phần hồ sơ điện tử (số hóa)", default=0)
    reused = models.PositiveIntegerField("sử dụng lại dữ liệu đã số hóa", default=0)
    to_store = models.PositiveIntegerField("kết nối kho dữ liệu cá nhân", default=0)
    synced = models.PositiveIntegerField("đồng bộ lên Cổng DVC quốc gia", default=0)
    charged = models.PositiveIntegerField("có phí, lệ phí phải nộp", default=0)
    paid_online = models.PositiveIntegerField("thanh toán trực tuyến", default=0)
    finished = models.PositiveIntegerField("đã giải quyết", default=0)
    finished_on_time = models.PositiveIntegerField("giải quyết đúng hạn", default=0)
    results_electronic = models.PositiveIntegerField("có kết quả điện tử (đã ký số)", default=0)
    reissue_finished = models.PositiveIntegerField("cấp lại đã giải quyết", default=0)
    reissue_same_day = models.PositiveIntegerField("cấp lại trong ngày", default=0)
    open_at_end = models.PositiveIntegerField("đang giải quyết cuối kỳ", default=0)
    open_late_at_end = models.PositiveIntegerField("đang giải quyết đã quá hạn cuối kỳ", default=0)
    ratings = models.PositiveIntegerField("lượt đánh giá", default=0)
    ratings_satisfied = models.PositiveIntegerField("lượt hài lòng", default=0)
    ratings_unhappy = models.PositiveIntegerField("lượt không hài lòng", default=0)
    feedback = models.PositiveIntegerField("phản ánh, kiến nghị nhận", default=0)
    feedback_on_time = models.PositiveIntegerField("phản ánh, kiến nghị xử lý đúng hạn", default=0)

    class Meta:
        abstract = True

    def counts(self) -> dict:
        return {name: getattr(self, name) for name in COUNTS}


COUNTS = [f.name for f in Tally._meta.fields if isinstance(f, models.PositiveIntegerField)]


class AgencyMonth(Tally):
    """An agency's month, with what does not add up over procedures: the catalogue as it stood
    when the month was counted, and how many of its procedures received online dossiers or online
    payments, in the month and from January through it."""

    procedures = models.PositiveIntegerField("thủ tục thực hiện", default=0)
    procedures_online = models.PositiveIntegerField("thủ tục trực tuyến", default=0)
    procedures_full = models.PositiveIntegerField("thủ tục trực tuyến toàn trình", default=0)
    procedures_complete = models.PositiveIntegerField("thủ tục công khai đủ bộ phận", default=0)
    fee_procedures = models.PositiveIntegerField("thủ tục có phí, lệ phí", default=0)
    fee_procedures_online = models.PositiveIntegerField("thủ tục có phí, lệ phí được cung cấp trực tuyến", default=0)
    services_receiving = models.PositiveIntegerField("thủ tục trực tuyến có hồ sơ trực tuyến trong tháng", default=0)
    services_receiving_ytd = models.PositiveIntegerField("thủ tục trực tuyến có hồ sơ trực tuyến từ đầu năm", default=0)
    services_paid = models.PositiveIntegerField("thủ tục có thanh toán trực tuyến trong tháng", default=0)
    services_paid_ytd = models.PositiveIntegerField("thủ tục có thanh toán trực tuyến từ đầu năm", default=0)
    receiving_received = models.PositiveIntegerField(
        "hồ sơ của các thủ tục có hồ sơ trực tuyến, trong tháng", default=0
    )
    receiving_received_ytd = models.PositiveIntegerField(
        "hồ sơ của các thủ tục có hồ sơ trực tuyến, từ đầu năm", default=0
    )
    receiving_online = models.PositiveIntegerField("hồ sơ trực tuyến của các thủ tục đó, trong tháng", default=0)
    receiving_online_ytd = models.PositiveIntegerField("hồ sơ trực tuyến của các thủ tục đó, từ đầu năm", default=0)

    class Meta:
        verbose_name = "số liệu tháng của cơ quan"
        verbose_name_plural = "số liệu tháng của cơ quan"
        constraints = [
            models.UniqueConstraint(fields=["agency", "month"], name="agency_month_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="agency_month_first_day"),
            models.CheckConstraint(
                condition=Q(finished_on_time__lte=F("finished")), name="agency_month_on_time_within_finished"
            ),
            models.CheckConstraint(
                condition=Q(received_online__lte=F("received")), name="agency_month_online_within_received"
            ),
            models.CheckConstraint(
                condition=Q(services_receiving__lte=F("services_receiving_ytd")), name="agency_month_ytd_covers_month"
            ),
        ]
        indexes = [models.Index(fields=["month", "agency"], name="agency_month_by_month")]

    def __str__(self):
        return f"{self.agency} – {self.month:%m/%Y}"


# Figures that describe the end of a month rather than add up over months.
CATALOGUE = [
    "procedures",
    "procedures_online",
    "procedures_full",
    "procedures_complete",
    "fee_procedures",
    "fee_procedures_online",
]
PER_PERIOD = ["services_receiving", "services_paid", "receiving_received", "receiving_online"]  # each also "…_ytd"
STOCKS = ["open_at_end", "open_late_at_end", *CATALOGUE]
FLOWS = [name for name in COUNTS if name not in STOCKS]


class ProcedureMonth(Tally):
    """The same figures per procedure (``procedure`` empty: ratings not tied to a dossier)."""

    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="thủ tục"
    )

    class Meta:
        verbose_name = "số liệu tháng của thủ tục"
        verbose_name_plural = "số liệu tháng của thủ tục"
        constraints = [
            models.UniqueConstraint(fields=["agency", "month", "procedure"], name="procedure_month_unique"),
            models.UniqueConstraint(
                fields=["agency", "month"], condition=Q(procedure__isnull=True), name="procedure_month_one_without"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="procedure_month_first_day"),
            models.CheckConstraint(
                condition=Q(finished_on_time__lte=F("finished")), name="procedure_month_on_time_within_finished"
            ),
        ]
        indexes = [models.Index(fields=["agency", "month"], name="procedure_month_by_agency")]

    def __str__(self):
        procedure = self.procedure.code if self.procedure_id else "không gắn thủ tục"
        return f"{self.agency} – {procedure} – {self.month:%m/%Y}"


class Stale(models.Model):
    """A note that an agency's month must be counted again (something changed in it). Written in
    the change's own transaction; never updated, so concurrent changes never wait on each other
    (the same month may be noted many times; the worker counts it once)."""

    agency = models.ForeignKey("units.Agency", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    marked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Tính lại {self.agency} – {self.month:%m/%Y}"


class Target(models.Model):
    """One of the city's targets for a year, in percent, shown beside the actual figure."""

    class Measure(models.TextChoices):
        SERVICES_RECEIVING = "services_receiving", "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến"
        ONLINE_SHARE_OF_RECEIVING = (
            "online_share_of_receiving",
            "Tỷ lệ hồ sơ trực tuyến của các dịch vụ có phát sinh hồ sơ trực tuyến",
        )
        ONLINE_SHARE = "online_share", "Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ"
        FULL_ONLINE = "full_online", "Tỷ lệ thủ tục đủ điều kiện được cung cấp trực tuyến toàn trình"
        REISSUE_SAME_DAY = "reissue_same_day", "Tỷ lệ hồ sơ cấp lại được giải quyết trong ngày"
        RESULTS_DIGITIZED = "results_digitized", "Tỷ lệ kết quả giải quyết được số hóa (cấp điện tử)"
        ON_TIME = "on_time", "Tỷ lệ hồ sơ giải quyết đúng hạn"
        PAID_ONLINE = "paid_online", "Tỷ lệ hồ sơ có phí được thanh toán trực tuyến"
        SATISFIED = "satisfied", "Tỷ lệ người dân, doanh nghiệp hài lòng"

    year = models.PositiveSmallIntegerField("năm")
    measure = models.CharField("chỉ tiêu", max_length=32, choices=Measure.choices)
    percent = models.DecimalField("mục tiêu (%)", max_digits=5, decimal_places=2)
    source = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        verbose_name = "mục tiêu của thành phố"
        verbose_name_plural = "mục tiêu của thành phố"
        ordering = ["-year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["year", "measure"], name="target_year_measure_unique"),
            models.CheckConstraint(condition=Q(percent__gte=0) & Q(percent__lte=100), name="target_percent_range"),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_measure_display()} ≥ {self.percent}%"
