import uuid
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    from motcua.units.models import Agency


class Status(models.IntegerChoices):
    """The national portal's dossier states (1–10), plus 0 for a draft that was never sent."""

    DRAFT = 0, "Bản nháp"
    SUBMITTED = 1, "Mới đăng ký, chờ tiếp nhận"
    RECEIVED = 2, "Đã được tiếp nhận"
    REFUSED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT = 5, "Yêu cầu bổ sung hồ sơ"
    PAYMENT = 6, "Chờ thực hiện nghĩa vụ tài chính"
    WITHDRAW_REQUESTED = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    FINISHED = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


class Stage(models.TextChoices):
    """Where a dossier is inside the office (the national state says less: 4 is all of processing)."""

    RECEPTION = "reception", "Tiếp nhận"
    PROCESSING = "processing", "Thẩm định, xử lý"
    APPROVAL = "approval", "Phê duyệt, ký"
    RETURN = "return", "Trả kết quả"
    CLOSED = "closed", "Kết thúc"


class Delivery(models.TextChoices):
    ONLINE = "online", "Nhận kết quả trực tuyến (kho dữ liệu cá nhân)"
    COUNTER = "counter", "Nhận tại bộ phận một cửa"
    POST = "post", "Nhận qua dịch vụ bưu chính"


class Channel(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    COUNTER = "counter", "Trực tiếp tại bộ phận một cửa"
    NATIONAL_PORTAL = "national_portal", "Cổng Dịch vụ công quốc gia"


class Dossier(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField("mã hồ sơ", max_length=40, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.PROTECT, related_name="dossiers", verbose_name="thủ tục"
    )
    procedure_version = models.ForeignKey(
        "catalogue.ProcedureVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="phiên bản thủ tục khi nộp",
    )
    eform = models.ForeignKey(
        "eforms.EForm", on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers", verbose_name="tờ khai"
    )
    # A procedure without an e-form of its own is filled with the generic form built from its
    # record (eforms.selectors.generic_definition). That form is no EForm row, and it changes
    # with the record and with the code: the dossier keeps a copy of the definition it was filled
    # with, so it reads, validates and prints the same later. Empty when ``eform`` is set.
    form_definition = models.JSONField("tờ khai chung đã dùng", default=dict, blank=True, editable=False)
    agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers", verbose_name="nơi nộp"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers", verbose_name="người yêu cầu"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_dossiers", verbose_name="người nộp"
    )
    consent_method = models.CharField("cách người yêu cầu đồng ý cho đại lý nộp", max_length=300, blank=True)
    consent_recorded_at = models.DateTimeField("ghi nhận đồng ý lúc", null=True, blank=True)
    status = models.PositiveSmallIntegerField("trạng thái", choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField("hình thức nộp", max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    form_data = models.JSONField("nội dung tờ khai", default=dict, blank=True)
    delivery = models.CharField(
        "hình thức nhận kết quả", max_length=10, choices=Delivery.choices, default=Delivery.ONLINE
    )
    fee_exemption = models.CharField(
        "căn cứ miễn phí, lệ phí (người nộp kê khai)",
        max_length=300,
        blank=True,
        help_text="Để trống nếu không thuộc đối tượng miễn; cán bộ kiểm tra khi tiếp nhận.",
    )
    delivery_address = models.CharField("địa chỉ nhận kết quả", max_length=300, blank=True)
    # NULL is "no key sent": dossier_idempotency_key_unique holds only for keys that are not NULL,
    # so an empty string instead would make every dossier without a key collide.
    idempotency_key = models.CharField("khóa chống nộp trùng", max_length=100, null=True, blank=True, editable=False)  # noqa: DJ001
    withdraw_reason = models.TextField("lý do rút hồ sơ", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("hẹn trả kết quả", null=True, blank=True)
    paused_at = models.DateTimeField("tạm dừng tính thời gian từ", null=True, blank=True)
    finished_at = models.DateTimeField("giải quyết xong lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    stage = models.CharField("bước đang thực hiện", max_length=12, choices=Stage.choices, default=Stage.RECEPTION)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name="chuyên viên xử lý",
    )
    return_tracking = models.CharField("mã bưu gửi trả kết quả", max_length=60, blank=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["applicant", "status"], name="dossier_applicant_status"),
            models.Index(fields=["agency", "status", "due_at"], name="dossier_agency_status_due"),
            # The city-wide inbox: one state, or all open dossiers, earliest due first.
            models.Index(fields=["status", "due_at", "submitted_at", "id"], name="dossier_status_by_due"),
            models.Index(
                fields=["due_at", "submitted_at", "id"],
                name="dossier_open_by_due",
                condition=Q(status__in=[1, 2, 4, 5, 6, 7]),
            ),
            # The indicators count one agency's month at a time: by reception and by finishing date.
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["agency", "finished_at"], name="dossier_agency_finished"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__gte=0, status__lte=10), name="dossier_status_known"),
            models.CheckConstraint(
                condition=Q(status=0, code__isnull=True, submitted_at__isnull=True)
                | (~Q(status=0) & Q(code__isnull=False, submitted_at__isnull=False, agency__isnull=False)),
                name="dossier_code_once_submitted",
                violation_error_message="Hồ sơ đã nộp phải có mã, thời điểm nộp và nơi nộp.",
            ),
            models.CheckConstraint(
                condition=~Q(delivery="post") | ~Q(delivery_address=""),
                name="dossier_post_needs_address",
                violation_error_message="Nhận kết quả qua bưu chính cần địa chỉ nhận.",
            ),
            models.CheckConstraint(
                condition=Q(submitted_by=F("applicant")) | Q(consent_recorded_at__isnull=False),
                name="dossier_agent_needs_consent",
                violation_error_message="Nộp thay cần ghi nhận sự đồng ý của người yêu cầu.",
            ),
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="dossier_idempotency_key_unique",
            ),
        ]

    def __str__(self):
        return self.code or f"Bản nháp {self.procedure.code}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def by_agent(self) -> bool:
        return self.submitted_by_id != self.applicant_id

    @property
    def submitted_to(self) -> "Agency":
        """``agency``, for a dossier past its draft: the database gives every one of them an
        agency (dossier_code_once_submitted), so the type checker may count on it here."""
        return cast("Agency", self.agency)


