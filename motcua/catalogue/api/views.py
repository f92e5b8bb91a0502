import json

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, pagination, permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from motcua.catalogue import quality, selectors
from motcua.catalogue.api.serializers import (
    FieldSerializer,
    ProcedureDetailSerializer,
    ProcedureListSerializer,
    QualityReportSerializer,
    QualityRowSerializer,
)
from motcua.catalogue.forms import ProcedureSearchForm, QualityFilterForm
from motcua.catalogue.models import Channel, Fee

SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Từ khóa, có dấu hoặc không dấu; hoặc một mã thủ tục"),
    OpenApiParameter("field", OpenApiTypes.STR, description="Mã lĩnh vực (slug, xem /api/v1/fields)"),
    OpenApiParameter("level", OpenApiTypes.STR, enum=["city", "commune"], description="Cấp thực hiện"),
    OpenApiParameter("agency", OpenApiTypes.STR, description="Mã cơ quan thực hiện (xem /api/v1/agencies)"),
    OpenApiParameter("online", OpenApiTypes.STR, enum=["full", "partial", "none"], description="Mức độ trực tuyến"),
    OpenApiParameter("applicant", OpenApiTypes.STR, description="Đối tượng: citizen, business, organization, ..."),
]


def plain(data):
    """Serializer output as plain JSON values: cheap to keep in a cache and to read back."""
    return json.loads(JSONRenderer().render(data))


class ProcedureList(generics.ListAPIView):
    """Tìm thủ tục hành chính; kết quả xếp theo mức độ khớp với tên thủ tục."""

    serializer_class = ProcedureListSerializer

    def get_queryset(self):
        form = ProcedureSearchForm(self.request.query_params)
        if not form.is_valid():  # checked on a cache miss only: invalid queries are never cached
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return selectors.search_procedures(**form.search_arguments()).prefetch_related(
            Prefetch("fees", queryset=Fee.objects.order_by("order")),
            Prefetch("channels", queryset=Channel.objects.order_by("order")),
        )

    @extend_schema(parameters=SEARCH_PARAMETERS)
    def get(self, request, *args, **kwargs):
        # The same question gets the same answer until the catalogue changes.
        key = f"{request.get_host()}?{sorted(request.query_params.lists())}"
        data = selectors.cached("api-search", key, lambda: plain(self.list(request, *args, **kwargs).data))
        return Response(data)


class ProcedureDetail(generics.RetrieveAPIView):
    """Một thủ tục theo mã quốc gia (ví dụ 1.001193) hoặc theo id."""

    serializer_class = ProcedureDetailSerializer
    lookup_field = "code"

    def get_object(self):
        key = self.kwargs["code"]
        if key.isdigit():
            procedure = selectors.published().filter(pk=int(key)).values_list("code", flat=True).first()
            key = procedure or ""
        procedure = selectors.procedure_detail(key)
        if procedure is None:
            raise NotFound("Không tìm thấy thủ tục.")
        return procedure


class FieldList(generics.ListAPIView):
    """Các lĩnh vực có thủ tục đang công bố, với số thủ tục."""

    serializer_class = FieldSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.fields_with_counts()


class EditsTheCatalogue(permissions.BasePermission):
    message = "Dành cho cán bộ biên tập danh mục thủ tục hành chính."

    def has_permission(self, request, view):
        return quality.edits_the_catalogue(request.user)


QUALITY_PARAMETERS = [
    OpenApiParameter("group", OpenApiTypes.STR, description="Mã cơ quan, hoặc xa-ubnd, xa-cong-an, chua-giao"),
    OpenApiParameter("field", OpenApiTypes.STR, description="Mã lĩnh vực (slug)"),
    OpenApiParameter("record_status", OpenApiTypes.STR, enum=["full", "index_only"], description="Mức đầy đủ"),
    OpenApiParameter(
        "problem",
        OpenApiTypes.STR,
        enum=["blocking", *quality.KINDS],
        description="Vấn đề (blocking: có vấn đề chặn xử lý)",
    ),
    OpenApiParameter("page", OpenApiTypes.INT, description="Trang (50 thủ tục một trang)"),
]


class QualityPagination(pagination.PageNumberPagination):
    page_size = 50


class QualityReport(generics.GenericAPIView):
    """Chất lượng bản ghi: mỗi thủ tục đang công bố với các vấn đề chặn xử lý hồ sơ và cảnh báo
    (cho cán bộ biên tập danh mục)."""

    permission_classes = [EditsTheCatalogue]
    pagination_class = QualityPagination
    serializer_class = QualityRowSerializer

    @extend_schema(parameters=QUALITY_PARAMETERS, responses=QualityReportSerializer)
    def get(self, request):
        report = quality.catalogue_report()
        form = QualityFilterForm(request.query_params, report=report)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        filters = form.filters()
        scope = report.filtered(**{**filters, "problem": ""})
        page = self.paginate_queryset(report.filtered(**filters))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        figures = quality.totals(scope)
        response.data["totals"] = {
            "procedures": figures.procedures,
            "full": figures.full,
            "full_due_date": figures.full_due_date,
            "ready": figures.ready,
        }
        response.data["problems"] = [
            {"code": kind.code, "label": kind.label, "blocking": kind.blocking, "count": count}
            for kind, count in quality.problem_counts(scope)
        ]
        return response
