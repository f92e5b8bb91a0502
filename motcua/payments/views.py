"""Paying a fee: the applicant goes to the gateway, the gateway calls back (IPN), the applicant
comes back. The local sandbox plays VNPay in development and tests."""

import json
import urllib.parse
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.core.http import urlopen
from motcua.dossiers import selectors as dossier_selectors
from motcua.payments import paygov, reports, selectors, services, vnpay
from motcua.payments.forms import ReconciliationForm
from motcua.payments.models import Payment, SandboxTransaction


@login_required
@require_POST
def pay(request, code):
    dossier = dossier_selectors.dossier_for(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    provider = request.POST.get("provider", "vnpay")
    return_url = request.build_absolute_uri(
        reverse("payments:vnpay_return" if provider == "vnpay" else "payments:paygov_return")
    )
    try:
        payment = services.pending_for(dossier, request.user)
        url = services.checkout_url(
            payment, provider, return_url=return_url, client_ip=request.META.get("REMOTE_ADDR", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dossiers:detail", code)
    return redirect(url)


@login_required
def reconciliation(request):
    """The daily reconciliation workbook, for the agency's admins and leaders."""
    agencies = selectors.reporting_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("Trang dành cho quản trị và lãnh đạo cơ quan.")
    form = ReconciliationForm(request.GET or None, agencies=agencies)
    if form.is_bound and form.is_valid():
        agency, day = form.cleaned_data["agency"], form.cleaned_data["day"]
        response = HttpResponse(
            reports.daily_workbook(agency, day),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="doi-soat-{agency.code}-{day:%Y%m%d}.xlsx"'
        return response
    return render(request, "payments/reconciliation.html", {"form": form})


def vnpay_ipn(request):
    """VNPay's server calls this (GET) and expects {"RspCode", "Message"}."""
    return JsonResponse(services.handle_vnpay_ipn(request.GET.dict()).body)


def vnpay_return(request):
    """Where the applicant's browser lands: shows what the IPN recorded (never confirms here)."""
    query = request.GET.dict()
    payment = Payment.objects.select_related("dossier").filter(reference=query.get("vnp_TxnRef", "")).first()
    if not vnpay.verify(query) or payment is None:
        messages.error(request, "Kết quả thanh toán không hợp lệ.")
        return redirect("dossiers:mine")
    return _show_outcome(request, payment)


@csrf_exempt
@require_POST
def paygov_confirm(request):
    """The national payment platform's CONFIRM call (JSON), answered with a signed JSON."""
    try:
        message = json.loads(request.body)
    except ValueError:
        message = {}
    if not isinstance(message, dict):
        message = {}
    return JsonResponse(services.handle_paygov_confirm(message))


def paygov_return(request):
    """Where the applicant's browser lands after the national platform: shows what was recorded."""
    payment = Payment.objects.select_related("dossier").filter(reference=request.GET.get("MaThamChieu", "")).first()
    if payment is None:
        messages.error(request, "Kết quả thanh toán không hợp lệ.")
        return redirect("dossiers:mine")
    return _show_outcome(request, payment)


def _show_outcome(request, payment):
    if payment.state == Payment.State.PAID:
        messages.success(
            request,
            f"Đã thanh toán {payment.amount:,} đồng. Biên lai điện tử số {payment.receipt_number}.".replace(",", "."),
        )
    elif payment.state == Payment.State.PENDING:
        messages.info(
            request, "Cổng thanh toán chưa báo kết quả. Hệ thống sẽ tự kiểm tra lại; bạn không cần thanh toán lần nữa."
        )
    else:
        messages.error(request, "Thanh toán chưa thành công. Bạn có thể thử lại.")
    return redirect("dossiers:detail", payment.dossier.code)


def sandbox(request):
    """A stand-in for VNPay's payment page: checks our signed URL like VNPay does, lets the
    tester pay, cancel, or pay with the IPN lost, then calls our IPN over HTTP and sends the
    browser back."""
    if settings.PRODUCTION:
        raise Http404()
    query = (request.POST if request.method == "POST" else request.GET).dict()
    params = {k: v for k, v in query.items() if k.startswith("vnp_")}
    if not vnpay.verify(params):
        return render(request, "payments/sandbox.html", {"error": "Sai chữ ký (vnp_SecureHash)."}, status=400)
    found, _ = SandboxTransaction.objects.get_or_create(
        provider="vnpay",
        reference=params["vnp_TxnRef"],
        defaults={"amount": int(params["vnp_Amount"]) // 100, "description": params["vnp_OrderInfo"][:255]},
    )
    if request.method == "GET" or found.state != "pending":
        return render(
            request, "payments/sandbox.html", {"params": params, "amount": found.amount, "transaction": found}
        )
    outcome = request.POST.get("outcome")
    found.state = "failed" if outcome == "cancel" else "paid"
    found.transaction_no = str(int(timezone.now().timestamp() * 1000))
    found.save()
    success = found.state == "paid"
    result = {
        "vnp_TmnCode": params["vnp_TmnCode"],
        "vnp_Amount": params["vnp_Amount"],
        "vnp_TxnRef": params["vnp_TxnRef"],
        "vnp_OrderInfo": params["vnp_OrderInfo"],
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "vnp_TransactionNo": found.transaction_no,
        "vnp_ResponseCode": "00" if success else "24",
        "vnp_TransactionStatus": "00" if success else "02",
    }
    result["vnp_SecureHash"] = vnpay.sign(result)
    if outcome != "pay-no-callback":
        ipn = request.build_absolute_uri(reverse("payments:vnpay_ipn")) + "?" + urllib.parse.urlencode(result)
        with urlopen(ipn, timeout=15) as response:
            json.loads(response.read())
    return redirect(params["vnp_ReturnUrl"] + "?" + urllib.parse.urlencode(result))


@csrf_exempt
@require_POST
def sandbox_api(request):
    """VNPay's merchant API (querydr) for the sandbox's transactions, signed like VNPay's."""
    if settings.PRODUCTION:
        raise Http404()
    try:
        message = json.loads(request.body)
    except ValueError:
        message = {}
    expected = vnpay.sign_fields(message, vnpay.QUERY_FIELDS)
    if message.get("vnp_Command") != "querydr" or str(message.get("vnp_SecureHash", "")).lower() != expected:
        return JsonResponse({"vnp_ResponseCode": "97", "vnp_Message": "Invalid Checksum"})
    found = SandboxTransaction.objects.filter(provider="vnpay", reference=message.get("vnp_TxnRef", "")).first()
    answer = {
        "vnp_ResponseId": uuid.uuid4().hex[:32],
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "00" if found else "91",
        "vnp_Message": "QueryDR Success" if found else "Transaction not found",
        "vnp_TmnCode": message.get("vnp_TmnCode", ""),
        "vnp_TxnRef": message.get("vnp_TxnRef", ""),
        "vnp_Amount": str(found.amount * 100) if found else "",
        "vnp_BankCode": "NCB" if found else "",
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "vnp_TransactionNo": found.transaction_no if found else "",
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": {"paid": "00", "failed": "02"}.get(found.state, "01") if found else "",
        "vnp_OrderInfo": found.description if found else "",
        "vnp_PromotionCode": "",
        "vnp_PromotionAmount": "",
    }
    answer["vnp_SecureHash"] = vnpay.sign_fields(answer, vnpay.QUERY_ANSWER_FIELDS)
    return JsonResponse(answer)


# --- the national platform's sandbox (development and tests) --------------------------------------


@csrf_exempt
@require_POST
def paygov_sandbox_api(request):
    """Plays the platform's server: INIT opens a transaction and returns its page, QUERY tells
    its state. Checks MaXacThuc as the platform does and signs its answers."""
    if settings.PRODUCTION:
        raise Http404()
    try:
        message = json.loads(request.body)
    except ValueError:
        return JsonResponse({"MaLoi": "99", "MoTaLoi": "Bản tin không hợp lệ"})
    kind = message.get("LoaiBanTin")
    fields = {"INIT": paygov.INIT_FIELDS, "QUERY": paygov.QUERY_FIELDS}.get(kind)
    if fields is None or not paygov.verify(message, fields):
        return JsonResponse({"MaLoi": "97", "MoTaLoi": "Mã xác thực không chính xác"})
    reference = message["MaThamChieu"]
    if kind == "INIT":
        SandboxTransaction.objects.update_or_create(
            provider="paygov",
            reference=reference,
            defaults={
                "amount": int(message["SoTien"]),
                "description": message.get("ThongTinGiaoDich", "")[:255],
                "state": "pending",
            },
        )
        answer = {
            "MaLoi": "00",
            "MaDoiTac": message["MaDoiTac"],
            "MaThamChieu": reference,
            "ThoiGianGD": paygov.now_stamp(),
            "UrlThanhToan": request.build_absolute_uri(reverse("payments:paygov_sandbox_page", args=[reference])),
        }
        return JsonResponse(paygov.sign(answer, paygov.INIT_ANSWER_FIELDS))
    found = SandboxTransaction.objects.filter(provider="paygov", reference=reference).first()
    if found is None:
        return JsonResponse({"MaLoi": "01", "MoTaLoi": "Không tìm thấy giao dịch"})
    answer = {
        "MaLoi": "00",
        "MaDoiTac": message["MaDoiTac"],
        "MaThamChieu": reference,
        "SoTien": str(found.amount),
        "MaTienTe": "VND",
        "MaGiaoDich": found.transaction_no,
        "MaNganHang": "NCB" if found.state == "paid" else "",
        "TrangThaiGD": {"paid": "1", "failed": "4"}.get(found.state, "3"),
        "ThoiGianGD": paygov.now_stamp(),
    }
    return JsonResponse(paygov.sign(answer, paygov.QUERY_ANSWER_FIELDS))


def paygov_sandbox_page(request, reference):
    """The platform's payment page: pay, cancel, or pay with the callback lost (to rehearse
    reconciliation by QUERY)."""
    if settings.PRODUCTION:
        raise Http404()
    found = get_object_or_404(SandboxTransaction, provider="paygov", reference=reference)
    if request.method == "GET" or found.state != "pending":
        return render(request, "payments/sandbox_paygov.html", {"transaction": found})
    outcome = request.POST.get("outcome")
    found.state = "failed" if outcome == "cancel" else "paid"
    found.transaction_no = f"PG{int(timezone.now().timestamp() * 1000)}"
    found.save()
    message = paygov.sign(
        {
            "LoaiBanTin": "CONFIRM",
            "MaLoi": "00" if found.state == "paid" else "24",
            "MaDoiTac": settings.MOTCUA_PAYGOV["partner_code"],
            "MaThamChieu": reference,
            "SoTien": str(found.amount),
            "MaTienTe": "VND",
            "MaGiaoDich": found.transaction_no,
            "MaNganHang": "NCB",
            "ThoiGianGD": paygov.now_stamp(),
            "ThongTinGiaoDich": found.description,
        },
        paygov.CONFIRM_FIELDS,
    )
    if outcome != "pay-no-callback":
        with urlopen(
            request.build_absolute_uri(reverse("payments:paygov_confirm")),
            data=json.dumps(message).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
            timeout=15,
        ) as response:
            json.loads(response.read())
    return redirect(
        request.build_absolute_uri(reverse("payments:paygov_return"))
        + "?"
        + urllib.parse.urlencode({"MaThamChieu": reference, "MaLoi": message["MaLoi"]})
    )
