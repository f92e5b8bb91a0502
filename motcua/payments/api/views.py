"""Payments over the API: a dossier's payments, starting one at a gateway, and the agency's
daily reconciliation."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.payments import reports, selectors, services
from motcua.payments.api.serializers import (
    CheckoutAnswerSerializer,
    CheckoutSerializer,
    PaymentSerializer,
    ReconciliationRowSerializer,
)
from motcua.payments.forms import ReconciliationForm


def _dossier(request, code):
    dossier = dossier_selectors.dossier_for(request.user, code)
    if dossier is None or dossier.is_draft:
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier


class DossierPayments(APIView):
    """Các khoản phí, lệ phí của hồ sơ: tình trạng, biên lai, hoàn trả (người nộp và cán bộ xử lý)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=PaymentSerializer(many=True))
    def get(self, request, code):
        dossier = _dossier(request, code)
        dossier_services.log_access(dossier, request.user, channel="api", action="xem thanh toán")
        return Response(PaymentSerializer(selectors.of_dossier(dossier), many=True).data)


class DossierCheckout(APIView):
    """Bắt đầu thanh toán khoản phí đang chờ qua VNPay hoặc Nền tảng thanh toán (paygov); trả về
    trang thanh toán. Kết quả đến qua IPN/CONFIRM, không qua trang trả về."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CheckoutSerializer, responses=CheckoutAnswerSerializer)
    def post(self, request, code):
        dossier = _dossier(request, code)
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        provider = data.validated_data["provider"]
        back = "payments:vnpay_return" if provider == "vnpay" else "payments:paygov_return"
        payment = services.pending_for(dossier, request.user)
        url = services.checkout_url(
            payment,
            provider,
            client_ip=request.META.get("REMOTE_ADDR", ""),
            return_url=data.validated_data.get("return_url") or request.build_absolute_uri(reverse(back)),
        )
        return Response({"reference": payment.reference, "url": url})


class Reconciliation(APIView):
    """Đối soát thanh toán một ngày của một cơ quan (quản trị và lãnh đạo cơ quan)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("agency", OpenApiTypes.INT, required=True),
            OpenApiParameter("day", OpenApiTypes.DATE, required=True),
        ],
        responses=ReconciliationRowSerializer(many=True),
    )
    def get(self, request):
        agencies = selectors.reporting_agencies(request.user)
        if not agencies.exists():
            raise PermissionDenied("Dành cho quản trị và lãnh đạo cơ quan.")
        form = ReconciliationForm(request.query_params, agencies=agencies)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        rows = reports.day_payments(form.cleaned_data["agency"], form.cleaned_data["day"])
        return Response(ReconciliationRowSerializer(rows, many=True).data)
