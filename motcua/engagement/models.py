from django.conf import settings
from django.db import models
from django.db.models import Q


class Score(models.IntegerChoices):
    VERY_UNHAPPY = 1, "Rất không hài lòng"
    UNHAPPY = 2, "Không hài lòng"
    NEUTRAL = 3, "Bình thường"
    HAPPY = 4, "Hài lòng"
    VERY_HAPPY = 5, "Rất hài lòng"


# The standard criteria of the satisfaction survey (Decision 766's satisfaction component).
CRITERIA = [
    ("information", "Tiếp cận thông tin, hướng dẫn"),
    ("time", "Thời gian giải quyết"),
    ("attitude", "Thái độ, tinh thần phục vụ của cán bộ"),
    ("cost", "Chi phí (phí, lệ phí đúng quy định)"),
    ("result", "Kết quả giải quyết"),
]


def _in_range(field: str, nullable: bool) -> Q:
    within = Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    return within | Q(**{f"{field}__isnull": True}) if nullable else within


class Rating(models.Model):
    """One person's satisfaction: online after their dossier is finished (overall and the five
    criteria), or with one tap on the counter's tablet (overall, for the officer on duty)."""

    class Source(models.TextChoices):
        ONLINE = "online", "Trực tuyến (sau khi có kết quả)"
        KIOSK = "kiosk", "Tại quầy (máy tính bảng)"

    source = models.CharField("nguồn", max_length=8, choices=Source.choices)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True, related_name="rating", verbose_name="hồ sơ"
    )
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="ratings", verbose_name="cơ quan")
    counter = models.ForeignKey(
        "units.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings", verbose_name="quầy"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings_received",
        verbose_name="cán bộ",
    )
    overall = models.PositiveSmallIntegerField("mức độ hài lòng chung", choices=Score.choices)
    information = models.PositiveSmallIntegerField(CRITERIA[0][1], choices=Score.choices, null=True, blank=True)
    time = models.PositiveSmallIntegerField(CRITERIA[1][1], choices=Score.choices, null=True, blank=True)
    attitude = models.PositiveSmallIntegerField(CRITERIA[2][1], choices=Score.choices, null=True, blank=True)
    cost = models.PositiveSmallIntegerField(CRITERIA[3][1], choices=Score.choices, null=True, blank=True)
    result = models.PositiveSmallIntegerField(CRITERIA[4][1], choices=Score.choices, null=True, blank=True)
    comment = models.TextField("góp ý", blank=True, max_length=2000)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=_in_range("overall", False), name="rating_overall_1_5"),
            *[
                models.CheckConstraint(condition=_in_range(name, True), name=f"rating_{name}_1_5")
                for name, _ in CRITERIA
            ],
            models.CheckConstraint(
                condition=~Q(source="online") | Q(dossier__isnull=False), name="rating_online_has_dossier"
            ),
            models.CheckConstraint(
                condition=~Q(source="kiosk") | Q(counter__isnull=False), name="rating_kiosk_has_counter"
            ),
        ]

    def __str__(self):
        return f"{self.get_overall_display()} – {self.get_source_display()}"


class Duty(models.Model):
    """An officer sitting at a counter: the kiosk's ratings go to whoever is on duty there."""

    counter = models.ForeignKey("units.Counter", on_delete=models.CASCADE, related_name="duties", verbose_name="quầy")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duties", verbose_name="cán bộ"
    )
    started_at = models.DateTimeField("bắt đầu", auto_now_add=True)
    ended_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "ca trực quầy"
        verbose_name_plural = "ca trực quầy"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["counter"], condition=Q(ended_at__isnull=True), name="duty_one_officer_per_counter"
            ),
            models.UniqueConstraint(
                fields=["officer"], condition=Q(ended_at__isnull=True), name="duty_one_counter_per_officer"
            ),
        ]

    def __str__(self):
        return f"{self.counter} – {self.officer}"


class QueueService(models.Model):
    """What a visitor queues for at a service point: a field (hộ tịch, đất đai …) served by some
    of its counters. Its letter starts the ticket numbers (A001, B001 …)."""

    agency = models.ForeignKey(
        "units.Agency", on_delete=models.CASCADE, related_name="queue_services", verbose_name="nơi tiếp nhận"
    )
    letter = models.CharField("chữ đầu số", max_length=2)
    name = models.CharField("lĩnh vực", max_length=200)
    counters = models.ManyToManyField("units.Counter", related_name="queue_services", verbose_name="các quầy phục vụ")
    is_active = models.BooleanField("đang phát số", default=True)

    class Meta:
        verbose_name = "lĩnh vực xếp hàng"
        verbose_name_plural = "lĩnh vực xếp hàng"
        ordering = ["agency", "letter"]
        constraints = [models.UniqueConstraint(fields=["agency", "letter"], name="queue_service_letter_unique")]

    def __str__(self):
        return f"{self.letter} – {self.name}"


