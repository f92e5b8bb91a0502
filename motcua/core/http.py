"""Opening a URL for the gateways (payments, messages, the national portal): http and https only.

The addresses come from settings (a gateway's URL) or from the site's own reverse(); urllib would
also open ``file:`` or ``ftp:`` if a setting said so, which no gateway means. Refusing any other
scheme here is what lets every caller open its address without a check of its own.
"""

import http.client
import urllib.parse
import urllib.request

ALLOWED_SCHEMES = frozenset({"http", "https"})


def urlopen(
    url: str,
    *,
    data: bytes | None = None,
    method: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
) -> http.client.HTTPResponse:
    """``urllib.request.urlopen(urllib.request.Request(url, data, headers, method), timeout)`` for
    an http(s) address; raises ValueError for any other scheme, before anything is opened. The
    rest (the response, URLError/HTTPError, timeouts) is urlopen's own."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise ValueError(f"Refusing to open {url!r}: only http and https addresses are allowed, not {scheme!r}.")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)  # noqa: S310  scheme checked above
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310  scheme checked above
