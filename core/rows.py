"""A new row written with one plain INSERT (issue 18).

`row_insert(obj)` does what `obj.save(force_insert=True)` does for a model without
parents: the same signals (pre_save, then post_save with created=True), the same
values (each field's pre_save: auto_now, defaults already set by the constructor),
the router's database, the primary key set on the object. What it skips is the
SQL compiler, which builds the statement anew for every save: the statement is
built once per model. A third of the cost of a filing's three inserts (the PQR,
its clock, its first event). It does not call the model's own `save()`: a model
whose save() derives values must have them derived before (Pqr.rank_priority).
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Model
from django.db.models.signals import post_save, pre_save

# model -> (INSERT statement, fields in column order, auto primary key or None)
_statements: dict[type, tuple[str, list, object]] = {}


def _statement(model: type[Model], connection) -> tuple[str, list, object]:
    hit = _statements.get(model)
    if hit is None:
        meta = model._meta
        auto = meta.auto_field
        fields = [f for f in meta.local_concrete_fields if f is not auto]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Names come from the model, every value is bound.
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        if auto is not None:
            sql += f" RETURNING {quote(auto.column)}"
        hit = _statements[model] = (sql, fields, auto)
    return hit


def row_insert(obj: Model) -> None:
    model = type(obj)
    if model._meta.parents or model._meta.proxy:
        obj.save(force_insert=True)
        return
    using = router.db_for_write(model, instance=obj)
    connection = connections[using]
    obj._prepare_related_fields_for_save(operation_name="save")
    pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
    sql, fields, auto = _statement(model, connection)
    values = [f.pre_save(obj, True) for f in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        # A database default or an expression: the compiler's path.
        returning = [auto] if auto is not None else None
        rows = model._base_manager._insert(
            [obj], fields=fields, returning_fields=returning, using=using
        )
        if auto is not None:
            setattr(obj, auto.attname, rows[0][0])
    else:
        values = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            if auto is not None:
                setattr(obj, auto.attname, cursor.fetchone()[0])
    obj._state.adding = False
    obj._state.db = using
    post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=using
    )
