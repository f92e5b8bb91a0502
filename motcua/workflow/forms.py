from django import forms

from motcua.core.forms import PlainLabels


class RegisterForm(PlainLabels, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=None, empty_label=None)
    start = forms.DateField(label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label="Định dạng", choices=[("pdf", "PDF"), ("xlsx", "Excel")], widget=forms.RadioSelect, initial="pdf")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "Đến ngày phải sau hoặc bằng từ ngày.")
        return data
