from django import forms

from motcua.units.models import Agency


class DirectoryForm(forms.Form):
    q = forms.CharField(label="Tên cơ quan hoặc xã, phường (cũ hoặc mới)", required=False, max_length=100)
    kind = forms.ChoiceField(label="Loại cơ quan", required=False, choices=[("", "Tất cả")] + list(Agency.Kind.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["invalid_choice"] = "Loại cơ quan “%(value)s” không hợp lệ."
