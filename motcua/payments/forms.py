from datetime import timedelta

from django import forms
from django.utils import timezone

from motcua.core.forms import PlainLabels


class ReconciliationForm(PlainLabels, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=None, empty_label=None)
    day = forms.DateField(label="Ngày đối soát", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["day"].initial = timezone.localdate() - timedelta(days=1)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("Không thể đối soát một ngày chưa đến.")
        return day
