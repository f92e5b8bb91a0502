from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from motcua.catalogue import selectors
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
    form = ProcedureSearchForm(request.GET)
    page = None
    if form.is_valid():
        results = selectors.search_procedures(**form.search_arguments())
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "catalogue/_results.html" if request.htmx else "catalogue/search.html"
    return render(request, template, context, status=200 if form.is_valid() else 400)


def detail(request, code):
    procedure = selectors.procedure_detail(code)
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục.")
    documents_by_group = {}
    for document in procedure.documents.all():
        documents_by_group.setdefault(document.group, []).append(document)
    return render(
        request,
        "catalogue/detail.html",
        {
            "procedure": procedure,
            "documents_by_group": documents_by_group,
            "agencies": list(procedure.agencies.all()),
            "online_submission": procedure.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL),
        },
    )
