"""The one-stop back office pages. Thin: workflow.services decides who may do what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from motcua.accounts import services as accounts
from motcua.accounts.models import Role, User
from motcua.catalogue.selectors import procedure_detail
from motcua.core.forms import apply_errors, error_text
from motcua.documents import sheets, slips
from motcua.dossiers import lifecycle, panels
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers import views as dossier_views
from motcua.dossiers.models import Channel, Dossier, IssuedDocument, Status
from motcua.units.models import Agency
from motcua.workflow import actions, selectors, services
from motcua.workflow.forms import CounterIntakeForm, RegisterForm
from motcua.workflow.models import Apology, Note, Transfer


def _officer_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.memberships.exists():
            raise PermissionDenied("Trang dành cho cán bộ, công chức.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@_officer_required
def inbox(request):
    state, due = request.GET.get("trang_thai", ""), request.GET.get("han", "")
    queues, chosen, rows = selectors.inbox_page(
        request.user, queue=request.GET.get("hang", ""), state=state, due=due, page=request.GET.get("page", 1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workflow/inbox.html",
        {
            "queues": queues,
            "chosen": chosen,
            "page": rows,
            "query": query.urlencode(),
            "state": state,
            "due": due,
            "status_choices": [(s.value, s.label) for s in Status if s != Status.DRAFT],
        },
    )


def _dossier(request, code):
    dossier = dossier_selectors.dossier_for(request.user, code)
    if dossier is None or dossier.is_draft:
        raise Http404("Không tìm thấy hồ sơ trong các cơ quan của bạn.")
    return dossier


@_officer_required
def work(request, code):
    dossier = _dossier(request, code)
    dossier_services.log_access(dossier, request.user, channel="web", action="cán bộ xem hồ sơ")
    facts = lifecycle.facts_for(dossier, request.user)
    roles = set(facts.actors & set(Role.values))
    can = lifecycle.allowed(dossier, request.user, facts)
    documents, other_files = dossier_selectors.documents_with_files(dossier)
    return render(
        request,
        "workflow/work.html",
        {
            "dossier": dossier,
            "roles": roles,
            "can": can,
            "documents": documents,
            "other_files": other_files,
            "values": dossier_selectors.readable_values(dossier),
            "events": dossier.events.select_related("actor"),
            "handoffs": dossier.handoffs.select_related("giver", "receiver"),
            "issued": dossier_selectors.issued_documents(dossier),
            "specialists": User.objects.filter(
                memberships__agency=dossier.agency, memberships__role=Role.SPECIALIST
            ).distinct(),
            "supplement": getattr(dossier, "supplement_request", None),
            "apology": dossier.apologies.filter(signed_at__isnull=True).first(),
            "notes": dossier.notes.select_related("author"),
            "transfers": dossier.transfers.select_related("to_agency", "requested_by", "answered_by"),
            "my_agencies": set(request.user.memberships.values_list("agency_id", flat=True)),
            "other_agencies": Agency.objects.filter(is_active=True)
            .exclude(pk=dossier.agency_id)
            .order_by("kind", "name"),
            **panels.context(panels.OFFICER, request, dossier, can),
        },
    )


ACTIONS = {
    "receive": lambda request, dossier: services.receive(dossier, request.user),
    "refuse": lambda request, dossier: services.refuse(dossier, request.user, request.POST.get("reason", "")),
    "supplement": lambda request, dossier: services.ask_supplement(
        dossier,
        request.user,
        reason=request.POST.get("reason", ""),
        orders=[int(o) for o in request.POST.getlist("documents") if o.isdigit()],
    ),
    "assign": lambda request, dossier: services.assign(
        dossier,
        request.user,
        actions.pick(
            User, "specialist", "Vui lòng chọn một chuyên viên của cơ quan.", pk=request.POST.get("specialist")
        ),
    ),
    "propose": lambda request, dossier: services.propose(dossier, request.user, request.POST.get("note", "")),
    "approve": lambda request, dossier: services.approve_and_sign(dossier, request.user),
    "hand_over": lambda request, dossier: services.hand_over(dossier, request.user, request.POST.get("tracking", "")),
    "send_back": lambda request, dossier: services.send_back(dossier, request.user, request.POST.get("reason", "")),
    "stop": lambda request, dossier: services.stop(dossier, request.user, request.POST.get("reason", "")),
    "payment": lambda request, dossier: services.request_payment(
        dossier, request.user, amount=int(request.POST.get("amount") or 0), reason=request.POST.get("reason", "")
    ),
    "paid": lambda request, dossier: services.payment_received(
        dossier, request.user, note=request.POST.get("note", "")
    ),
    "note": lambda request, dossier: services.add_note(
        dossier, request.user, request.POST.get("text", ""), request.FILES.get("file")
    ),
    "transfer": lambda request, dossier: services.transfer(
        dossier,
        request.user,
        to_agency=actions.pick(
            Agency, "to_agency", "Vui lòng chọn cơ quan phối hợp.", pk=request.POST.get("to_agency")
        ),
        request=request.POST.get("request", ""),
        share=int(request.POST.get("share") or 30),
    ),
    "answer_transfer": lambda request, dossier: services.answer_transfer(
        actions.pick(
            Transfer,
            "transfer",
            "Không có nội dung liên thông này ở hồ sơ.",
            pk=request.POST.get("transfer"),
            dossier=dossier,
        ),
        request.user,
        request.POST.get("answer", ""),
    ),
    "apology": lambda request, dossier: services.sign_apology(
        actions.pick(
            Apology, "apology", "Hồ sơ không có văn bản xin lỗi nào chờ ký.", dossier=dossier, signed_at__isnull=True
        ),
        request.user,
        reason=request.POST.get("reason", ""),
        new_due_at=actions.moment(request.POST.get("new_due_at", "")),
    ),
}
DONE = {
    "receive": "Đã tiếp nhận hồ sơ và lập Giấy tiếp nhận, hẹn trả kết quả.",
    "refuse": "Đã từ chối tiếp nhận và lập Phiếu từ chối.",
    "supplement": "Đã gửi yêu cầu bổ sung hồ sơ (Phiếu yêu cầu bổ sung).",
    "assign": "Đã phân công chuyên viên xử lý.",
    "propose": "Đã trình lãnh đạo phê duyệt.",
    "approve": "Đã phê duyệt và ký số kết quả; kết quả đã vào kho dữ liệu của người dân.",
    "hand_over": "Đã trả kết quả.",
    "send_back": "Đã trả lại chuyên viên để xử lý lại.",
    "stop": "Đã dừng xử lý hồ sơ và lập Thông báo dừng giải quyết (mẫu 05).",
    "apology": "Đã ký văn bản xin lỗi, hẹn lại ngày trả kết quả (mẫu 04) và báo cho người dân.",
    "note": "Đã ghi trao đổi nội bộ.",
    "payment": "Đã gửi đề nghị nộp phí, lệ phí; thời hạn tạm dừng.",
    "paid": "Đã xác nhận nộp phí; hồ sơ tiếp tục xử lý.",
    "transfer": "Đã chuyển liên thông.",
    "answer_transfer": "Đã trả kết quả liên thông.",
}


@_officer_required
@require_POST
def act(request, code, action):
    dossier = _dossier(request, code)
    handler = ACTIONS.get(action) or actions.WEB.get(action)
    if handler is None:
        raise Http404("Không có thao tác này.")
    try:
        lifecycle.check(dossier, action, request.user)  # the table's reason before any input's
        handler(request, dossier)
    except (ValidationError, PermissionDenied) as error:
        text = error_text(error)
        messages.error(request, text)
        return redirect("workflow:work", code)
    messages.success(request, DONE.get(action) or actions.DONE[action])
    return redirect("workflow:work", code)


@login_required
def issued(request, code, pk):
    """A slip or the result: for the applicant and the officers who may see the dossier."""
    dossier = dossier_selectors.dossier_for(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    document = get_object_or_404(IssuedDocument, pk=pk, dossier=dossier)
    dossier_services.log_access(dossier, request.user, channel="web", action=f"tải văn bản {document.kind}")
    name = "ket-qua" if document.kind == IssuedDocument.Kind.RESULT else f"phieu-{document.kind}"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{name}-{dossier.code}.pdf",
        content_type="application/pdf",
    )


@_officer_required
def control_sheet(request, code):
    dossier = _dossier(request, code)
    dossier_services.log_access(dossier, request.user, channel="web", action="xem phiếu kiểm soát")
    pdf = slips.control_sheet(dossier, dossier.handoffs.select_related("giver", "receiver"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-kiem-soat-{dossier.code}.pdf"'
    return response


@_officer_required
def control_sheet_xlsx(request, code):
    dossier = _dossier(request, code)
    dossier_services.log_access(dossier, request.user, channel="web", action="tải phiếu kiểm soát (Excel)")
    return _xlsx(
        sheets.control_sheet(dossier, dossier.handoffs.select_related("giver", "receiver")),
        f"phieu-kiem-soat-{dossier.code}.xlsx",
    )


@_officer_required
def register(request):
    """Slip 07 for one of the officer's agencies and a period, as PDF or Excel."""
    agencies = Agency.objects.filter(memberships__user=request.user).distinct().order_by("name")
    form = RegisterForm(request.GET or None, agencies=agencies)
    if form.is_bound and form.is_valid():
        agency, start, end = form.cleaned_data["agency"], form.cleaned_data["start"], form.cleaned_data["end"]
        entries = selectors.register_entries(agency, start, end)
        for dossier in entries:
            dossier_services.log_access(dossier, request.user, channel="web", action="sổ theo dõi hồ sơ")
        name = f"so-theo-doi-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        if form.cleaned_data["format"] == "xlsx":
            return _xlsx(sheets.register(agency, entries, start, end), f"{name}.xlsx")
        response = HttpResponse(slips.register(agency, entries, start, end), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    return render(request, "workflow/register.html", {"form": form})


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@_officer_required
def counter_intake(request):
    """A paper dossier at the counter: the officer finds (or opens) the applicant's account,
    types the form and scans every page on the usual form page; sending it receives it at once."""
    agencies = Agency.objects.filter(memberships__user=request.user, memberships__role=Role.RECEPTION).distinct()
    form = CounterIntakeForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        procedure = procedure_detail(data["procedure"].strip())
        if procedure is None:
            form.add_error("procedure", "Không có thủ tục với mã này.")
        else:
            try:
                applicant = accounts.find_or_open(
                    request.user,
                    national_id=data["national_id"],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    email=data["email"],
                )
                dossier = dossier_services.start_draft(
                    procedure, user=request.user, applicant=applicant, counter=data["agency"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("dossiers:draft", dossier.public_id)
    return render(request, "workflow/counter_intake.html", {"form": form})


@_officer_required
def note_file(request, code, pk):
    dossier = _dossier(request, code)
    note = get_object_or_404(Note, pk=pk, dossier=dossier)
    if not note.file or not lifecycle.may(dossier, "note", request.user):
        raise Http404("Không có tài liệu.")
    dossier_services.log_access(dossier, request.user, channel="web", action=f"tải tài liệu nội bộ {note.pk}")
    return FileResponse(note.file.open("rb"), as_attachment=True, filename=note.file_name)


@_officer_required
@require_POST
def counter_submit(request, public_id):
    """A paper dossier typed at the counter is sent from its draft page and received there and
    then: slip 01 is printed for the person waiting at the counter."""
    response = dossier_views.draft(request, public_id)
    dossier = get_object_or_404(Dossier, public_id=public_id, submitted_by=request.user, channel=Channel.COUNTER)
    if dossier.status != Status.SUBMITTED or request.POST.get("action") != "submit":
        return response  # saved, or refused with the draft page's own errors
    try:
        services.receive(dossier, request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("workflow:work", dossier.code)
    messages.success(request, f"Đã tiếp nhận hồ sơ {dossier.code}. In Giấy tiếp nhận và hẹn trả kết quả cho người nộp.")
    return redirect("workflow:work", dossier.code)
