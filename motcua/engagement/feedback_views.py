"""Phản ánh, kiến nghị: the public form, tracking, the published answers, the officers' pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from motcua.core.forms import apply_errors, error_text
from motcua.engagement import feedback as service
from motcua.engagement.forms import AnswerForm, FeedbackForm
from motcua.engagement.models import Feedback, FeedbackFile


def send(request):
    form = FeedbackForm(
        request.POST or None, initial={"name": request.user.full_name} if request.user.is_authenticated else None
    )
    if request.method == "POST":
        # Every attempt counts (spam that fails validation too).
        if is_ratelimited(request, group="feedback", key="ip", rate=settings.MOTCUA_FEEDBACK_RATE, increment=True):
            form.add_error(
                None, "Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau hoặc gọi tổng đài 1022."
            )
        elif form.is_valid():
            try:
                found = service.submit(
                    **form.cleaned_data,
                    sender=request.user if request.user.is_authenticated else None,
                    files=request.FILES.getlist("files"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(reverse("engagement:feedback_track") + f"?ma={found.code}&moi=1")
    return render(request, "engagement/feedback_form.html", {"form": form}, status=400 if form.errors else 200)


def track(request):
    code = request.GET.get("ma", "").strip().upper()
    found = Feedback.objects.select_related("agency").filter(code=code).first() if code else None
    if code and found is None:
        messages.error(request, "Không tìm thấy phản ánh có mã này.")
    return render(
        request, "engagement/feedback_track.html", {"feedback": found, "code": code, "new": "moi" in request.GET}
    )


def answers(request):
    query = request.GET.get("q", "")
    page = Paginator(service.published(query), 20).get_page(request.GET.get("page"))
    return render(request, "engagement/feedback_answers.html", {"page": page, "query": query})


@login_required
def work_list(request):
    if not request.user.memberships.exists():
        raise PermissionDenied("Trang dành cho cán bộ.")
    items = list(service.open_for(request.user)[:500])
    now = timezone.now()
    return render(
        request,
        "engagement/feedback_list.html",
        {
            "items": items,
            "overdue": sum(1 for f in items if f.due_at < now),
            "now": now,
        },
    )


@login_required
def work(request, code):
    found = get_object_or_404(Feedback.objects.select_related("agency", "procedure"), code=code)
    if not (service.open_for(request.user).filter(pk=found.pk).exists() or service.may_answer(request.user, found)):
        raise Http404("Không tìm thấy phản ánh trong các cơ quan của bạn.")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.answer(
                found,
                request.user,
                text=form.cleaned_data["answer"],
                publish=form.cleaned_data["publish"],
                decline=form.cleaned_data["decline"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, "Đã trả lời phản ánh và báo cho người gửi (nếu có địa chỉ liên hệ).")
            return redirect("engagement:feedback_work", code)
    return render(
        request, "engagement/feedback_work.html", {"feedback": found, "form": form, "files": found.files.all()}
    )


@login_required
def attachment(request, code, pk):
    found = get_object_or_404(Feedback, code=code)
    if not service.may_answer(request.user, found):
        raise Http404()
    item = get_object_or_404(FeedbackFile, pk=pk, feedback=found)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
