"""How motcua and the national portal trust each other: each request carries the sender's key id,
a timestamp and an HMAC-SHA256 of ``timestamp.body`` with the shared secret; a request older than
five minutes is refused (no replays)."""

import hashlib
import hmac
import json
import time
from collections.abc import Mapping

from django.conf import settings

MAX_SKEW_SECONDS = 300


def signature(timestamp: str, body: bytes, secret: str | None = None) -> str:
    secret = settings.MOTCUA_NATIONAL_PORTAL["secret"] if secret is None else secret
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def headers_for(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "X-Portal-Key": settings.MOTCUA_NATIONAL_PORTAL["key"],
        "X-Portal-Timestamp": timestamp,
        "X-Portal-Signature": signature(timestamp, body),
        "Content-Type": "application/json",
    }


def verify(headers: Mapping[str, str], body: bytes) -> str:
    """'' when the request is ours to trust, otherwise why not (in Vietnamese)."""
    config = settings.MOTCUA_NATIONAL_PORTAL
    if not config["secret"] or headers.get("X-Portal-Key") != config["key"]:
        return "Khóa kết nối không đúng."
    timestamp = headers.get("X-Portal-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        return "Thời điểm gửi không hợp lệ hoặc đã quá 5 phút."
    if not hmac.compare_digest(headers.get("X-Portal-Signature", ""), signature(timestamp, body)):
        return "Chữ ký yêu cầu không đúng."
    return ""


def dumps(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode()
