"""Paying a fee: the applicant goes to the gateway, the gateway calls back (IPN), the applicant
comes back. The local sandbox plays VNPay in development and tests."""

import json
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.dossiers import selectors as dossier_selectors
from motcua.payments import services, vnpay
from motcua.payments.models import Payment


@login_required
@require_POST
def pay(request, code):
    dossier = dossier_selectors.dossier_for(request.user, code)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    try:
        payment = services.pending_for(dossier, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dossiers:detail", code)
    return redirect(vnpay.payment_url(
        reference=payment.reference, amount=payment.amount, description=payment.description,
        return_url=request.build_absolute_uri(reverse("payments:vnpay_return")), client_ip=request.META.get("REMOTE_ADDR", ""),
    ))


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
    if payment.state == Payment.State.PAID:
        messages.success(request, f"Đã thanh toán {payment.amount:,} đồng. Biên lai điện tử số {payment.receipt_number}.".replace(",", "."))
    else:
        messages.error(request, "Thanh toán chưa thành công. Bạn có thể thử lại.")
    return redirect("dossiers:detail", payment.dossier.code)


def sandbox(request):
    """A stand-in for VNPay's payment page: checks our signed URL like VNPay does, lets the
    tester pay or cancel, then calls our IPN over HTTP and sends the browser back."""
    if settings.PRODUCTION:
        raise Http404()
    query = (request.POST if request.method == "POST" else request.GET).dict()
    params = {k: v for k, v in query.items() if k.startswith("vnp_")}
    if not vnpay.verify(params):
        return render(request, "payments/sandbox.html", {"error": "Sai chữ ký (vnp_SecureHash)."}, status=400)
    if request.method == "GET":
        return render(request, "payments/sandbox.html", {"params": params, "amount": int(params["vnp_Amount"]) // 100})
    success = request.POST.get("outcome") == "pay"
    result = {
        "vnp_TmnCode": params["vnp_TmnCode"], "vnp_Amount": params["vnp_Amount"], "vnp_TxnRef": params["vnp_TxnRef"],
        "vnp_OrderInfo": params["vnp_OrderInfo"], "vnp_BankCode": "NCB", "vnp_CardType": "ATM",
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"), "vnp_TransactionNo": str(int(timezone.now().timestamp())),
        "vnp_ResponseCode": "00" if success else "24", "vnp_TransactionStatus": "00" if success else "02",
    }
    result["vnp_SecureHash"] = vnpay.sign(result)
    ipn = request.build_absolute_uri(reverse("payments:vnpay_ipn")) + "?" + urllib.parse.urlencode(result)
    with urllib.request.urlopen(ipn, timeout=15) as response:
        json.loads(response.read())
    return redirect(params["vnp_ReturnUrl"] + "?" + urllib.parse.urlencode(result))
