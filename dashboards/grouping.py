"""Several GROUP BYs in one scan: SQL GROUPING SETS around an ORM-built subquery.

Django has no API for GROUPING SETS; a page that needs the same figures by period, by
agent, by team... would otherwise scan and join the same rows once per breakdown.
"""

from django.db import connection
from django.db.models import QuerySet


def grouping_sets(
    inner: QuerySet, groupings: dict[str, tuple[str, ...]], aggregates: str, params=()
) -> dict[str, list[dict]]:
    """Aggregate the rows of `inner` (a `.values()` queryset whose names the SQL uses)
    once per grouping; returns {grouping name: rows}. An empty tuple is the grand total.

    `aggregates` is constant SQL of ours (e.g. "COUNT(*) AS total"); values it needs
    travel in `params` (they come before the subquery's in the SQL text)."""
    sql, inner_params = inner.order_by().query.sql_with_params()
    keyed = {name: columns for name, columns in groupings.items() if columns}
    columns = [column for group in keyed.values() for column in group]
    flags = [f"GROUPING({group[0]}) AS g_{name}" for name, group in keyed.items()]
    sets = ", ".join(f"({', '.join(group)})" for group in groupings.values())
    select = ", ".join([*columns, *flags, aggregates])
    query = f"SELECT {select} FROM ({sql}) AS base GROUP BY GROUPING SETS ({sets})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *inner_params])
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    total = next((name for name, group in groupings.items() if not group), None)
    result = {name: [] for name in groupings}
    for row in rows:
        name = next((name for name in keyed if row[f"g_{name}"] == 0), total)
        result[name].append(row)
    return result