def dossier_upload_to(item, filename):
    return f"ho-so/{item.dossier.public_id}/{uuid.uuid4().hex}/{filename}"


class DossierFile(models.Model):
    """A file handed in for one of the procedure's documents. The document's order and name are
    copied: the catalogue may change, the dossier keeps what the applicant answered to."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files", verbose_name="hồ sơ")
    document_order = models.PositiveSmallIntegerField("thành phần số", null=True, blank=True)
    document_name = models.TextField("thành phần hồ sơ")
    file = models.FileField("tệp", upload_to=dossier_upload_to, max_length=500)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu nội dung", max_length=120)
    size = models.PositiveBigIntegerField("dung lượng")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    store_item = models.ForeignKey(
        "documents.StoreItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_files",
        verbose_name="lấy từ kho dữ liệu",
    )
    reused = models.BooleanField(
        "sử dụng lại dữ liệu đã số hóa",
        default=False,
        help_text="Lấy từ kho dữ liệu cá nhân, hoặc được Cổng DVC quốc gia đánh dấu DuocTaiSuDung.",
    )
    supplement = models.ForeignKey(
        "SupplementRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
        verbose_name="nộp bổ sung",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    removed_at = models.DateTimeField("gỡ khỏi bản nháp lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tệp trong hồ sơ"
        verbose_name_plural = "tệp trong hồ sơ"
        ordering = ["document_order", "uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="dossier_file_not_empty")]

    def __str__(self):
        return self.original_name


class SupplementRequest(models.Model):
    """Asked once, at reception: exactly which documents and why (slip 02)."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="supplement_request", verbose_name="hồ sơ"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="cán bộ yêu cầu"
    )
    requested_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    reason = models.TextField("lý do")
    items = models.JSONField("giấy tờ cần bổ sung", help_text="[{order, name, note}]")
    status_before = models.PositiveSmallIntegerField("trạng thái trước khi yêu cầu", choices=Status.choices)
    answered_at = models.DateTimeField("bổ sung lúc", null=True, blank=True)
    answer_note = models.TextField("ghi chú khi bổ sung", blank=True)

    class Meta:
        verbose_name = "yêu cầu bổ sung"
        verbose_name_plural = "yêu cầu bổ sung"

    def __str__(self):
        return f"Yêu cầu bổ sung hồ sơ {self.dossier}"


