from django.db import models


class Entry(models.Model):
    """A question-and-answer the admins write (hours of the centre, how to pay, what VNeID is …),
    found by the assistant beside the catalogue."""

    question = models.CharField("câu hỏi", max_length=500)
    variants = models.TextField("cách hỏi khác (mỗi dòng một câu)", blank=True)
    answer = models.TextField("trả lời")
    procedures = models.ManyToManyField(
        "catalogue.Procedure", blank=True, related_name="+", verbose_name="thủ tục liên quan"
    )
    is_active = models.BooleanField("đang dùng", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "câu hỏi – trả lời"
        verbose_name_plural = "câu hỏi – trả lời"
        ordering = ["question"]

    def __str__(self):
        return self.question


class Unanswered(models.Model):
    """A question the assistant could not answer: admins turn the frequent ones into entries."""

    question = models.CharField("câu hỏi", max_length=500)
    asked_at = models.DateTimeField("hỏi lúc", auto_now_add=True, db_index=True)
    best_guess = models.CharField("thủ tục gần nhất", max_length=10, blank=True)
    handled = models.BooleanField("đã xử lý", default=False)

    class Meta:
        verbose_name = "câu hỏi chưa trả lời được"
        verbose_name_plural = "câu hỏi chưa trả lời được"
        ordering = ["-asked_at"]

    def __str__(self):
        return self.question


class Vectors(models.Model):
    """The sentence embeddings of the procedures' names for one catalogue revision, computed once
    (manage.py build_assistant_index) and loaded by every process."""

    revision = models.CharField(max_length=60, unique=True)
    codes = models.JSONField()
    data = models.BinaryField()
    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Chỉ mục trợ lý {self.revision}"
