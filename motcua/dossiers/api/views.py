"""Dossiers over the API: the same services as the web pages, token or session auth."""

from django.contrib.auth import authenticate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts import services as accounts
from motcua.catalogue.selectors import procedure_detail
from motcua.documents.models import StoreItem
from motcua.dossiers import selectors, services
from motcua.dossiers.api.serializers import (
    DossierCreateSerializer,
    DossierListSerializer,
    DossierSerializer,
    OnBehalfSerializer,
    PublicStatusSerializer,
    SupplementSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    WithdrawSerializer,
)
from motcua.dossiers.limits import lookup_limited
from motcua.units.models import Agency


def _files_by_document(request) -> dict[int, list]:
    files = {}
    for key in request.FILES:
        order = key.removeprefix("document_")
        if not key.startswith("document_") or not order.isdigit():
            raise ValidationError({key: ["Tên trường tệp phải có dạng document_<số thứ tự thành phần hồ sơ>."]})
        files[int(order)] = request.FILES.getlist(key)
    return files


class TokenView(APIView):
    """Đổi tên đăng nhập và mật khẩu lấy mã truy cập (header: Authorization: Token <mã>)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Sai thông tin"),
            403: OpenApiResponse(description="Tạm khóa"),
        },
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {"detail": "Tài khoản tạm khóa đăng nhập do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau."},
                status=403,
            )
        if user is None:
            raise ValidationError({"password": ["Tên đăng nhập hoặc mật khẩu không đúng."]})
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class DossierList(generics.ListCreateAPIView):
    """Hồ sơ của tôi (GET) và nộp hồ sơ mới (POST, có thể kèm header Idempotency-Key)."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_serializer_class(self):
        return DossierCreateSerializer if self.request.method == "POST" else DossierListSerializer

    def get_queryset(self):
        return selectors.my_dossiers(self.request.user).exclude(status=0)

    @extend_schema(
        request={"multipart/form-data": DossierCreateSerializer, "application/json": DossierCreateSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Gửi lại cùng khóa không tạo hồ sơ thứ hai",
            )
        ],
        responses={201: DossierSerializer, 200: DossierSerializer},
    )
    def post(self, request):
        data = DossierCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        procedure = procedure_detail(values["procedure"])
        if procedure is None:
            raise ValidationError({"procedure": ["Không có thủ tục với mã này."]})
        services.refuse_if_handled_elsewhere(procedure)  # before an applicant's account is opened
        agency = None
        if values.get("agency"):
            agency = Agency.objects.filter(code=values["agency"]).first()
            if agency is None:
                raise ValidationError({"agency": ["Không có cơ quan với mã này."]})
        applicant = None
        if values.get("on_behalf_of"):
            who = OnBehalfSerializer(data=values["on_behalf_of"])
            if not who.is_valid():
                raise ValidationError({"on_behalf_of": who.errors})
            if request.user.kind == "agent" and not values.get("consent_method", "").strip():
                # Checked before the applicant's account is looked up or opened: a refusal changes nothing.
                raise ValidationError(
                    {"consent_method": ["Vui lòng ghi rõ người yêu cầu đã đồng ý cho nộp thay như thế nào."]}
                )
            applicant = (
                accounts.find_or_open(request.user, **who.validated_data) if request.user.kind == "agent" else None
            )
            if applicant is None:
                raise ValidationError({"on_behalf_of": ["Chỉ đại lý dịch vụ công được nộp hồ sơ thay người khác."]})
        uploads = [(order, f) for order, files in _files_by_document(request).items() for f in files]
        store_items = []
        for entry in values.get("store_items") or []:
            item = StoreItem.objects.filter(pk=entry.get("item") if isinstance(entry, dict) else None).first()
            if item is None:
                raise ValidationError({"store_items": ["Không tìm thấy giấy tờ trong kho dữ liệu."]})
            store_items.append((entry.get("document"), item))
        # A service's ValidationError becomes a 400 with field messages in core.api.exception_handler.
        result = services.submit_new(
            procedure,
            user=request.user,
            form_values=values["form_data"],
            uploads=uploads,
            store_items=store_items,
            applicant=applicant,
            consent_method=values.get("consent_method", ""),
            delivery=values["delivery"],
            delivery_address=values.get("delivery_address", ""),
            agency=agency,
            fee_exemption=values.get("fee_exemption", ""),
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        body = DossierSerializer(result.dossier, context={"request": request}).data
        response = Response(body, status=status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class DossierDetail(generics.RetrieveAPIView):
    """Một hồ sơ: trạng thái, diễn biến, tệp, yêu cầu bổ sung. Mỗi lần xem được ghi nhật ký."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DossierSerializer

    def get_object(self):
        dossier = selectors.dossier_for(self.request.user, self.kwargs["code"])
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        services.log_access(dossier, self.request.user, channel="api", action="xem hồ sơ")
        return dossier


class _DossierAction(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def dossier(self, code):
        dossier = selectors.dossier_for(self.request.user, code)
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        return dossier

    def respond(self, dossier):
        dossier.refresh_from_db()
        return Response(DossierSerializer(dossier, context={"request": self.request}).data)


class DossierSupplement(_DossierAction):
    """Nộp bổ sung đúng các giấy tờ được yêu cầu (tệp: document_<số thứ tự>)."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": SupplementSerializer}, responses=DossierSerializer)
    def post(self, request, code):
        dossier = self.dossier(code)
        services.answer_supplement(
            dossier, user=request.user, files=_files_by_document(request), note=request.data.get("note", "")
        )
        return self.respond(dossier)


class DossierWithdraw(_DossierAction):
    """Yêu cầu rút hồ sơ (trạng thái 7)."""

    @extend_schema(request=WithdrawSerializer, responses=DossierSerializer)
    def post(self, request, code):
        dossier = self.dossier(code)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_withdrawal(dossier, user=request.user, reason=data.validated_data["reason"])
        return self.respond(dossier)


class DossierCancelWithdrawal(_DossierAction):
    """Thôi đề nghị rút hồ sơ: hồ sơ trở lại đúng bước và người đang giải quyết trước đó."""

    @extend_schema(request=None, responses=DossierSerializer)
    def post(self, request, code):
        dossier = self.dossier(code)
        services.cancel_withdrawal(dossier, user=request.user)
        return self.respond(dossier)


class DossierStatus(APIView):
    """Tra cứu công khai: mã hồ sơ và số điện thoại (hoặc số định danh) của người nộp. Không trả dữ liệu cá nhân."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, required=True, description="Mã hồ sơ"),
            OpenApiParameter("phone", OpenApiTypes.STR, description="Số điện thoại của người nộp"),
            OpenApiParameter("id", OpenApiTypes.STR, description="Hoặc số định danh cá nhân"),
        ],
        responses={
            200: PublicStatusSerializer,
            404: OpenApiResponse(description="Không tìm thấy"),
            429: OpenApiResponse(description="Quá nhiều lần tra cứu"),
        },
    )
    def get(self, request):
        if lookup_limited(request._request):
            raise Throttled(detail="Bạn tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau một phút.")
        code = request.query_params.get("code", "").strip()
        contact = request.query_params.get("phone") or request.query_params.get("id") or ""
        errors = {}
        if not code:
            errors["code"] = ["Vui lòng nhập mã hồ sơ."]
        if not contact.strip():
            errors["phone"] = ["Vui lòng nhập số điện thoại hoặc số định danh (tham số id) của người nộp."]
        if errors:
            raise ValidationError(errors)
        dossier = selectors.public_status(code, contact)
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ với mã và thông tin đã nhập.")
        return Response(PublicStatusSerializer(dossier).data)
