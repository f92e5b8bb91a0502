from django import forms

from motcua.accounts.validators import validate_national_id
from motcua.core.forms import PlainLabels


class RegisterForm(PlainLabels, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=None, empty_label=None)
    start = forms.DateField(label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label="Định dạng", choices=[("pdf", "PDF"), ("xlsx", "Excel")], widget=forms.RadioSelect, initial="pdf"
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "Đến ngày phải sau hoặc bằng từ ngày.")
        return data


class CounterIntakeForm(PlainLabels, forms.Form):
    """A paper dossier handed in at the counter: which procedure, and who asks."""

    agency = forms.ModelChoiceField(label="Bộ phận một cửa của", queryset=None, empty_label=None)
    procedure = forms.CharField(label="Mã thủ tục", max_length=10, help_text="Ví dụ 1.001193 (đăng ký khai sinh).")
    national_id = forms.CharField(
        label="Số định danh cá nhân của người nộp",
        max_length=12,
        validators=[validate_national_id],
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    full_name = forms.CharField(label="Họ và tên người nộp", max_length=200)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
