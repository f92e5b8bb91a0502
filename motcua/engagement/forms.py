from datetime import timedelta

from django import forms
from django.utils import timezone

from motcua.core.forms import PlainLabels
from motcua.engagement.models import CRITERIA, Score

SCORES = [(value, label) for value, label in Score.choices]


class RatingForm(PlainLabels, forms.Form):
    overall = forms.TypedChoiceField(label="Mức độ hài lòng chung", choices=SCORES, coerce=int, widget=forms.RadioSelect,
                                     error_messages={"required": "Vui lòng chọn mức độ hài lòng."})
    comment = forms.CharField(label="Góp ý thêm (không bắt buộc)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            self.fields[name] = forms.TypedChoiceField(label=label, choices=SCORES, coerce=int, required=False, widget=forms.RadioSelect)
        self.order_fields(["overall", *[name for name, _ in CRITERIA], "comment"])


class ReportForm(PlainLabels, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=None, required=False, empty_label="Tất cả cơ quan được xem")
    start = forms.DateField(label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.ChoiceField(label="Theo", choices=[("agency", "Cơ quan"), ("counter", "Quầy"), ("officer", "Cán bộ")], initial="agency")

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
