from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

LOOKUP_RATE = "20/m"


def lookup_limited(request: HttpRequest) -> bool:
    """The public status lookup's budget per address, shared by the page and the API."""
    return is_ratelimited(request, group="dossier-status", key="ip", rate=LOOKUP_RATE, increment=True)
