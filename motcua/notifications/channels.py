"""How a message leaves. Each channel is an adapter with its own settings:

- e-mail through Django's mail backend (SMTP in production);
- SMS through the operator's brand-name HTTP gateway (``MOTCUA_SMS_GATEWAY_URL``, bearer token),
  ``{"to", "text", "id"}`` where ``id`` lets the gateway drop a repeated request;
- Zalo through the Zalo Notification Service template API (``MOTCUA_ZALO_GATEWAY_URL``, e.g.
  https://business.openapi.zalo.me/message/template, header ``access_token``):
  ``{"phone": "84…", "template_id", "template_data", "tracking_id"}``, answered
  ``{"error": 0, …}`` on success.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail

from motcua.core.http import urlopen

if TYPE_CHECKING:
    from motcua.notifications.models import Message


class DeliveryError(Exception):
    pass


def configured(channel: str) -> bool:
    return channel in ("app", "email") or bool(_gateway(channel))


def _gateway(channel: str) -> str:
    return {"sms": settings.MOTCUA_SMS_GATEWAY_URL, "zalo": settings.MOTCUA_ZALO_GATEWAY_URL}.get(channel, "")


def international(phone: str) -> str:
    """Zalo wants 84xxxxxxxxx for a Vietnamese number written 0xxxxxxxxx."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "84" + digits[1:] if digits.startswith("0") else digits


def send(message: Message) -> None:
    if message.channel == "email":
        try:
            send_mail(message.subject, message.body, None, [message.address])
        except Exception as error:  # the mail server's failures are many; all mean "try again"
            raise DeliveryError(str(error)) from error
        return
    if message.channel == "zalo":
        payload = {
            "phone": international(message.address),
            "template_id": message.template_id,
            "template_data": {name: str(value) for name, value in message.values.items()},
            "tracking_id": message.key,
        }
        answer = _post(settings.MOTCUA_ZALO_GATEWAY_URL, payload, {"access_token": settings.MOTCUA_ZALO_ACCESS_TOKEN})
        if answer.get("error") != 0:
            raise DeliveryError(f"Zalo {answer.get('error')}: {answer.get('message', '')}")
        return
    _post(
        settings.MOTCUA_SMS_GATEWAY_URL,
        {"to": message.address, "text": message.body, "id": message.key},
        {"Authorization": f"Bearer {settings.MOTCUA_GATEWAY_TOKEN}"},
    )


def _post(url: str, payload: dict, headers: dict) -> dict:
    data = json.dumps(payload).encode()
    try:
        with urlopen(
            url,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json", **headers},
            timeout=settings.MOTCUA_GATEWAY_TIMEOUT,
        ) as response:
            if response.status >= 300:
                raise DeliveryError(f"HTTP {response.status}")
            raw = response.read()
    except OSError as error:
        raise DeliveryError(str(error)) from error
    try:
        return json.loads(raw or b"{}")
    except ValueError as error:
        raise DeliveryError(f"not JSON: {raw[:200]!r}") from error
