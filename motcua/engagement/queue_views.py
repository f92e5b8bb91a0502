"""Queue tickets: the hall's kiosk, the ticket (printed, and followed on a phone), the display
screen, the officer's console and the statistics."""

from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from motcua.accounts.selectors import managed_agencies
from motcua.core.forms import error_text
from motcua.engagement import queue
from motcua.engagement.models import Duty, QueueService, Ticket
from motcua.units.models import Agency

DISPLAY_CACHE_SECONDS = 2


def kiosk(request, token):
    agency = queue.agency_for_token(token)
    if agency is None:
        raise Http404("Đường dẫn máy lấy số không hợp lệ.")
    services = QueueService.objects.filter(agency=agency, is_active=True)
    if request.method == "POST":
        service = get_object_or_404(services, pk=request.POST.get("service") or 0)
        try:
            ticket = queue.take_ticket(service)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("engagement:queue_kiosk", token)
        return redirect(reverse("engagement:ticket", args=[ticket.public_id]) + f"?may={token}")
    return render(request, "engagement/queue_kiosk.html", {"agency": agency, "services": services})


def ticket(request, public_id):
    found = get_object_or_404(
        Ticket.objects.select_related("origin", "service__agency", "counter"), public_id=public_id
    )
    context = {"ticket": found, "ahead": queue.ahead_of(found)}
    if request.htmx:
        return render(request, "engagement/_ticket_status.html", context)
    url = request.build_absolute_uri(reverse("engagement:ticket", args=[found.public_id]))
    # segno's own SVG markup; the one text in it, the title, segno escapes.
    qr = segno.make(url, error="m").svg_inline(scale=4, title=f"Theo dõi số {found.code}")
    context["qr"] = mark_safe(qr)  # noqa: S308
    context["kiosk"] = request.GET.get("may", "")
    return render(request, "engagement/ticket.html", context)


def display(request, code):
    agency = get_object_or_404(Agency, code=code, is_active=True)
    if not request.htmx:
        return render(request, "engagement/display.html", {"agency": agency})
    # Every screen in the hall polls every few seconds: one database read per agency per 2 s.
    key = f"motcua:queue-board:{agency.pk}"
    html = cache.get(key)
    if html is None:
        html = render(request, "engagement/_board.html", {"board": queue.board(agency)}).content.decode()
        cache.set(key, html, DISPLAY_CACHE_SECONDS)
    return HttpResponse(html)


ACTIONS = {
    "next": lambda officer, ticket, data: queue.call_next(officer),
    "recall": lambda officer, ticket, data: queue.recall(officer, ticket),
    "skip": lambda officer, ticket, data: queue.skip(officer, ticket),
    "finish": lambda officer, ticket, data: queue.finish(officer, ticket),
    "transfer": lambda officer, ticket, data: queue.transfer(
        officer, ticket, get_object_or_404(QueueService, pk=data.get("service") or 0)
    ),
}


@login_required
def console(request):
    """The officer at a counter calls the next number, calls again, marks absent, transfers."""
    duty = Duty.objects.select_related("counter__agency").filter(officer=request.user, ended_at__isnull=True).first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404("Không có thao tác này.")
        current = Ticket.objects.filter(pk=request.POST.get("ticket") or 0).first()
        try:
            result = ACTIONS[action](request.user, current, request.POST)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            if action == "next" and result is None:
                messages.info(request, "Không còn ai đang chờ ở các lĩnh vực của quầy.")
        return redirect("engagement:console")
    context = {"duty": duty}
    if duty:
        context.update(
            {
                "current": queue.current_at(duty.counter),
                "board": queue.board(duty.counter.agency),
                "others": QueueService.objects.filter(agency=duty.counter.agency, is_active=True),
            }
        )
    return render(request, "engagement/console.html", context)


@login_required
def queue_stats(request):
    agencies = managed_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("Trang dành cho lãnh đạo, quản trị cơ quan và lãnh đạo thành phố.")
    agency = (
        agencies.filter(pk=request.GET.get("agency") or 0).first()
        or agencies.filter(queue_services__isnull=False).first()
        or agencies.first()
    )
    today = timezone.localdate()
    try:
        start = (
            timezone.datetime.fromisoformat(request.GET["start"]).date()
            if request.GET.get("start")
            else today - timedelta(days=6)
        )
        end = timezone.datetime.fromisoformat(request.GET["end"]).date() if request.GET.get("end") else today
    except ValueError:
        start, end = today - timedelta(days=6), today
        messages.error(request, "Ngày không hợp lệ; đang xem 7 ngày gần nhất.")
    return render(
        request,
        "engagement/queue_stats.html",
        {
            "agencies": agencies,
            "agency": agency,
            "start": start,
            "end": end,
            "rows": queue.stats(agency, start, end),
        },
    )
