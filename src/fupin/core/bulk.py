"""Fast inserts for large imports: rows and their history records written with one
``executemany`` each, instead of building a model instance per row.

Imports of a county (hundreds of thousands of rows) spend most of their time in the ORM's
per-object work, not in the database. These helpers keep the same result as
``bulk_create_with_history`` (the rows, and a "+" history record per row naming the user, the
reason and the time) and must be called inside the import's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.utils import timezone

from fupin.core.history import history_of

BATCH = 5_000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys no other row has or will get.

    PostgreSQL hands them out from the table's sequence; on SQLite the import's IMMEDIATE
    transaction holds the only write lock, so the ids above the current maximum are free.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT the rows (values in the order of ``columns``, attnames) into the model's table:
    PostgreSQL's COPY, several times faster there than row-by-row INSERTs; elsewhere one
    ``executemany`` per batch."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{_column(model, attname)}"' for attname in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def insert_with_history(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    user_id: int | None,
    reason: str,
    when: dt.datetime | None = None,
) -> list[int]:
    """Insert rows and a creation ("+") history record each; returns the primary keys. An
    automatic primary key gets fresh ids; any other (a village code) must be among ``columns``.
    Columns not given take the field's default, as a model instance would."""
    pk_field = model._meta.pk
    pk = pk_field.attname
    automatic = isinstance(pk_field, models.AutoField | models.BigAutoField)
    missing = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in columns and not (automatic and field.primary_key)
    ]
    defaults = tuple(field.get_default() for field in missing)
    if automatic:
        ids = reserve_ids(model, len(rows))
        columns = [pk, *columns, *(field.attname for field in missing)]
        with_defaults = [(new_id, *row, *defaults) for new_id, row in zip(ids, rows, strict=True)]
    else:
        ids = [row[list(columns).index(pk)] for row in rows]
        columns = [*columns, *(field.attname for field in missing)]
        with_defaults = [(*row, *defaults) for row in rows]
    insert_rows(model, columns, with_defaults)
    insert_history(model, ids, user_id=user_id, reason=reason, when=when)
    return ids


def insert_history(
    model: type[models.Model],
    ids: Sequence[Any],
    *,
    user_id: int | None,
    reason: str,
    when: dt.datetime | None = None,
) -> None:
    """A creation ("+") history record for each of the rows ``ids`` just inserted (in the same
    transaction), naming the user, the reason and the time.

    The database copies the records from the rows themselves (INSERT … SELECT), so each record
    holds exactly what the row holds, and the values are not bound a second time from Python:
    that binding cost as much as inserting the rows (SQLite, 950,000 rows: 6.7 s).
    """
    if not ids:
        return
    history = history_of(model).model
    names = ", ".join(f'"{field.column}"' for field in model._meta.concrete_fields)
    extras = ", ".join(
        typed_placeholder(history._meta.get_field(name))
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    insert_select(
        f'INSERT INTO "{history._meta.db_table}" ({names}, "history_date",'
        f' "history_change_reason", "history_type", "history_user_id")'
        f' SELECT {names}, {extras} FROM "{model._meta.db_table}"',
        [db_datetime(when or timezone.now()), reason, "+", user_id],
        model,
        ids,
    )


def insert_select(
    head: str, params: Sequence[Any], model: type[models.Model], ids: Sequence[Any]
) -> None:
    """Run ``head``, an ``INSERT … SELECT … FROM`` the model's table without a WHERE, over the
    rows whose primary key is among ``ids``, in key order. Ids reserved by ``reserve_ids`` are
    contiguous on SQLite (and nearly always on PostgreSQL), which one range condition selects;
    otherwise they are listed."""
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if _contiguous(ids):
            cursor.execute(
                f'{head} WHERE "{pk}" BETWEEN %s AND %s ORDER BY "{pk}"',
                [*params, ids[0], ids[-1]],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(f'{head} WHERE "{pk}" = ANY(%s) ORDER BY "{pk}"', [*params, list(ids)])
        else:
            for start in range(0, len(ids), BATCH):
                batch = list(ids[start : start + BATCH])
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f'{head} WHERE "{pk}" IN ({marks}) ORDER BY "{pk}"', [*params, *batch]
                )


def typed_placeholder(field: models.Field) -> str:
    """The placeholder of a value for ``field`` in the select list of an INSERT … SELECT.
    PostgreSQL types a bare parameter there as text, which a timestamp, number, boolean or JSON
    column refuses, so the value is cast to the column's type. Text is cast to ``text``, not to
    the column's ``varchar(n)``: that cast would silently cut a longer value, where the insert
    itself refuses it."""
    if connection.vendor != "postgresql":
        return "%s"
    if isinstance(field, models.CharField | models.TextField):
        return "%s::text"
    return f"%s::{field.cast_db_type(connection)}"  # type: ignore[attr-defined]  # missing from django-stubs


def _contiguous(ids: Sequence[Any]) -> bool:
    """Whether ``ids`` are the integers first, first + 1, …, in that order: then exactly the rows
    whose key lies between the first and the last are these."""
    first = ids[0]
    if not isinstance(first, int) or isinstance(first, bool):
        return False
    return list(ids) == list(range(first, first + len(ids)))


def db_datetime(value: dt.datetime) -> Any:
    """A datetime as Django itself would store it. Raw inserts bypass the fields' conversion, and
    sqlite3's own adapter would append "+00:00", which sorts apart from Django's own values."""
    return connection.ops.adapt_datetimefield_value(value)


def update_rows(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[models.Model]
) -> None:
    """UPDATE the fields ``attnames`` of each of ``rows`` (instances of ``model``, changed in
    memory) with one ``executemany``: ``bulk_update`` builds a CASE per field over every row,
    several times slower for a thousand rows. No history is written."""
    if not rows:
        return
    fields = [_field(model, attname) for attname in attnames]
    assignments = ", ".join(f'"{field.column}" = %s' for field in fields)
    values = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
        + [row.pk]
        for row in rows
    ]
    sql = f'UPDATE "{model._meta.db_table}" SET {assignments} WHERE "{model._meta.pk.column}" = %s'
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def _field(model: type[models.Model], attname: str) -> models.Field:
    """The concrete field behind an attname or a name (``household_id`` or ``household``)."""
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    raise FieldDoesNotExist(f"{model.__name__} has no field {attname!r}")


def _column(model: type[models.Model], attname: str) -> str:
    """The column behind an attname (``household_id`` → its foreign key's column)."""
    return _field(model, attname).column


def analyze(models_written: Sequence[type[models.Model]]) -> None:
    """Refresh the planner's statistics of tables that just grew a lot: right after a county is
    imported, PostgreSQL's planner still believes the tables empty and picks nested loops that
    make the next rule run many times slower (measured: 15 s instead of 1 s for 95,000 households)."""
    with connection.cursor() as cursor:
        for model in models_written:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
