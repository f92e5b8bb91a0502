"""Gap-free numbers (dossier codes per agency and day, receipts per agency and year).

One statement, the same on SQLite and PostgreSQL, advances a counter row and returns its new
value; the row stays locked until the caller's transaction commits, so concurrent callers queue
on it, and a rolled-back caller gives its number back: no duplicates, no gaps.
"""

from django.db import connection


def advance(model, **key) -> int:
    """The next number of the counter ``model`` (a table with the key columns and ``last``)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name).column for name in key]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}, last) VALUES ({', '.join(['%s'] * len(columns))}, 1) "
            f"ON CONFLICT ({names}) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [value.pk if hasattr(value, "pk") else value for value in key.values()],
        )
        return cursor.fetchone()[0]