class TicketSequence(models.Model):
    """The last ticket number of a queue on a day: numbers start again at 1 every day."""

    service = models.ForeignKey(QueueService, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "day"], name="ticket_sequence_unique")]

    def __str__(self):
        return f"{self.service} – {self.day:%d/%m/%Y}: {self.last}"


class Ticket(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Đang chờ"
        CALLED = "called", "Đang được gọi"
        DONE = "done", "Đã phục vụ"
        SKIPPED = "skipped", "Vắng mặt khi gọi"

    origin = models.ForeignKey(
        QueueService, on_delete=models.PROTECT, related_name="+", verbose_name="lấy số tại lĩnh vực"
    )
    service = models.ForeignKey(
        QueueService, on_delete=models.PROTECT, related_name="tickets", verbose_name="đang chờ ở lĩnh vực"
    )
    day = models.DateField("ngày")
    number = models.PositiveIntegerField("số")
    public_id = models.UUIDField(unique=True, editable=False)
    state = models.CharField("tình trạng", max_length=8, choices=State.choices, default=State.WAITING, db_index=True)
    counter = models.ForeignKey(
        "units.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name="quầy"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField("lấy số lúc", auto_now_add=True)
    queued_at = models.DateTimeField("xếp hàng từ", help_text="Lúc lấy số, hoặc lúc được chuyển sang lĩnh vực này.")
    called_at = models.DateTimeField("gọi lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    calls = models.PositiveSmallIntegerField("số lần gọi", default=0)

    class Meta:
        verbose_name = "số thứ tự"
        verbose_name_plural = "số thứ tự"
        ordering = ["day", "queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "day", "number"], name="ticket_number_unique"),
            models.CheckConstraint(
                condition=Q(state="waiting") | Q(called_at__isnull=False), name="ticket_called_has_time"
            ),
        ]
        indexes = [models.Index(fields=["service", "state", "queued_at"], name="ticket_waiting")]

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"{self.origin.letter}{self.number:03d}"


class FeedbackSequence(models.Model):
    day = models.DateField(unique=True)
    last = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.last}"


class Feedback(models.Model):
    """A phản ánh, kiến nghị: about a procedure, an agency or an officer, with or without a name,
    routed to the agency that must answer by a set date; the answer is published without
    personal data."""

    class About(models.TextChoices):
        PROCEDURE = "procedure", "Thủ tục hành chính"
        AGENCY = "agency", "Cơ quan, đơn vị"
        OFFICER = "officer", "Cán bộ, công chức"

    class State(models.TextChoices):
        OPEN = "open", "Đang xử lý"
        ANSWERED = "answered", "Đã trả lời"
        DECLINED = "declined", "Không xử lý (không đúng quy định)"

    code = models.CharField("mã phản ánh", max_length=24, unique=True)
    about = models.CharField("phản ánh về", max_length=10, choices=About.choices)
    procedure = models.ForeignKey(
        "catalogue.Procedure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thủ tục",
    )
    agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, related_name="feedback", verbose_name="cơ quan xử lý"
    )
    officer_name = models.CharField("tên cán bộ được phản ánh", max_length=200, blank=True)
    title = models.CharField("tiêu đề", max_length=300)
    content = models.TextField("nội dung", max_length=5000)
    name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField("tình trạng", max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    due_at = models.DateTimeField("hạn trả lời")
    reminded_at = models.DateTimeField("đã nhắc lúc", null=True, blank=True)
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    published = models.BooleanField("công khai", default=False)
    public_title = models.CharField("tiêu đề công khai", max_length=300, blank=True)
    public_question = models.TextField("câu hỏi công khai (đã bỏ thông tin cá nhân)", blank=True)
    public_answer = models.TextField("trả lời công khai (đã bỏ thông tin cá nhân)", blank=True)
    search_text = models.TextField(
        blank=True, editable=False, help_text="Tiêu đề, câu hỏi và trả lời công khai, không dấu."
    )

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="answered") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="feedback_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(published=True) | Q(state="answered"), name="feedback_published_only_answered"
            ),
        ]
        indexes = [models.Index(fields=["agency", "state", "due_at"], name="feedback_open_due")]

    def __str__(self):
        return f"{self.code}: {self.title}"

    @property
    def anonymous(self) -> bool:
        return not (self.name or self.sender_id)


class FeedbackFile(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to="phan-anh/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    def __str__(self):
        return self.original_name
