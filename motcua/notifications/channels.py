"""How a message leaves: e-mail through Django's mail backend; SMS and Zalo through an HTTP
gateway (the operator's), configured by MOTCUA_SMS_GATEWAY_URL and MOTCUA_ZALO_GATEWAY_URL."""

import json
import urllib.request

from django.conf import settings
from django.core.mail import send_mail


class DeliveryError(Exception):
    pass


def configured(channel: str) -> bool:
    return channel in ("app", "email") or bool(_gateway(channel))


def _gateway(channel: str) -> str:
    return {"sms": settings.MOTCUA_SMS_GATEWAY_URL, "zalo": settings.MOTCUA_ZALO_GATEWAY_URL}.get(channel, "")


def send(message) -> None:
    if message.channel == "email":
        try:
            send_mail(message.subject, message.body, None, [message.address])
        except Exception as error:  # the mail server's failures are many; all mean "try again"
            raise DeliveryError(str(error)) from error
        return
    payload = json.dumps({"to": message.address, "text": f"{message.subject}. {message.body}", "id": message.key}).encode()
    request = urllib.request.Request(
        _gateway(message.channel), data=payload, method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.MOTCUA_GATEWAY_TOKEN}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MOTCUA_GATEWAY_TIMEOUT) as response:
            if response.status >= 300:
                raise DeliveryError(f"HTTP {response.status}")
    except OSError as error:
        raise DeliveryError(str(error)) from error
