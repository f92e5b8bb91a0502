"""Engagement over the API: rating a dossier, feedback (send, track, published answers), queue
tickets and the hall's board, the ratings report, and the map's service points."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django_ratelimit.core import is_ratelimited
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.selectors import managed_agencies
from motcua.dossiers import selectors as dossier_selectors
from motcua.engagement import feedback, queue, selectors, services
from motcua.engagement.forms import FeedbackForm, RatingForm, ReportForm
from motcua.engagement.models import Feedback, Ticket
from motcua.units.models import Agency
from motcua.units.selectors import map_points


def _form_or_400(form):
    if not form.is_valid():
        raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.cleaned_data


class DossierRating(APIView):
    """Đánh giá mức độ hài lòng với hồ sơ đã có kết quả: overall (1–5), information, time,
    attitude, cost, result (1–5, không bắt buộc), comment. Một lần cho mỗi hồ sơ."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=inline_serializer(
            "RatingInput",
            {
                "overall": serializers.IntegerField(min_value=1, max_value=5),
                "comment": serializers.CharField(required=False),
                **{
                    name: serializers.IntegerField(required=False, min_value=1, max_value=5)
                    for name in ("information", "time", "attitude", "cost", "result")
                },
            },
        ),
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request, code):
        dossier = dossier_selectors.dossier_for(request.user, code)
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        rating = services.rate_dossier(dossier, request.user, **_form_or_400(RatingForm(request.data)))
        return Response(
            {"dossier": dossier.code, "overall": rating.overall, "created_at": rating.created_at}, status=201
        )


def _feedback_public(item: Feedback) -> dict:
    return {
        "code": item.code,
        "agency": item.agency.name,
        "state": item.state,
        "state_label": item.get_state_display(),
        "created_at": item.created_at,
        "due_at": item.due_at,
        "title": item.public_title or item.title,
        "answer": item.public_answer or (item.answer if item.state != Feedback.State.OPEN else ""),
        "answered_at": item.answered_at,
    }


class FeedbackCreate(APIView):
    """Gửi phản ánh, kiến nghị (có thể ẩn danh; tệp đính kèm ở trường files). Trả về mã tra cứu."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=inline_serializer(
            "FeedbackInput",
            {
                "about": serializers.ChoiceField(choices=Feedback.About.choices),
                "title": serializers.CharField(),
                "content": serializers.CharField(),
                "procedure": serializers.CharField(required=False),
                "agency": serializers.IntegerField(required=False),
                "officer_name": serializers.CharField(required=False),
                "name": serializers.CharField(required=False),
                "phone": serializers.CharField(required=False),
                "email": serializers.EmailField(required=False),
                "files": serializers.ListField(child=serializers.FileField(), required=False),
            },
        ),
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        if is_ratelimited(request, group="feedback", key="ip", rate=settings.MOTCUA_FEEDBACK_RATE, increment=True):
            raise Throttled(detail="Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau.")
        data = _form_or_400(FeedbackForm(request.data))
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        item = feedback.submit(**data, sender=request.user if request.user.is_authenticated else None, files=files)
        return Response(_feedback_public(item), status=201)


class FeedbackDetail(APIView):
    """Tình trạng và trả lời của một phản ánh, theo mã."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        return Response(
            _feedback_public(get_object_or_404(Feedback.objects.select_related("agency"), code=code.upper()))
        )


class FeedbackAnswers(APIView):
    """Các trả lời đã công khai (thông tin cá nhân đã được ẩn), tìm có dấu hoặc không dấu."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[OpenApiParameter("q", OpenApiTypes.STR)], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        items = feedback.published(request.query_params.get("q", ""))[:50]
        return Response([{**_feedback_public(i), "question": i.public_question} for i in items])


class TicketDetail(APIView):
    """Một số thứ tự: tình trạng, quầy được mời đến, số người đang chờ trước."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, public_id):
        ticket = get_object_or_404(Ticket.objects.select_related("origin", "service", "counter"), public_id=public_id)
        return Response(
            {
                "number": ticket.code,
                "service": ticket.service.name,
                "state": ticket.state,
                "counter": str(ticket.counter) if ticket.counter else None,
                "ahead": queue.ahead_of(ticket),
            }
        )


class Board(APIView):
    """Màn hình gọi số của một nơi tiếp nhận: số đang được gọi ở từng quầy và số người chờ theo lĩnh vực."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, code):
        board = queue.board(get_object_or_404(Agency, code=code, is_active=True))
        return Response(
            {
                "called": [
                    {"number": t.code, "counter": str(t.counter), "called_at": t.called_at} for t in board["called"]
                ],
                "waiting": [{"service": str(s), "count": n} for s, n in board["waiting"]],
            }
        )


class RatingReport(APIView):
    """Báo cáo mức độ hài lòng theo cơ quan, quầy hoặc cán bộ (lãnh đạo, quản trị cơ quan, lãnh đạo thành phố)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            OpenApiParameter("by", OpenApiTypes.STR, enum=["agency", "counter", "officer"]),
            OpenApiParameter("agency", OpenApiTypes.INT),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        agencies = managed_agencies(request.user)
        if not agencies.exists():
            raise PermissionDenied("Dành cho lãnh đạo, quản trị cơ quan và lãnh đạo thành phố.")
        data = _form_or_400(ReportForm(request.query_params, agencies=agencies))
        chosen = [data["agency"]] if data["agency"] else agencies
        return Response(selectors.report(chosen, data["start"], data["end"], by=data["by"] or "agency"))


class ServicePoints(APIView):
    """Các điểm tiếp nhận hồ sơ (UBND xã, phường; trung tâm phục vụ hành chính công) với địa chỉ,
    điện thoại, giờ làm việc, tọa độ đại diện và số thủ tục."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(map_points())
