from datetime import timedelta

from django import forms
from django.utils import timezone

from motcua.core.forms import PlainLabels
from motcua.engagement.models import CRITERIA, Score

SCORES = [(value, label) for value, label in Score.choices]


class RatingForm(PlainLabels, forms.Form):
    overall = forms.TypedChoiceField(
        label="Mức độ hài lòng chung",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn mức độ hài lòng."},
    )
    comment = forms.CharField(
        label="Góp ý thêm (không bắt buộc)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=SCORES, coerce=int, required=False, widget=forms.RadioSelect
            )
        self.order_fields(["overall", *[name for name, _ in CRITERIA], "comment"])


class ReportForm(PlainLabels, forms.Form):
    agency = forms.ModelChoiceField(
        label="Cơ quan", queryset=None, required=False, empty_label="Tất cả cơ quan được xem"
    )
    start = forms.DateField(label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.ChoiceField(
        label="Theo",
        choices=[("agency", "Cơ quan"), ("counter", "Quầy"), ("officer", "Cán bộ")],
        initial="agency",
        required=False,
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        today = timezone.localdate()
        self.fields["start"].initial, self.fields["end"].initial = today.replace(day=1), today

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "Đến ngày phải sau hoặc bằng từ ngày.")
        if data.get("start") and data.get("end") and data["end"] - data["start"] > timedelta(days=366):
            self.add_error("end", "Chỉ xem tối đa một năm mỗi lần.")
        return data


class FeedbackForm(PlainLabels, forms.Form):
    about = forms.ChoiceField(label="Phản ánh, kiến nghị về", widget=forms.RadioSelect, choices=[])
    procedure = forms.CharField(
        label="Mã thủ tục (nếu về một thủ tục)",
        required=False,
        max_length=10,
        help_text="Ví dụ 1.001193 – xem trên trang thủ tục.",
    )
    agency = forms.ModelChoiceField(
        label="Cơ quan, đơn vị", queryset=None, required=False, empty_label="— Chọn cơ quan —"
    )
    officer_name = forms.CharField(label="Tên hoặc vị trí cán bộ (nếu về một cán bộ)", required=False, max_length=200)
    title = forms.CharField(label="Tiêu đề", max_length=300)
    content = forms.CharField(
        label="Nội dung phản ánh, kiến nghị", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(
        label="Họ và tên (để trống nếu muốn ẩn danh)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Số điện thoại (không bắt buộc)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Thư điện tử để nhận trả lời (không bắt buộc)",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        from motcua.engagement.models import Feedback
        from motcua.units.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["about"].choices = Feedback.About.choices
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("kind", "name")

    def clean_procedure(self):
        from motcua.catalogue.models import Procedure

        code = self.cleaned_data["procedure"].strip()
        if not code:
            return None
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError("Không tìm thấy thủ tục có mã này.")
        return procedure


class AnswerForm(PlainLabels, forms.Form):
    answer = forms.CharField(label="Nội dung trả lời", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    publish = forms.BooleanField(
        label="Công khai trả lời (thông tin cá nhân được tự động ẩn)", required=False, initial=True
    )
    decline = forms.BooleanField(
        label="Không xử lý: phản ánh không đúng quy định (ghi rõ lý do ở trên)", required=False
    )
