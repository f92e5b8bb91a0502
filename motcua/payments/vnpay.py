"""VNPay's protocol (version 2.1.0): the payment URL and the check of what comes back, signed
with HMAC-SHA512 over the vnp_* parameters sorted by name and URL-encoded."""

import hashlib
import hmac
import urllib.parse
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def _signed_query(params: dict) -> str:
    return "&".join(f"{key}={urllib.parse.quote_plus(str(value))}" for key, value in sorted(params.items()) if value not in (None, ""))


def sign(params: dict, secret: str | None = None) -> str:
    secret = secret if secret is not None else settings.MOTCUA_VNPAY["hash_secret"]
    return hmac.new(secret.encode(), _signed_query(params).encode(), hashlib.sha512).hexdigest()


def payment_url(*, reference: str, amount: int, description: str, return_url: str, client_ip: str, now: datetime | None = None) -> str:
    config = settings.MOTCUA_VNPAY
    now = timezone.localtime(now or timezone.now())
    params = {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": config["tmn_code"],
        "vnp_Amount": amount * 100,
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": reference,
        "vnp_OrderInfo": description,
        "vnp_OrderType": "other",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": client_ip or "127.0.0.1",
        "vnp_CreateDate": now.strftime("%Y%m%d%H%M%S"),
        "vnp_ExpireDate": (now + timedelta(minutes=15)).strftime("%Y%m%d%H%M%S"),
    }
    return f"{config['url']}?{_signed_query(params)}&vnp_SecureHash={sign(params)}"


def verify(query: dict) -> bool:
    """True when the vnp_* parameters carry our secret's signature."""
    given = str(query.get("vnp_SecureHash", ""))
    params = {k: v for k, v in query.items() if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")}
    return bool(given) and hmac.compare_digest(given.lower(), sign(params))
