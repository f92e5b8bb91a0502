from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from motcua.catalogue import routing, selectors
from motcua.catalogue.forms import ProcedureSearchForm

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


def _options_url(name: str, selected: str) -> str:
    query = urlencode({"r": selectors.catalogue_revision(), **({"chon": selected} if selected else {})})
    return f"{reverse('catalogue:search_options', args=[name])}?{query}"


def search(request):
    """The search page. Everything in it but the site layout depends on the query alone, so it
    is rendered once per query and catalogue revision."""
    form = ProcedureSearchForm(request.GET, options_url=_options_url)

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


def search_options(request, name):
    """The choices of one of the search form's long lists, as <option>s for the page's select.
    Its address carries the catalogue's revision, so the browser keeps it until that changes."""
    if name not in ProcedureSearchForm.LISTED_APART:
        raise Http404("Không có danh sách này.")
    choices = selectors.cached("search-options", name, lambda: ProcedureSearchForm().options(name))
    selected = request.GET.get("chon", "")
    response = render(
        request,
        "catalogue/_options.html",
        {"options": [(value, label, value == selected) for value, label in choices]},
    )
    if request.GET.get("r") == selectors.catalogue_revision():
        response["Cache-Control"] = "public, max-age=86400"
    return response


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
    submission = routing.ways_to_submit(procedure)
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
            "online_submission": "online" in submission.ways,
        },
    )


QUALITY_PAGE_SIZE = 50


def quality_report(request):
    """The record-quality report for the catalogue's editors (catalogue/quality.py): the counts
    per problem and per agency, and the procedures with what blocks each."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    from motcua.catalogue import quality
    from motcua.catalogue.forms import QualityFilterForm

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not quality.edits_the_catalogue(request.user):
        raise PermissionDenied("Trang dành cho cán bộ biên tập danh mục thủ tục hành chính.")
    report = quality.catalogue_report()
    form = QualityFilterForm(request.GET, report=report)
    valid = form.is_valid()
    filters = form.filters() if valid else {}
    # The counts per problem are those of the other filters, so each says what choosing it shows.
    scope = report.filtered(**{**filters, "problem": ""})
    rows = report.filtered(**filters)
    page = Paginator(rows, QUALITY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    without_problem = query.copy()
    without_problem.pop("problem", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "problem_query": without_problem.urlencode(),
        "chosen_problem": filters.get("problem", ""),
        "counts": quality.problem_counts(scope),
        "totals": quality.totals(scope),
        "groups": quality.by_group(report, scope),
        "filtered": any(filters.values()),
    }
    status = 200 if valid else 400
    if request.htmx:
        return render(request, "catalogue/_quality_results.html", context, status=status)
    return render(request, "catalogue/quality.html", context, status=status)
