"""Gap-free numbers (dossier codes per agency and day, receipts per agency and year).

One statement, the same on SQLite and PostgreSQL, advances a counter row and returns its new
value; the row stays locked until the caller's transaction commits, so concurrent callers queue
on it, and a rolled-back caller gives its number back: no duplicates, no gaps.
"""

from datetime import date
from typing import Any, cast

from django.db import connection, models


def advance(model: type[models.Model], **key: models.Model | date | int | str) -> int:
    """The next number of the counter ``model`` (a table with the key columns and ``last``)."""
    table = connection.ops.quote_name(model._meta.db_table)
    # The key names concrete fields of the counter table: each is a Field with its column.
    columns = [cast(str, cast("models.Field[Any, Any]", model._meta.get_field(name)).column) for name in key]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    values: list[Any] = [value.pk if hasattr(value, "pk") else value for value in key.values()]
    with connection.cursor() as cursor:
        cursor.execute(
            # Only identifiers are formatted in (the model's table and columns, quoted); values are parameters.
            f"INSERT INTO {table} ({names}, last) VALUES ({', '.join(['%s'] * len(columns))}, 1) "  # noqa: S608
            f"ON CONFLICT ({names}) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            values,
        )
        return cursor.fetchone()[0]
