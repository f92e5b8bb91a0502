import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.notifications import services


@login_required
def notices(request):
    page = Paginator(services.notices_for(request.user), 30).get_page(request.GET.get("page"))
    response = render(request, "notifications/notices.html", {"page": page, "query": ""})
    services.mark_read(request.user)
    return response


@csrf_exempt
@require_POST
def delivery_report(request):
    """The SMS gateway's delivery report: ``{"id": <the id we sent>, "status": "delivered" |
    "failed", "error": "..."}`` with the gateway's bearer token."""
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not settings.MOTCUA_GATEWAY_TOKEN or not hmac.compare_digest(given, settings.MOTCUA_GATEWAY_TOKEN):
        return JsonResponse({"error": "Sai mã xác thực."}, status=403)
    try:
        report = json.loads(request.body)
        key, status = str(report["id"]), report["status"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "Cần id và status (delivered hoặc failed)."}, status=400)
    if status not in ("delivered", "failed"):
        return JsonResponse({"status": ["Chỉ nhận delivered hoặc failed."]}, status=400)
    message = services.record_delivery(key, delivered=status == "delivered", error=str(report.get("error", "")))
    if message is None:
        return JsonResponse({"error": "Không có tin nhắn với id này."}, status=404)
    return JsonResponse({"id": key, "state": message.state})
