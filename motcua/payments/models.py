import uuid

from django.db import models
from django.db.models import Q


class PaymentState(models.TextChoices):
    """Payment.State (declared out here so that the model's constraints can name the values)."""

    PENDING = "pending", "Chờ thanh toán"
    PAID = "paid", "Đã thanh toán"
    FAILED = "failed", "Không thành công"
    SUPERSEDED = "superseded", "Đã thay bằng khoản khác"


class Payment(models.Model):
    """One attempt to pay a dossier's fee through a gateway. Confirmed once, whatever the
    gateway sends how many times. Its state changes only as payments.lifecycle declares."""

    State = PaymentState

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments", verbose_name="hồ sơ"
    )
    provider = models.CharField(
        "cổng thanh toán",
        max_length=20,
        choices=[
            ("vnpay", "VNPay"),
            ("paygov", "Nền tảng thanh toán Cổng DVC quốc gia"),
            ("counter", "Nộp tại bộ phận một cửa"),
        ],
        default="vnpay",
    )
    reference = models.CharField("mã giao dịch của motcua", max_length=40, unique=True, default="")
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    description = models.CharField("nội dung", max_length=255)
    state = models.CharField("tình trạng", max_length=10, choices=State.choices, default=State.PENDING)
    gateway_transaction = models.CharField("mã giao dịch tại cổng", max_length=40, blank=True)
    bank_code = models.CharField("ngân hàng", max_length=20, blank=True)
    response_code = models.CharField("mã phản hồi", max_length=4, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("chuyển sang cổng lúc", null=True, blank=True)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    receipt_number = models.CharField("số biên lai", max_length=40, blank=True)
    receipt_issued = models.BooleanField("đã lập biên lai PDF", default=False)
    # Money taken for a request the dossier no longer waits for (the office replaced it with
    # another amount, or the fee was paid another way): the office must give it back.
    refund_due = models.BooleanField("phải hoàn tiền", default=False)

    class Meta:
        verbose_name = "thanh toán"
        verbose_name_plural = "thanh toán"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(state="paid") | (Q(confirmed_at__isnull=False) & ~Q(receipt_number="")),
                name="payment_paid_has_receipt",
            ),
            models.CheckConstraint(condition=Q(state__in=PaymentState.values), name="payment_state_known"),
            models.CheckConstraint(condition=Q(refund_due=False) | Q(state="paid"), name="payment_refund_due_paid"),
        ]

    def __str__(self):
        return f"{self.reference} · {self.amount:,} đồng".replace(",", ".")

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = uuid.uuid4().hex[:20].upper()
        super().save(*args, **kwargs)

    @property
    def refunded(self) -> int:
        return sum(r.amount for r in self.refunds.all())


class Callback(models.Model):
    """Every call a gateway made to us, kept as it came (for disputes and reconciliation)."""

    provider = models.CharField(max_length=20)
    reference = models.CharField(max_length=40, db_index=True)
    params = models.JSONField()
    answer = models.CharField(max_length=4)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.provider} {self.reference}: {self.answer}"


class ReceiptSequence(models.Model):
    """The last electronic receipt number of an agency in a year."""

    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="receipt_sequence_unique")]

    def __str__(self):
        return f"{self.agency} – {self.year}: {self.last}"


class Refund(models.Model):
    """Money given back on a paid fee (the dossier refused after payment, paid twice, …): recorded
    by an officer with the gateway's or the treasury's reference. Never more than was paid."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name="thanh toán")
    amount = models.PositiveBigIntegerField("số tiền hoàn (đồng)")
    reason = models.CharField("lý do", max_length=500)
    reference = models.CharField("mã giao dịch hoàn", max_length=60, blank=True)
    refunded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="cán bộ ghi nhận"
    )
    created_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "hoàn tiền"
        verbose_name_plural = "hoàn tiền"
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self):
        amount = f"{self.amount:,}".replace(",", ".")
        return f"Hoàn {amount} đồng ({self.reference})" if self.reference else f"Hoàn {amount} đồng"


class SandboxTransaction(models.Model):
    """What the local payment sandboxes (development and tests only) remember of a transaction,
    so that their pages, callbacks and QUERY answers agree across processes."""

    provider = models.CharField(max_length=20)
    reference = models.CharField(max_length=40)
    amount = models.PositiveBigIntegerField()
    description = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=8, default="pending")  # pending, paid, failed
    transaction_no = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "reference"], name="sandbox_transaction_unique")]

    def __str__(self):
        return f"{self.provider} {self.reference} ({self.state})"
