"""Forms of the account pages. They only collect input; accounts.services decides."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from motcua.accounts.models import User
from motcua.core.forms import PlainLabels
from motcua.notifications.channels import configured
from motcua.notifications.models import Channel
from motcua.units.selectors import successor, unit_choices


class SignInForm(PlainLabels, AuthenticationForm):
    username = forms.CharField(
        label="Số định danh cá nhân hoặc mã số thuế",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label="Mật khẩu", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "Số định danh (mã số thuế) hoặc mật khẩu không đúng. Sau nhiều lần sai, tài khoản sẽ bị tạm khóa.",
        "inactive": "Tài khoản này đang bị khóa.",
    }


class RegisterForm(PlainLabels, forms.Form):
    kind = forms.ChoiceField(
        label="Bạn là",
        choices=[(User.Kind.CITIZEN, "Công dân"), (User.Kind.BUSINESS, "Doanh nghiệp, tổ chức")],
        widget=forms.RadioSelect,
        initial=User.Kind.CITIZEN,
    )
    identifier = forms.CharField(
        label="Số định danh cá nhân (công dân) hoặc mã số thuế (doanh nghiệp)",
        max_length=14,
        help_text="Công dân: 12 chữ số trên thẻ căn cước. Doanh nghiệp: mã số thuế 10 hoặc 13 chữ số.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    full_name = forms.CharField(
        label="Họ và tên (hoặc tên doanh nghiệp, tổ chức)",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Thư điện tử", required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Mật khẩu",
        strip=False,
        help_text="Ít nhất 8 ký tự, không toàn chữ số, không quá giống thông tin cá nhân.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Nhập lại mật khẩu", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "Hai lần nhập mật khẩu không khớp.")
        return data


class ResetRequestForm(PlainLabels, forms.Form):
    identifier = forms.CharField(
        label="Số định danh cá nhân, mã số thuế, thư điện tử hoặc số điện thoại", max_length=254
    )
    channel = forms.ChoiceField(label="Nhận mã qua", widget=forms.RadioSelect, initial=Channel.EMAIL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the channels this installation can send on.
        self.fields["channel"].choices = [
            (channel, label)
            for channel, label in [(Channel.EMAIL, "Thư điện tử"), (Channel.SMS, "Tin nhắn SMS")]
            if configured(channel)
        ]


class ResetCodeForm(PlainLabels, forms.Form):
    identifier = forms.CharField(
        label="Số định danh cá nhân, mã số thuế, thư điện tử hoặc số điện thoại", max_length=254
    )
    code = forms.CharField(
        label="Mã xác nhận (6 chữ số)",
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label="Mật khẩu mới", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class ProfileForm(PlainLabels, forms.ModelForm):
    address_unit = forms.ChoiceField(label="Phường, xã", required=False)

    class Meta:
        model = User
        fields = [
            "full_name",
            "date_of_birth",
            "gender",
            "phone",
            "email",
            "address",
            "notify_by_email",
            "notify_by_sms",
            "notify_by_zalo",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address_unit"].choices = [("", "— Chọn phường, xã —"), *unit_choices()]
        unit = successor(self.instance.address_unit)  # an old commune shows as the one that absorbed it
        if unit is not None:
            self.initial["address_unit"] = unit.code


class OpenAccountForm(PlainLabels, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=200)
    national_id = forms.CharField(
        label="Số định danh cá nhân", max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    date_of_birth = forms.DateField(label="Ngày sinh", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    address = forms.CharField(label="Địa chỉ", max_length=300, required=False)


class PlainSetPasswordForm(PlainLabels, SetPasswordForm):
    pass