class Pause(models.Model):
    """A wait for someone outside the office's hands: the applicant's supplement or fee, or the
    applicant's withdrawal request. It remembers where the dossier stood and who held it, so the
    dossier goes back to exactly that state, stage and person (dossiers/lifecycle.py). At most
    one of each kind is open; a withdrawal asked during a supplement stacks on it."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", "Chờ bổ sung hồ sơ"
        PAYMENT = "payment", "Chờ nộp phí, lệ phí"
        WITHDRAWAL = "withdrawal", "Chờ xử lý đề nghị rút hồ sơ"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses", verbose_name="hồ sơ")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    status_before = models.PositiveSmallIntegerField("trạng thái trước đó", choices=Status.choices)
    stage_before = models.CharField("bước trước đó", max_length=12, choices=Stage.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chuyên viên đang giữ hồ sơ",
    )
    started_at = models.DateTimeField("bắt đầu lúc")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField("kết thúc bằng", max_length=32, blank=True)

    class Meta:
        verbose_name = "tạm dừng"
        verbose_name_plural = "tạm dừng"
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind"], condition=Q(ended_at__isnull=True), name="pause_one_open_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")), name="pause_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(status_before__in=[1, 2, 4, 5, 6]), name="pause_returns_to_open_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.dossier}"


class Event(models.Model):
    """The dossier's timeline and its audit trail: every change, who made it, when."""

    class Action(models.TextChoices):
        CREATED = "created", "Tạo bản nháp"
        SUBMITTED = "submitted", "Nộp hồ sơ"
        SUPPLEMENT_REQUESTED = "supplement_requested", "Yêu cầu bổ sung"
        SUPPLEMENTED = "supplemented", "Nộp bổ sung"
        WITHDRAW_REQUESTED = "withdraw_requested", "Yêu cầu rút hồ sơ"
        STATUS_CHANGED = "status_changed", "Chuyển trạng thái"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events", verbose_name="hồ sơ")
    at = models.DateTimeField("lúc", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField("việc", max_length=32, choices=Action.choices)
    from_status = models.PositiveSmallIntegerField("từ trạng thái", choices=Status.choices, null=True, blank=True)
    to_status = models.PositiveSmallIntegerField("sang trạng thái", choices=Status.choices, null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "diễn biến hồ sơ"
        verbose_name_plural = "diễn biến hồ sơ"
        ordering = ["at", "pk"]

    def __str__(self):
        action = self.get_action_display()
        return action if self.to_status is None else f"{action}: {self.get_to_status_display()}"


class Access(models.Model):
    """Who saw a dossier's personal data, when and how (kept for breach reporting)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="accesses", verbose_name="hồ sơ")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người xem"
    )
    at = models.DateTimeField("lúc", auto_now_add=True)
    channel = models.CharField("qua", max_length=8, choices=[("web", "Trang web"), ("api", "API")])
    action = models.CharField("hành động", max_length=40)

    class Meta:
        verbose_name = "lần truy cập hồ sơ"
        verbose_name_plural = "nhật ký truy cập hồ sơ"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.dossier} – {self.action} ({self.get_channel_display()})"


class DailySequence(models.Model):
    """The last dossier number issued by an agency on a day: codes restart at 0001 each day."""

    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="daily_sequence_unique")]

    def __str__(self):
        return f"{self.agency} – {self.day:%d/%m/%Y}: {self.last}"


def issued_upload_to(item, filename):
    return f"ho-so/{item.dossier.public_id}/van-ban/{uuid.uuid4().hex}/{filename}"


class IssuedDocument(models.Model):
    """What the office issues for a dossier: the slips of Circular 03/2025 and the signed result."""

    class Kind(models.TextChoices):
        RECEIPT = "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)"
        SUPPLEMENT = "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)"
        REFUSAL = "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)"
        APOLOGY = "04", "Văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)"
        STOP = "05", "Thông báo dừng giải quyết hồ sơ (mẫu 05)"
        RESULT = "result", "Kết quả giải quyết (đã ký số)"
        FEE_RECEIPT = "bl", "Biên lai thu phí, lệ phí điện tử"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="issued", verbose_name="hồ sơ")
    kind = models.CharField("loại", max_length=8, choices=Kind.choices)
    file = models.FileField("tệp", upload_to=issued_upload_to, max_length=500)
    signed = models.BooleanField("đã ký số", default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người ban hành"
    )
    issued_at = models.DateTimeField("ban hành lúc", auto_now_add=True)

    class Meta:
        verbose_name = "văn bản đã ban hành"
        verbose_name_plural = "văn bản đã ban hành"
        ordering = ["issued_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.dossier}"
