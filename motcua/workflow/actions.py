"""The officers' actions on a dossier as the work page (``WEB``) and the API (``API``) read their
input: each turns the request into a call of the service that takes it. An app above the back
office adds its own (payments: the refund) from its AppConfig.ready; what each action may do and
when is dossiers.lifecycle's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WebHandler = Callable[[Any, Any], object]  # (request, dossier)
ApiHandler = Callable[[Any, Any, Any], object]  # (user, dossier, data)
WEB: dict[str, WebHandler] = {}
API: dict[str, ApiHandler] = {}
DONE: dict[str, str] = {}  # what the work page says once it is done


def register(action: str, *, web: WebHandler, api: ApiHandler, done: str) -> None:
    WEB[action], API[action], DONE[action] = web, api, done
