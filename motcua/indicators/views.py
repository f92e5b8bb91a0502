"""Dashboards (city, agency, procedure, the dossiers behind a figure), the public statistics
page and the Excel export. Each reads the selectors; nothing here counts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from motcua.accounts.selectors import managed_agencies, sees_the_city
from motcua.catalogue.models import Procedure
from motcua.indicators import exports, formulas, selectors
from motcua.indicators.selectors import Period, Scope
from motcua.units.models import Agency

GROUPS = {
    "xa": ("Cấp xã, phường", [Agency.Kind.PEOPLES_COMMITTEE]),
    "tinh": (
        "Sở, ban, ngành và trung tâm",
        [Agency.Kind.DEPARTMENT, Agency.Kind.SERVICE_CENTRE, Agency.Kind.POLICE, Agency.Kind.OTHER],
    ),
}


def _period(request) -> Period:
    return Period.parse(request.GET.get("ky"))


def _period_choices() -> list[tuple[str, str]]:
    today = Period.parse(None)
    choices = []
    for year in range(today.year, today.year - 3, -1):
        choices.append((str(year), f"Năm {year}"))
        last = today.last.month if year == today.year else 12
        choices += [(f"{year}-{m:02d}", f"Tháng {m:02d}/{year}") for m in range(last, 0, -1)]
    return choices


def chart(trend: list[dict], width: int = 720, height: int = 200) -> dict:
    """Coordinates for the trend chart (an inline SVG): bars of dossiers received per month and
    a line of the score out of 100."""
    top = max([r["received"] for r in trend] + [1])
    step = width / max(len(trend), 1)
    bars, points = [], []
    for index, row in enumerate(trend):
        bar = round((height - 30) * row["received"] / top)
        x = round(index * step + step * 0.15)
        bars.append(
            {
                **row,
                "x": x,
                "y": height - 20 - bar,
                "height": bar,
                "width": round(step * 0.7),
                "mid": round(x + step * 0.35),
            }
        )
        points.append(f"{round(x + step * 0.35)},{round(height - 20 - (height - 30) * row['points'] / 100)}")
    return {"rows": trend, "bars": bars, "line": " ".join(points), "width": width, "height": height, "top": top}


def _agency_for(request, code: str) -> Agency:
    agency = get_object_or_404(Agency, code=code)
    if not managed_agencies(request.user).filter(pk=agency.pk).exists():
        raise PermissionDenied("Bạn không xem được chỉ số của cơ quan này.")
    return agency


@login_required
def city(request):
    if not sees_the_city(request.user):
        agencies = list(managed_agencies(request.user)[:2])
        if len(agencies) == 1:
            query = request.GET.urlencode()
            return redirect(reverse("indicators:agency", args=[agencies[0].code]) + (f"?{query}" if query else ""))
        raise PermissionDenied(
            "Trang dành cho lãnh đạo thành phố; lãnh đạo, quản trị cơ quan xem trang của cơ quan mình."
        )
    period = _period(request)
    group = request.GET.get("nhom", "")
    scope = Scope.city()
    if group in GROUPS:
        scope = Scope(
            GROUPS[group][0], tuple(Agency.objects.filter(kind__in=GROUPS[group][1]).values_list("pk", flat=True))
        )
    f = selectors.figures(scope, period)
    return render(
        request,
        "indicators/city.html",
        {
            "period": period,
            "periods": _period_choices(),
            "scope": scope,
            "group": group,
            "groups": GROUPS,
            "card": formulas.score(f),
            "figures": f,
            "targets": selectors.targets(f, period.year),
            "trend": chart(selectors.trend(scope, period.last)),
            "agencies": selectors.by_agency(scope, period),
            "due": selectors.due(scope),
        },
    )


@login_required
def agency(request, code):
    agency = _agency_for(request, code)
    period = _period(request)
    scope = Scope.of_agency(agency)
    f = selectors.figures(scope, period)
    return render(
        request,
        "indicators/agency.html",
        {
            "agency": agency,
            "period": period,
            "periods": _period_choices(),
            "scope": scope,
            "city": sees_the_city(request.user),
            "card": formulas.score(f),
            "figures": f,
            "targets": selectors.targets(f, period.year),
            "trend": chart(selectors.trend(scope, period.last)),
            "procedures": selectors.by_procedure(agency, period),
            "due": selectors.due(scope),
        },
    )


WHICH = {
    "received": "Hồ sơ tiếp nhận trong kỳ",
    "late": "Hồ sơ giải quyết xong quá hạn trong kỳ",
    "overdue": "Hồ sơ đang giải quyết đã quá hạn",
}


@login_required
def procedure(request, code, procedure_code):
    agency = _agency_for(request, code)
    procedure = get_object_or_404(Procedure, code=procedure_code)
    period = _period(request)
    which = request.GET.get("loai") if request.GET.get("loai") in WHICH else "received"
    page = Paginator(selectors.dossiers(agency, period, procedure, which), 50).get_page(request.GET.get("trang"))
    rows = selectors.by_procedure(agency, period, procedure)
    return render(
        request,
        "indicators/procedure.html",
        {
            "agency": agency,
            "procedure": procedure,
            "period": period,
            "periods": _period_choices(),
            "row": rows[0] if rows else None,
            "which": which,
            "which_label": WHICH[which],
            "whiches": WHICH,
            "page": page,
            "city": sees_the_city(request.user),
        },
    )


@login_required
def export(request):
    period = _period(request)
    code = request.GET.get("co-quan")
    if code:
        agency = _agency_for(request, code)
        content, name = exports.agency_workbook(agency, period), f"chi-so-{agency.code}-{period.key}.xlsx"
    elif sees_the_city(request.user):
        content, name = exports.city_workbook(period), f"chi-so-thanh-pho-{period.key}.xlsx"
    else:
        raise PermissionDenied("Trang dành cho lãnh đạo thành phố.")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def public(request):
    period = _period(request)
    rows = [
        {
            "agency": r["agency"],
            "received": r["figures"]["received"],
            "finished": r["figures"]["finished"],
            "on_time": r["on_time"],
            "online": r["online"],
        }
        for r in selectors.by_agency(Scope.city(), period)
    ]
    rows.sort(key=lambda r: (-r["received"], r["agency"].name))
    return render(
        request,
        "indicators/public.html",
        {
            "period": period,
            "periods": _period_choices(),
            "totals": selectors.public(period),
            "rows": rows,
            "trend": chart(selectors.trend(Scope.city(), period.last)),
        },
    )
