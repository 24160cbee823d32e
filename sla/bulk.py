"""One UPDATE for many rows with different values: Django's bulk_update builds a
CASE per column per row, which costs far more in Python and in PostgreSQL."""

from __future__ import annotations

from django.db import connection


def update_from_values(table: str, key: str, columns: dict[str, str], rows: list[tuple]) -> None:
    """UPDATE table SET col = v.col ... FROM (VALUES (key, col...), ...) v
    WHERE table.key = v.key. `columns` maps column name to SQL type; each row is
    (key, *values) in that order. Identifiers come from our code, never from input."""
    if not rows:
        return
    row_sql = "(%s::bigint, " + ", ".join(f"%s::{sql_type}" for sql_type in columns.values()) + ")"
    sets = ", ".join(f"{name} = v.{name}" for name in columns)
    sql = (
        f"UPDATE {table} AS t SET {sets} FROM (VALUES "  # noqa: S608
        + ", ".join([row_sql] * len(rows))
        + f") AS v(k, {', '.join(columns)}) WHERE t.{key} = v.k"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
