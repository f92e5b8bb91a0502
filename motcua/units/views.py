from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from motcua.units import selectors
from motcua.units.forms import DirectoryForm
from motcua.units.models import AdministrativeUnit


def directory(request):
    form = DirectoryForm(request.GET)
    page, legacy_units = None, []
    if form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        page = Paginator(selectors.directory(q, kind=kind), 20).get_page(request.GET.get("page"))
        if q:
            legacy_units = selectors.legacy_units(q)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "units/directory.html",
        {"form": form, "page": page, "legacy_units": legacy_units, "query": query.urlencode()},
        status=200 if form.is_valid() else 400,
    )


def agency_detail(request, code):
    agency = selectors.agency_detail(code)
    if agency is None:
        raise Http404("Không tìm thấy cơ quan.")
    return render(request, "units/agency_detail.html", {"agency": agency})


def unit_detail(request, code):
    # A legacy unit may share its code with the unit that absorbed it: ?cu=1 asks for the legacy one.
    units = AdministrativeUnit.objects.filter(code=code, valid_to__isnull=not request.GET.get("cu"))
    unit = units.select_related("merged_into", "parent").first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị hành chính.")
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "service_point": selectors.service_point(unit) if unit.level == AdministrativeUnit.Level.COMMUNE else None,
            "predecessors": unit.predecessors.order_by("search_name"),
            "successors": unit.successors.order_by("search_name"),
        },
    )


def service_map(request):
    """The communes' and wards' service points on a map (Leaflet, tiles from MOTCUA_MAP_TILES), and
    the same as a list, which is all there is when tiles are off or scripts do not run."""
    from django.conf import settings

    points = selectors.map_points()
    return render(
        request,
        "units/map.html",
        {
            "points": points,
            "located": sum(1 for p in points if p["lat"] is not None),
            "map_config": {
                "tiles": settings.MOTCUA_MAP_TILES,
                "attribution": settings.MOTCUA_MAP_ATTRIBUTION,
                "centre": [16.05, 108.0],
                "zoom": 9,
            },
        },
    )
