"""Ratings: the applicant's form on a finished dossier, the counter's tablet, duty at a counter,
and the reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from motcua.accounts.selectors import managed_agencies
from motcua.core.forms import error_text
from motcua.dossiers import selectors as dossier_selectors
from motcua.engagement import selectors, services
from motcua.engagement.forms import RatingForm, ReportForm
from motcua.engagement.models import Score
from motcua.units.models import Counter


@login_required
@require_POST
def rate(request, code):
    dossier = dossier_selectors.dossier_for(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("dossiers:detail", code)
    try:
        services.rate_dossier(dossier, request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("dossiers:detail", code)
    messages.success(request, "Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp cơ quan phục vụ tốt hơn.")
    return redirect("dossiers:detail", code)


def kiosk(request, token):
    """The counter's tablet: five big buttons, one tap, thanks, and back for the next person."""
    counter = services.counter_for_token(token)
    if counter is None:
        raise Http404("Đường dẫn máy đánh giá không hợp lệ.")
    if request.method == "POST":
        try:
            services.rate_at_counter(counter, request.POST.get("overall"))
        except ValidationError:
            return redirect("engagement:kiosk", token)
        return redirect(f"{request.path}?cam-on=1")
    return render(
        request,
        "engagement/kiosk.html",
        {
            "counter": counter,
            "officer": services.on_duty(counter),
            "scores": Score.choices,
            "thanks": "cam-on" in request.GET,
        },
    )


@login_required
def duty(request):
    """An officer starts or ends their shift at a counter; leaders and admins see the tablets' links."""
    counters = list(selectors.counters_for(request.user))
    if not counters and not request.user.memberships.exists():
        raise PermissionDenied("Trang dành cho cán bộ.")
    if request.method == "POST":
        if request.POST.get("action") == "end":
            services.end_duty(request.user)
            messages.success(request, "Đã kết thúc ca trực quầy.")
        else:
            counter = get_object_or_404(Counter, pk=request.POST.get("counter") or 0)
            try:
                services.start_duty(request.user, counter)
            except PermissionDenied as error:
                messages.error(request, str(error))
                return redirect("engagement:duty")
            messages.success(request, f"Bạn đang trực {counter}. Đánh giá tại máy của quầy sẽ ghi cho bạn.")
        return redirect("engagement:duty")
    managed = set(managed_agencies(request.user).values_list("pk", flat=True))
    for counter in counters:
        counter.kiosk = services.kiosk_token(counter) if counter.agency_id in managed else None
    return render(request, "engagement/duty.html", {"counters": counters})


@login_required
def report(request):
    agencies = managed_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("Trang dành cho lãnh đạo, quản trị cơ quan và lãnh đạo thành phố.")
    form = ReportForm(request.GET or None, agencies=agencies)
    rows = None
    if form.is_bound and form.is_valid():
        chosen = [form.cleaned_data["agency"]] if form.cleaned_data["agency"] else agencies
        rows = selectors.report(
            chosen, form.cleaned_data["start"], form.cleaned_data["end"], by=form.cleaned_data["by"] or "agency"
        )
    return render(request, "engagement/report.html", {"form": form, "rows": rows})
