from rest_framework import serializers

from motcua.payments.models import Payment, Refund
from motcua.payments.services import PROVIDERS


class RefundSerializer(serializers.ModelSerializer):
    refunded_by = serializers.CharField(source="refunded_by.full_name")

    class Meta:
        model = Refund
        fields = ["amount", "reason", "reference", "refunded_by", "created_at"]


class PaymentSerializer(serializers.ModelSerializer):
    refunds = RefundSerializer(many=True, read_only=True)
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Payment
        fields = [
            "reference",
            "amount",
            "description",
            "provider",
            "state",
            "state_label",
            "gateway_transaction",
            "bank_code",
            "created_at",
            "confirmed_at",
            "receipt_number",
            "refunds",
        ]


class CheckoutSerializer(serializers.Serializer):
    provider = serializers.ChoiceField(
        choices=list(PROVIDERS.items()), error_messages={"invalid_choice": "Cổng thanh toán không hợp lệ."}
    )
    return_url = serializers.URLField(
        required=False, help_text="Nơi cổng thanh toán đưa người dùng về (mặc định trang của motcua)."
    )


class CheckoutAnswerSerializer(serializers.Serializer):
    reference = serializers.CharField()
    url = serializers.URLField(help_text="Trang thanh toán của cổng: mở cho người dùng.")


class ReconciliationRowSerializer(serializers.Serializer):
    dossier = serializers.CharField(source="dossier.code")
    reference = serializers.CharField()
    amount = serializers.IntegerField()
    provider = serializers.CharField()
    state = serializers.CharField()
    gateway_transaction = serializers.CharField()
    confirmed_at = serializers.DateTimeField()
    receipt_number = serializers.CharField()
    calls = serializers.IntegerField(help_text="Số lần cổng gọi lại hoặc được tra cứu")
