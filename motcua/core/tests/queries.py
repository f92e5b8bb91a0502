"""Counting the queries a page costs, so that a change which adds one per row (an N+1) fails a
test: each page is built with a few rows and again with more, and must cost the same, known,
number of queries both times (motcua/<app>/tests/test_queries.py).

The search results and filter forms are cached per catalogue revision: every measure starts
from an empty cache, so what is counted is the work of a cold page."""

from collections.abc import Callable, Iterable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Every query-counting test runs at one moment, so nothing depends on the day it runs (a month
# that began minutes ago, a weekend, Tết): a Wednesday morning in Vietnam.
MOMENT = "2026-11-25 09:00 +0700"


def measure(fetch: Callable, *, shows: Iterable[str] = (), status: int = 200) -> list[str]:
    """The SQL of the queries ``fetch()`` (a request with the test client) runs, from a cold cache.
    ``shows``: texts the response must hold, so the rows counted are really on the page."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = fetch()
    assert response.status_code == status, response.content[:500]
    body = response.content.decode()
    missing = [text for text in shows if text not in body]
    assert not missing, f"not in the response: {missing}"
    return [query["sql"] for query in context.captured_queries]


def assert_queries(measured: dict[int, list[str]], expected: int) -> None:
    """The same number of queries, ``expected``, for every number of rows measured."""
    counts = {rows: len(sql) for rows, sql in measured.items()}
    if set(counts.values()) == {expected}:
        return
    lines = [f"expected {expected} queries for every size, got {counts} (rows: queries)"]
    for rows, sql in measured.items():
        lines.append(f"--- {rows} rows: {len(sql)} queries")
        lines += [f"{number:3}. {query}" for number, query in enumerate(sql, 1)]
    pytest.fail("\n".join(lines), pytrace=False)
