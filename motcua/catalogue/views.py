from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from motcua.catalogue import routing, selectors
from motcua.catalogue.forms import ProcedureSearchForm
from motcua.catalogue.models import OnlineLevel

PAGE_SIZE = 20
POPULAR_SEARCHES = [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Chứng thực bản sao",
    "Cấp giấy phép xây dựng",
    "Đăng ký thường trú",
    "Phiếu lý lịch tư pháp",
    "Đăng ký hộ kinh doanh",
]


def home(request):
    return render(
        request,
        "catalogue/home.html",
        {
            "stats": selectors.catalogue_stats(),
            "fields": selectors.fields_with_counts(),
            "popular": POPULAR_SEARCHES,
            "form": ProcedureSearchForm(),
        },
    )


def search(request):
    """The search page. Everything in it but the site layout depends on the query alone, so it
    is rendered once per query and catalogue revision."""
    form = ProcedureSearchForm(request.GET)

    def body():
        page = None
        if form.is_valid():
            results = selectors.search_procedures(**form.search_arguments())
            page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"form": form, "page": page, "query": query.urlencode(), "portal": settings.MOTCUA_SITE}
        results = render_to_string("catalogue/_results.html", context)
        return {
            "valid": form.is_valid(),
            "results": results,
            "form": render_to_string("catalogue/_search_form.html", {"form": form}),
        }

    # Refused queries are not kept: an agency or field created later makes them valid.
    rendered = selectors.cached("page-search", str(sorted(request.GET.lists())), body, keep=lambda r: r["valid"])
    status = 200 if rendered["valid"] else 400
    if request.htmx:
        return HttpResponse(rendered["results"], status=status)
    return render(
        request, "catalogue/search.html", {"rendered": rendered, "query_text": request.GET.get("q", "")}, status=status
    )


def detail(request, code):
    procedure = selectors.procedure_detail(code)
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục.")
    documents_by_group = {}
    for document in procedure.documents.all():
        documents_by_group.setdefault(document.group, []).append(document)
    agencies = list(procedure.agencies.all())
    # A central body's branch receives it: the page says where to go instead of offering the form.
    elsewhere = [
        {"agency": agency, "host": urlsplit(agency.online_service_url).netloc}
        for agency in routing.handled_elsewhere(procedure)
    ]
    commune_kinds = {agency.get_kind_display() for agency in agencies if agency.unit.level == "commune"}
    return render(
        request,
        "catalogue/detail.html",
        {
            "procedure": procedure,
            "documents_by_group": documents_by_group,
            "agencies": agencies,
            "commune_agencies": " và ".join(sorted(commune_kinds)),
            "elsewhere": elsewhere,
            "index_only": procedure.is_index_only,
            "online_submission": not elsewhere
            and not procedure.is_index_only
            and procedure.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL),
        },
    )
