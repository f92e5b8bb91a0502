"""What other apps show on a dossier's pages: the applicant's page (``APPLICANT``) and the
officers' work page (``OFFICER``). Payments adds the fee and its receipts, engagement the rating
form; each registers in its AppConfig.ready, so the dossier's pages import neither."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.dossiers.models import Dossier

# (request, dossier, the actions the person may take now: dossiers.lifecycle.allowed)
Panel = Callable[["HttpRequest", "Dossier", "set[str]"], dict[str, Any]]
APPLICANT: list[Panel] = []
OFFICER: list[Panel] = []


def context(panels: list[Panel], request: HttpRequest, dossier: Dossier, can: set[str]) -> dict[str, Any]:
    """The template variables every registered panel gives for this dossier."""
    values: dict[str, Any] = {}
    for panel in panels:
        values.update(panel(request, dossier, can))
    return values
