"""The indicators as JSON: a scope's scorecard, the agencies ranked, the public statistics."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.selectors import managed_agencies, sees_the_city
from motcua.indicators import formulas, selectors
from motcua.indicators.selectors import Period, Scope
from motcua.units.models import Agency

PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, description="Năm (2026: từ đầu năm đến nay) hoặc tháng (2026-11); mặc định năm nay."
)


def _period(request) -> Period:
    try:
        return Period.parse(request.query_params.get("period"), strict=True)
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from error


def scorecard_data(card: formulas.Scorecard) -> dict:
    return {
        "points": card.points,
        "measured_points": card.measured,
        "groups": [
            {
                "code": g.group.code,
                "name": g.group.name,
                "points": g.points,
                "max_points": g.group.points,
                "indicators": [
                    {
                        "code": line.indicator.code,
                        "name": line.indicator.name,
                        "numerator": line.numerator,
                        "denominator": line.denominator,
                        "rate": None if line.rate is None else round(line.rate, 2),
                        "points": line.points,
                        "max_points": line.indicator.points,
                        "measured": line.points is not None,
                        "formula": line.indicator.explain,
                    }
                    for line in g.lines
                ],
            }
            for g in card.groups
        ],
    }


class Indicators(APIView):
    """Điểm Bộ chỉ số 766 của toàn thành phố (lãnh đạo thành phố) hoặc một cơ quan (lãnh đạo, quản
    trị cơ quan đó), với tử số, mẫu số, tỷ lệ, điểm của từng chỉ tiêu và mục tiêu của thành phố."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            PERIOD,
            OpenApiParameter("agency", OpenApiTypes.STR, description="Mã cơ quan; bỏ trống: toàn thành phố."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        period = _period(request)
        code = request.query_params.get("agency")
        if code:
            agency = get_object_or_404(Agency, code=code)
            if not managed_agencies(request.user).filter(pk=agency.pk).exists():
                raise PermissionDenied("Bạn không xem được chỉ số của cơ quan này.")
            scope = Scope.of_agency(agency)
        elif sees_the_city(request.user):
            scope = Scope.city()
        else:
            raise PermissionDenied("Chỉ số toàn thành phố dành cho lãnh đạo thành phố; hãy chọn cơ quan (agency).")
        f = selectors.figures(scope, period)
        return Response(
            {
                "scope": scope.name,
                "agency": code or None,
                "period": period.key,
                **scorecard_data(formulas.score(f)),
                "figures": f,
                "targets": [
                    {
                        "measure": t["target"].measure,
                        "name": t["target"].get_measure_display(),
                        "year": t["target"].year,
                        "target": float(t["target"].percent),
                        "actual": t["actual"],
                        "met": t["met"],
                    }
                    for t in selectors.targets(f, period.year)
                ],
                "overdue": selectors.due(scope)["overdue_count"],
            }
        )


class AgencyRanking(APIView):
    """Các cơ quan xếp theo điểm trong kỳ (lãnh đạo thành phố)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[PERIOD], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        if not sees_the_city(request.user):
            raise PermissionDenied("Dành cho lãnh đạo thành phố.")
        period = _period(request)
        return Response(
            {
                "period": period.key,
                "agencies": [
                    {
                        "code": r["agency"].code,
                        "name": r["agency"].name,
                        "points": r["points"],
                        "received": r["figures"]["received"],
                        "on_time": r["on_time"],
                        "online": r["online"],
                        "groups": {g.group.code: g.points for g in r["card"].groups},
                    }
                    for r in selectors.by_agency(Scope.city(), period)
                ],
            }
        )


class Statistics(APIView):
    """Thống kê công khai của thành phố: hồ sơ tiếp nhận, giải quyết, đúng hạn, trực tuyến."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[PERIOD], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        period = _period(request)
        return Response({"period": period.key, **selectors.public(period)})
