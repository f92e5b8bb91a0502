"""The back office over the API: an officer's queues, and the same actions as the work page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.dossiers import lifecycle
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.api.serializers import DossierListSerializer, DossierSerializer
from motcua.units.models import Agency
from motcua.workflow import actions, selectors, services
from motcua.workflow.models import Apology, Transfer


class IsOfficer(permissions.IsAuthenticated):
    message = "Chỉ cán bộ, công chức dùng được API này."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.memberships.exists()


class Inbox(APIView):
    """Các hàng đợi hồ sơ của cán bộ (số lượng) và một trang của hàng đợi được chọn."""

    permission_classes = [IsOfficer]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "queue",
                OpenApiTypes.STR,
                description="tiep-nhan, rut, bo-sung, nop-phi, tra-ket-qua, phan-cong, xu-ly, phe-duyet, xin-loi, lien-thong, tat-ca",
            ),
            OpenApiParameter("state", OpenApiTypes.INT, description="Trạng thái 1–10"),
            OpenApiParameter("due", OpenApiTypes.STR, enum=["qua-han", "tuan-nay"]),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=inline_serializer(
            "Inbox",
            {
                "queues": serializers.ListField(child=serializers.DictField()),
                "queue": serializers.CharField(),
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "results": DossierListSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        state = request.query_params.get("state", "")
        if state and not (state.isdigit() and 1 <= int(state) <= 10):
            raise ValidationError({"state": ["Trạng thái phải là một số từ 1 đến 10."]})
        queues, chosen, rows = selectors.inbox_page(
            request.user,
            queue=request.query_params.get("queue", ""),
            state=state,
            due=request.query_params.get("due", ""),
            page=request.query_params.get("page", 1),
        )
        return Response(
            {
                "queues": [
                    {"key": q["key"], "title": q["title"], "count": q["count"], "more": q["more"]} for q in queues
                ],
                "queue": chosen["key"] if chosen else None,
                "count": chosen["count"] if chosen else 0,
                "page": rows.number if rows else 1,
                "results": DossierListSerializer(
                    rows.object_list if rows else [], many=True, context={"request": request}
                ).data,
            }
        )


ACTIONS = {
    "receive": lambda user, d, data: services.receive(d, user),
    "refuse": lambda user, d, data: services.refuse(d, user, data.get("reason", "")),
    "supplement": lambda user, d, data: services.ask_supplement(
        d, user, reason=data.get("reason", ""), orders=list(data.get("documents", []))
    ),
    "assign": lambda user, d, data: services.assign(
        d,
        user,
        actions.pick(User, "specialist", "Vui lòng chọn một chuyên viên của cơ quan.", pk=data.get("specialist")),
    ),
    "propose": lambda user, d, data: services.propose(d, user, data.get("note", "")),
    "send_back": lambda user, d, data: services.send_back(d, user, data.get("reason", "")),
    "approve": lambda user, d, data: services.approve_and_sign(d, user),
    "payment": lambda user, d, data: services.request_payment(
        d, user, amount=int(data.get("amount") or 0), reason=data.get("reason", "")
    ),
    "paid": lambda user, d, data: services.payment_received(d, user, note=data.get("note", "")),
    "transfer": lambda user, d, data: services.transfer(
        d,
        user,
        to_agency=actions.pick(Agency, "to_agency", "Vui lòng chọn cơ quan phối hợp.", code=data.get("to_agency", "")),
        request=data.get("request", ""),
        share=int(data.get("share") or 30),
    ),
    "answer_transfer": lambda user, d, data: services.answer_transfer(
        actions.pick(
            Transfer, "transfer", "Không có nội dung liên thông này ở hồ sơ.", pk=data.get("transfer"), dossier=d
        ),
        user,
        data.get("answer", ""),
    ),
    "hand_over": lambda user, d, data: services.hand_over(d, user, data.get("tracking", "")),
    "apology": lambda user, d, data: services.sign_apology(
        actions.pick(
            Apology, "apology", "Hồ sơ không có văn bản xin lỗi nào chờ ký.", dossier=d, signed_at__isnull=True
        ),
        user,
        reason=data.get("reason", ""),
        new_due_at=actions.moment(data.get("new_due_at")),
    ),
    "note": lambda user, d, data: services.add_note(d, user, data.get("text", "")),
    "stop": lambda user, d, data: services.stop(d, user, data.get("reason", "")),
}


class DossierAction(APIView):
    """Một thao tác của cán bộ trên hồ sơ: receive, refuse, supplement, assign, propose, send_back,
    approve, payment, paid, transfer, answer_transfer, apology, note, hand_over, stop, refund (bảng vòng
    đời hồ sơ: docs/lifecycle.md; trường ``actions`` của hồ sơ trả về các thao tác được phép lúc này).
    Sai vai trò: 403; sai trạng thái hoặc thiếu thông tin: 400, không thay đổi gì."""

    permission_classes = [IsOfficer]

    @extend_schema(
        request=inline_serializer(
            "DossierActionInput",
            {
                "reason": serializers.CharField(required=False),
                "documents": serializers.ListField(child=serializers.IntegerField(), required=False),
                "specialist": serializers.IntegerField(required=False),
                "note": serializers.CharField(required=False),
                "amount": serializers.IntegerField(required=False),
                "to_agency": serializers.CharField(required=False),
                "request": serializers.CharField(required=False),
                "share": serializers.IntegerField(required=False),
                "transfer": serializers.IntegerField(required=False),
                "answer": serializers.CharField(required=False),
                "tracking": serializers.CharField(required=False),
                "payment": serializers.CharField(required=False),
                "refund_reference": serializers.CharField(required=False),
                "text": serializers.CharField(required=False),
                "new_due_at": serializers.DateTimeField(required=False),
            },
        ),
        responses=DossierSerializer,
    )
    def post(self, request, code, action):
        handler = ACTIONS.get(action) or actions.API.get(action)
        if handler is None:
            raise NotFound("Không có thao tác này.")
        dossier = dossier_selectors.dossier_for(request.user, code)
        if dossier is None or dossier.is_draft:
            raise NotFound("Không tìm thấy hồ sơ trong các cơ quan của bạn.")
        # Refusals raised by the table or the services become 403 / 400 in DRF's and core.api's
        # exception handler; the table is asked first, so its reason comes before any input's.
        lifecycle.check(dossier, action, request.user)
        handler(request.user, dossier, request.data)
        dossier.refresh_from_db()
        dossier_services.log_access(dossier, request.user, channel="api", action=f"thao tác {action}")
        return Response(DossierSerializer(dossier, context={"request": request}).data)
