"""The applicant's pages: start, fill and send a dossier, follow it, answer a supplement
request, withdraw; and the public status lookup. Thin: dossiers.services decides."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from motcua.accounts import services as accounts
from motcua.accounts.models import User
from motcua.catalogue.selectors import fee_quote, procedure_detail
from motcua.core.forms import apply_errors, error_text
from motcua.documents.files import ACCEPT_ATTRIBUTE, ALLOWED_LABEL
from motcua.documents.models import StoreItem
from motcua.dossiers import lifecycle, panels, selectors, services
from motcua.dossiers.forms import DeliveryForm, LookupForm, OnBehalfForm, WithdrawForm
from motcua.dossiers.limits import lookup_limited
from motcua.dossiers.models import Channel, DossierFile, Status
from motcua.notifications import services as notifications

FORM_PREFIX = "form-"


def _procedure_or_404(code):
    procedure = procedure_detail(code)
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục.")
    return procedure


@login_required
def start(request, code):
    """Step 0: who applies. Citizens and businesses apply for themselves; an agent names the
    applicant and records their consent."""
    procedure = _procedure_or_404(code)
    try:
        services.refuse_if_handled_elsewhere(procedure)
    except ValidationError as error:  # a central body's branch receives it: its page says where
        messages.error(request, " ".join(error.messages))
        return redirect("catalogue:detail", procedure.code)
    is_agent = request.user.kind == User.Kind.AGENT
    form = OnBehalfForm(request.POST or None) if is_agent else None
    existing = None if is_agent else selectors.open_draft(request.user, procedure)
    if existing is not None:
        messages.info(request, "Bạn đang có bản nháp cho thủ tục này; tiếp tục từ chỗ đã lưu.")
        return redirect("dossiers:draft", existing.public_id)
    if request.method == "POST":
        try:
            if is_agent:
                if not form.is_valid():
                    raise ValidationError({})
                data = form.cleaned_data
                applicant = accounts.find_or_open(
                    request.user, national_id=data["national_id"], full_name=data["full_name"], phone=data["phone"]
                )
                dossier = services.start_draft(
                    procedure, user=request.user, applicant=applicant, consent_method=data["consent_method"]
                )
            else:
                dossier = services.start_draft(procedure, user=request.user)
        except ValidationError as error:
            if form is not None and getattr(error, "error_dict", None):
                apply_errors(form, error)
            elif form is None:
                messages.error(request, " ".join(error.messages))
        else:
            return redirect("dossiers:draft", dossier.public_id)
    return render(request, "dossiers/start.html", {"procedure": procedure, "form": form, "is_agent": is_agent})


def _form_values(post) -> dict:
    return {key[len(FORM_PREFIX) :]: value for key, value in post.items() if key.startswith(FORM_PREFIX)}


def _save_uploads(request, dossier) -> list[str]:
    """Files chosen in the form (``upload-<order>``, several per document) and documents picked
    from the personal data store (``store-<order>``). Returns the problems, file by file."""
    problems = []
    for key in request.FILES:
        if not key.startswith("upload-"):
            continue
        for upload in request.FILES.getlist(key):
            try:
                services.add_file(dossier, user=request.user, document_order=key.removeprefix("upload-"), upload=upload)
            except ValidationError as error:
                problems.extend(error.messages)
    for key, value in request.POST.items():
        if key.startswith("store-") and value:
            item = StoreItem.objects.filter(pk=value, owner=dossier.applicant).first()
            if item is None:
                problems.append("Giấy tờ đã chọn không có trong kho dữ liệu cá nhân.")
                continue
            services.attach_from_store(dossier, user=request.user, document_order=key.removeprefix("store-"), item=item)
    return problems


@login_required
def draft(request, public_id):
    dossier = selectors.draft_for(request.user, public_id)
    if dossier is None:
        raise Http404("Không tìm thấy bản nháp.")
    spec = selectors.form_spec(dossier)  # the procedure's e-form or the generic one
    agencies = list(selectors.agencies_for(dossier.procedure))
    fee = fee_quote(dossier.procedure, channel=dossier.channel)
    delivery_form = DeliveryForm(
        request.POST or None,
        agencies=agencies,
        fee=fee,
        initial={
            "agency": dossier.agency_id,
            "delivery": dossier.delivery,
            "delivery_address": dossier.delivery_address,
            "fee_exemption": dossier.fee_exemption,
        },
    )
    errors, problems, document_errors = {}, [], {}
    values = dossier.form_data
    if request.method == "POST":
        action = request.POST.get("action", "save")
        values = spec.coerce(_form_values(request.POST)) if spec else {}
        problems = _save_uploads(request, dossier)
        if action.startswith("remove-"):
            dossier_file = get_object_or_404(DossierFile, pk=action.removeprefix("remove-"), dossier=dossier)
            services.remove_file(dossier_file, user=request.user)
        delivery_form.is_valid()
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        try:
            services.save_draft(
                dossier,
                user=request.user,
                data=_form_values(request.POST),
                agency=agency,
                delivery=request.POST.get("delivery", ""),
                delivery_address=request.POST.get("delivery_address", ""),
                fee_exemption=request.POST.get("fee_exemption", ""),
            )
            if action == "submit" and not problems:
                dossier = services.submit(dossier, user=request.user)
                if dossier.channel == Channel.COUNTER:
                    # Handed in on paper at the counter: the form posts to workflow:counter_submit,
                    # which receives it there and then.
                    return redirect("workflow:work", dossier.code)
                messages.success(request, f"Đã nộp hồ sơ. Mã hồ sơ của bạn là {dossier.code}.")
                return redirect("dossiers:receipt", dossier.code)
        except ValidationError as error:
            for name, messages_ in getattr(error, "message_dict", {"__all__": error.messages}).items():
                if name.startswith("form_data."):
                    errors[name.removeprefix("form_data.")] = messages_
                elif name.startswith("files."):
                    document_errors[name.removeprefix("files.")] = messages_
                elif name in delivery_form.fields:
                    delivery_form.add_error(name, messages_)
                else:
                    problems.extend(messages_)
        else:
            if action == "save" and not problems:
                messages.success(
                    request, "Đã lưu bản nháp. Bạn có thể quay lại nộp tiếp bất cứ lúc nào trong “Hồ sơ của tôi”."
                )
                return redirect("dossiers:draft", dossier.public_id)
            if action.startswith("remove-") and not problems:
                return redirect("dossiers:draft", dossier.public_id)
        dossier.refresh_from_db()
    prefilled = (
        set(dossier.form_data)
        if request.method == "GET" and not dossier.events.exclude(action="created").exists()
        else set()
    )
    listed, other_files = selectors.documents_with_files(dossier)
    # What applies to this way of submitting, and what was handed in for another one.
    documents = [d for d in listed if d["applies"] or d["files"]]
    for document in documents:
        document["errors"] = document_errors.get(str(document["order"]), [])
    context = {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "sections": spec.bind(values, errors, prefilled) if spec else [],
        "error_count": len(errors) + len(problems) + len(document_errors) + len(delivery_form.errors),
        "problems": problems,
        "document_errors": [d for d in documents if d["errors"]],
        "filled_by_form": [d for d in listed if d["filled_by_form"] and not d["applies"]],
        "delivery_form": delivery_form,
        "fee": fee,
        "documents": documents,
        "form_title": spec.title if spec else "",
        "required_count": sum(1 for d in documents if d["must_upload"]),
        "conditional_count": sum(1 for d in documents if d["conditional"]),
        "conditional_has_files": any(d["files"] for d in documents if d["conditional"]),
        "other_files": other_files,
        "store_items": list(StoreItem.objects.filter(owner=dossier.applicant)),
        "accept": ACCEPT_ATTRIBUTE,
        "allowed_label": ALLOWED_LABEL,
        "form_prefix": FORM_PREFIX,
        "prefilled_count": len(prefilled),
    }
    return render(request, "dossiers/draft.html", context, status=400 if request.method == "POST" else 200)


def _visible_or_404(request, code):
    dossier = selectors.dossier_for(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


@login_required
def detail(request, code):
    dossier = _visible_or_404(request, code)
    services.log_access(dossier, request.user, channel="web", action="xem hồ sơ")
    withdraw_form = WithdrawForm()
    supplement = getattr(dossier, "supplement_request", None)
    can = lifecycle.allowed(dossier, request.user)
    documents, other_files = selectors.documents_with_files(dossier)
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "events": dossier.events.select_related("actor"),
            "documents": documents,
            "other_files": other_files,
            "supplement": supplement,
            "withdraw_form": withdraw_form,
            "can": can,
            "can_withdraw": "withdraw" in can,
            "accept": ACCEPT_ATTRIBUTE,
            "values": selectors.readable_values(dossier),
            "sent": notifications.about(f"dossier:{dossier.pk}", to=[dossier.applicant_id, dossier.submitted_by_id]),
            "issued": dossier.issued.select_related("issued_by"),
            "accesses": selectors.accesses_by_others(dossier)[:50],
            **panels.context(panels.APPLICANT, request, dossier, can),
        },
    )


@login_required
def receipt(request, code):
    dossier = _visible_or_404(request, code)
    services.log_access(dossier, request.user, channel="web", action="xem biên nhận")
    lookup = request.build_absolute_uri(f"{reverse('dossiers:lookup')}?code={dossier.code}")
    qr = segno.make(lookup, error="m").svg_inline(scale=3, title=f"Tra cứu hồ sơ {dossier.code}")
    return render(
        request,
        "dossiers/receipt.html",
        {
            "dossier": dossier,
            "qr": mark_safe(qr),  # noqa: S308  segno's own SVG markup; the one text in it, the title, segno escapes
            "files": selectors.current_files(dossier),
            "lookup_url": lookup,
        },
    )


@login_required
def mine(request):
    dossiers = selectors.my_dossiers(request.user)
    return render(
        request,
        "dossiers/mine.html",
        {
            "drafts": [d for d in dossiers if d.status == Status.DRAFT and d.submitted_by_id == request.user.pk],
            "dossiers": [d for d in dossiers if d.status != Status.DRAFT],
        },
    )


@login_required
@require_POST
def withdraw(request, code):
    dossier = _visible_or_404(request, code)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": "Vui lòng nêu lý do rút hồ sơ."})
        services.request_withdrawal(dossier, user=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Đã gửi yêu cầu rút hồ sơ. Cơ quan tiếp nhận sẽ dừng xử lý và thông báo cho bạn.")
    return redirect("dossiers:detail", dossier.code)


@login_required
@require_POST
def cancel_withdrawal(request, code):
    dossier = _visible_or_404(request, code)
    try:
        services.cancel_withdrawal(dossier, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Đã thôi đề nghị rút hồ sơ. Hồ sơ tiếp tục được giải quyết.")
    return redirect("dossiers:detail", dossier.code)


@login_required
@require_POST
def supplement(request, code):
    dossier = _visible_or_404(request, code)
    files = {}
    for key in request.FILES:
        if key.startswith("upload-") and key.removeprefix("upload-").isdigit():
            files[int(key.removeprefix("upload-"))] = request.FILES.getlist(key)
    try:
        services.answer_supplement(dossier, user=request.user, files=files, note=request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Đã nộp bổ sung. Hồ sơ được chuyển lại cho cơ quan giải quyết.")
    return redirect("dossiers:detail", dossier.code)


@login_required
def dossier_file(request, code, pk):
    dossier = _visible_or_404(request, code)
    item = get_object_or_404(DossierFile, pk=pk, dossier=dossier)
    services.log_access(dossier, request.user, channel="web", action=f"tải tệp {item.pk}")
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


def lookup(request):
    """Status by code plus the applicant's phone or ID number: no personal data is shown."""
    form = LookupForm(request.GET or None)
    found = None
    limited = form.is_bound and lookup_limited(request)
    if limited:
        form = LookupForm()
    elif form.is_bound and form.is_valid():
        found = selectors.public_status(form.cleaned_data["code"], form.cleaned_data["contact"])
        if found is None:
            form.add_error(None, "Không tìm thấy hồ sơ với mã và thông tin đã nhập. Vui lòng kiểm tra lại.")
    response = render(request, "dossiers/lookup.html", {"form": form, "found": found, "limited": limited})
    if limited:
        response.status_code = 429
    return response
