from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from motcua.notifications import services


@login_required
def notices(request):
    page = Paginator(services.notices_for(request.user), 30).get_page(request.GET.get("page"))
    response = render(request, "notifications/notices.html", {"page": page, "query": ""})
    services.mark_read(request.user)
    return response
