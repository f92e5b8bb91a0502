"""The officers' actions on a dossier as the work page (``WEB``) and the API (``API``) read their
input: each turns the request into a call of the service that takes it. An app above the back
office adds its own (payments: the refund) from its AppConfig.ready; what each action may do and
when is dossiers.lifecycle's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

WebHandler = Callable[[Any, Any], object]  # (request, dossier)
ApiHandler = Callable[[Any, Any, Any], object]  # (user, dossier, data)
WEB: dict[str, WebHandler] = {}
API: dict[str, ApiHandler] = {}
DONE: dict[str, str] = {}  # what the work page says once it is done


def register(action: str, *, web: WebHandler, api: ApiHandler, done: str) -> None:
    WEB[action], API[action], DONE[action] = web, api, done


def pick(model: Any, field: str, message: str, **lookup: object) -> Any:
    """The row an action names (a specialist, an agency, a transfer, a payment), or a field-level
    Vietnamese refusal: a wrong id is bad input (400), not a missing page."""
    found = (
        model.objects.filter(**lookup).first() if all(v not in (None, "", 0, "0") for v in lookup.values()) else None
    )
    if found is None:
        raise ValidationError({field: message})
    return found


def moment(value: object) -> datetime | None:
    """A date and time the officer typed (a datetime-local input, or ISO 8601 over the API), in
    Đà Nẵng time when it names no zone; None when empty."""
    if not value:
        return None
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValidationError({"new_due_at": "Ngày hẹn lại không hợp lệ."})
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
