from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError

from motcua.units import selectors
from motcua.units.api.serializers import AgencyDetailSerializer, AgencySerializer, UnitDetailSerializer, UnitSerializer
from motcua.units.models import AdministrativeUnit, Agency

BOOLEAN = {"true": True, "1": True, "false": False, "0": False, "": False}


def _choice(params, name: str, choices, label: str) -> str:
    value = params.get(name, "")
    if value and value not in choices:
        raise ValidationError({name: [f"{label} “{value}” không hợp lệ; dùng một trong: {', '.join(choices)}."]})
    return value


class UnitList(generics.ListAPIView):
    """Đơn vị hành chính của Đà Nẵng; tìm theo tên mới hoặc tên cũ (trước 01/7/2025)."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        params = self.request.query_params
        include = params.get("include_legacy", "false").lower()
        if include not in BOOLEAN:
            raise ValidationError({"include_legacy": ["include_legacy phải là true hoặc false."]})
        return selectors.search_units(
            params.get("q", ""),
            level=_choice(params, "level", AdministrativeUnit.Level.values, "Cấp"),
            kind=_choice(params, "kind", AdministrativeUnit.Kind.values, "Loại đơn vị"),
            include_legacy=BOOLEAN[include],
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Tên, có dấu hoặc không dấu, mới hoặc cũ"),
            OpenApiParameter("level", OpenApiTypes.STR, enum=AdministrativeUnit.Level.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=AdministrativeUnit.Kind.values),
            OpenApiParameter("include_legacy", OpenApiTypes.BOOL, description="Gồm cả đơn vị trước 01/7/2025"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class UnitDetail(generics.RetrieveAPIView):
    """Một đơn vị theo mã; đơn vị hiện hành trước, nếu trùng mã với đơn vị cũ."""

    serializer_class = UnitDetailSerializer

    def get_object(self):
        unit = (
            AdministrativeUnit.objects.filter(code=self.kwargs["code"])
            .select_related("parent", "merged_into")
            .order_by(selectors.CURRENT_FIRST)
            .first()
        )
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị hành chính.")
        return unit


class AgencyList(generics.ListAPIView):
    """Cơ quan tiếp nhận, giải quyết thủ tục: sở, ngành, UBND xã/phường, trung tâm phục vụ hành chính công."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        params = self.request.query_params
        agencies = selectors.directory(
            params.get("q", ""), kind=_choice(params, "kind", Agency.Kind.values, "Loại cơ quan")
        )
        if unit := params.get("unit"):
            if not AdministrativeUnit.objects.filter(code=unit).exists():
                raise ValidationError({"unit": [f"Không có đơn vị hành chính mã “{unit}”."]})
            agencies = agencies.filter(unit__code=unit)
        return agencies

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Tên cơ quan, hoặc tên xã/phường mới hoặc cũ"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Agency.Kind.values),
            OpenApiParameter("unit", OpenApiTypes.STR, description="Mã đơn vị hành chính"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AgencyDetail(generics.RetrieveAPIView):
    """Một cơ quan theo mã (định dạng Quyết định 20/2020/QĐ-TTg)."""

    serializer_class = AgencyDetailSerializer

    def get_object(self):
        agency = selectors.agency_detail(self.kwargs["code"])
        if agency is None:
            raise NotFound("Không tìm thấy cơ quan.")
        return agency
