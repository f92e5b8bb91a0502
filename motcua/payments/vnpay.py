"""VNPay's protocol (version 2.1.0): the payment URL and the check of what comes back, signed
with HMAC-SHA512 over the vnp_* parameters sorted by name and URL-encoded; and the query API
(``querydr``), whose messages are signed over their fields joined by ``|`` in a fixed order."""

import hashlib
import hmac
import json
import urllib.parse
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from motcua.core.http import urlopen
from motcua.payments.gateway import FAILED, PAID, PENDING, GatewayError, QueryResult

QUERY_FIELDS = [
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
]
QUERY_ANSWER_FIELDS = [
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
]


def _signed_query(params: dict) -> str:
    return "&".join(
        f"{key}={urllib.parse.quote_plus(str(value))}"
        for key, value in sorted(params.items())
        if value not in (None, "")
    )


def sign(params: dict, secret: str | None = None) -> str:
    secret = secret if secret is not None else settings.MOTCUA_VNPAY["hash_secret"]
    return hmac.new(secret.encode(), _signed_query(params).encode(), hashlib.sha512).hexdigest()


def stamp(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S")


def payment_url(
    *, reference: str, amount: int, description: str, return_url: str, client_ip: str, now: datetime | None = None
) -> str:
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
        "vnp_CreateDate": stamp(now),
        "vnp_ExpireDate": (now + timedelta(minutes=15)).strftime("%Y%m%d%H%M%S"),
    }
    return f"{config['url']}?{_signed_query(params)}&vnp_SecureHash={sign(params)}"


def verify(query: dict) -> bool:
    """True when the vnp_* parameters carry our secret's signature."""
    given = str(query.get("vnp_SecureHash", ""))
    params = {
        k: v for k, v in query.items() if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")
    }
    return bool(given) and hmac.compare_digest(given.lower(), sign(params))


def sign_fields(message: dict, fields: list[str]) -> str:
    data = "|".join(str(message.get(name, "")) for name in fields)
    return hmac.new(settings.MOTCUA_VNPAY["hash_secret"].encode(), data.encode(), hashlib.sha512).hexdigest()


def query(*, reference: str, description: str, created: datetime, client_ip: str = "127.0.0.1") -> QueryResult:
    """querydr: what VNPay knows of the transaction opened at ``created`` (its vnp_CreateDate)."""
    config = settings.MOTCUA_VNPAY
    message = {
        "vnp_RequestId": uuid.uuid4().hex[:32],
        "vnp_Version": "2.1.0",
        "vnp_Command": "querydr",
        "vnp_TmnCode": config["tmn_code"],
        "vnp_TxnRef": reference,
        "vnp_OrderInfo": description,
        "vnp_TransactionDate": stamp(created),
        "vnp_CreateDate": stamp(timezone.now()),
        "vnp_IpAddr": client_ip,
    }
    message["vnp_SecureHash"] = sign_fields(message, QUERY_FIELDS)
    try:
        with urlopen(
            config["api_url"],
            data=json.dumps(message).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
            timeout=settings.MOTCUA_GATEWAY_TIMEOUT,
        ) as response:
            answer = json.loads(response.read())
    except (OSError, ValueError) as error:
        raise GatewayError(f"Không kết nối được VNPay: {error}") from error
    given = str(answer.get("vnp_SecureHash", ""))
    if (
        not given
        or not hmac.compare_digest(given.lower(), sign_fields(answer, QUERY_ANSWER_FIELDS))
        or answer.get("vnp_TxnRef") != reference
    ):
        raise GatewayError(f"Câu trả lời của VNPay về giao dịch {reference} không hợp lệ.")
    if answer.get("vnp_ResponseCode") != "00":
        raise GatewayError(
            f"VNPay không tra cứu được giao dịch {reference} ({answer.get('vnp_ResponseCode')}: {answer.get('vnp_Message', '')})."
        )
    status = answer.get("vnp_TransactionStatus")
    # 01: not finished yet; 07: held by VNPay as suspicious (the money may still come through).
    state = PAID if status == "00" else PENDING if status in ("01", "07") else FAILED
    return QueryResult(
        state,
        int(answer.get("vnp_Amount") or 0) // 100,
        str(answer.get("vnp_TransactionNo", "")),
        str(answer.get("vnp_BankCode", "")),
    )
