from django import forms

from motcua.accounts.validators import validate_national_id
from motcua.core.forms import PlainLabels
from motcua.dossiers.models import Delivery


class OnBehalfForm(PlainLabels, forms.Form):
    """An agent names the person they submit for, and how that person agreed."""

    national_id = forms.CharField(
        label="Số định danh cá nhân của người yêu cầu",
        max_length=12,
        validators=[validate_national_id],
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    full_name = forms.CharField(label="Họ và tên người yêu cầu", max_length=200)
    phone = forms.CharField(label="Số điện thoại của người yêu cầu", max_length=20)
    consent_method = forms.CharField(
        label="Sự đồng ý của người yêu cầu",
        max_length=300,
        help_text="Ví dụ: giấy ủy quyền ký ngày 20/11/2026; người yêu cầu ký vào phiếu đề nghị tại bưu cục.",
    )


class DeliveryForm(PlainLabels, forms.Form):
    agency = forms.ChoiceField(label="Cơ quan tiếp nhận hồ sơ")
    delivery = forms.ChoiceField(label="Hình thức nhận kết quả", choices=Delivery.choices, widget=forms.RadioSelect)
    delivery_address = forms.CharField(
        label="Địa chỉ nhận kết quả (khi nhận qua bưu chính)",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    fee_exemption = forms.CharField(
        label="Thuộc đối tượng miễn, giảm phí, lệ phí (ghi rõ căn cứ, nếu có)",
        max_length=300,
        required=False,
        help_text="Ví dụ: người có công với cách mạng; hộ nghèo. Cán bộ kiểm tra khi tiếp nhận; không miễn thì đề nghị nộp sau.",
    )

    def __init__(self, *args, agencies=(), fee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        if not (fee and fee.amount):
            del self.fields["fee_exemption"]


class WithdrawForm(PlainLabels, forms.Form):
    reason = forms.CharField(label="Lý do rút hồ sơ", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class LookupForm(PlainLabels, forms.Form):
    code = forms.CharField(
        label="Mã hồ sơ", max_length=40, help_text="In trên giấy tiếp nhận, ví dụ 000.23.00.H17-261125-0001."
    )
    contact = forms.CharField(label="Số điện thoại hoặc số định danh cá nhân của người nộp", max_length=20)
