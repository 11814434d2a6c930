"""Fast multi-row inserts for high-volume tables (dated visits, call-monitoring events).

Django's `bulk_create` prepares every value of every row through the full model machinery; for
hundreds of thousands of rows that dominates the time. `insert_rows` takes plain tuples in the
order of `fields`, adapts only the types that need it for the database in use, and sends them with
one `executemany` (SQLite runs it natively; psycopg 3 pipelines it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models


def _sqlite_datetime(value: dt.datetime) -> str:
    # As Django stores them on SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
    if value.tzinfo is None:
        return value.isoformat(" ")
    return value.astimezone(dt.UTC).isoformat(" ")[:-6]  # drop the "+00:00"


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime if connection.vendor == "sqlite" else None
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
    batch_size: int = 5000,
) -> int:
    """Insert rows (tuples of values for `fields`, by attribute name, e.g. `package_id`).
    With `ignore_conflicts`, rows that break a unique constraint are skipped. Returns the number of
    rows the database reports as inserted."""
    meta = model._meta
    columns: list[Any] = [
        meta.get_field(
            name.removesuffix("_id") if name.endswith("_id") and not _is_field(meta, name) else name
        )
        for name in fields
    ]
    adapters = [_adapter(f) for f in columns]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) VALUES "  # noqa: S608
    one = f"({', '.join(['%s'] * len(columns))})"
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    # PostgreSQL: one statement with many rows (far fewer round trips); SQLite: executemany, which
    # it runs natively.
    rows_per_statement = (
        max(1, min(batch_size, 60_000 // len(columns))) if connection.vendor == "postgresql" else 1
    )
    inserted = 0
    batch: list[tuple[Any, ...]] = []

    def flush(cursor: Any) -> int:
        if rows_per_statement == 1:
            cursor.executemany(head + one + tail, batch)
            return max(cursor.rowcount, 0)
        count = 0
        for k in range(0, len(batch), rows_per_statement):
            part = batch[k : k + rows_per_statement]
            cursor.execute(head + ", ".join([one] * len(part)) + tail, [v for row in part for v in row])
            count += max(cursor.rowcount, 0)
        return count

    with connection.cursor() as cursor:
        for row in rows:
            batch.append(
                tuple(
                    a(v) if a is not None and v is not None else v for a, v in zip(adapters, row, strict=True)
                )
            )
            if len(batch) >= batch_size:
                inserted += flush(cursor)
                batch = []
        if batch:
            inserted += flush(cursor)
    return inserted


def _is_field(meta: Any, name: str) -> bool:
    try:
        meta.get_field(name)
    except Exception:
        return False
    return True


def _reader(field: Any) -> Callable[[Any], Any] | None:
    """How to turn a raw database value into the Python value the ORM would give (fast paths
    for the types that need it on SQLite; PostgreSQL's driver already returns them)."""
    if connection.vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return _read_sqlite_datetime
    if isinstance(field, models.DateField):
        return lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(field, models.BooleanField):
        return lambda v: bool(v) if v is not None else v
    if isinstance(field, models.DecimalField):
        from decimal import Decimal

        return lambda v: Decimal(str(v)) if v is not None else v
    return None


def _read_sqlite_datetime(value: Any) -> Any:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def fetch_rows(queryset: models.QuerySet, fields: Sequence[str]) -> list[tuple[Any, ...]]:
    """`queryset.values_list(*fields)` without the ORM's per-value converters: the same values
    (aware UTC datetimes, dates, booleans) at a fraction of the cost, for large reads."""
    values = queryset.values_list(*fields)
    sql, params = values.query.get_compiler(using=queryset.db).as_sql()
    meta = queryset.model._meta
    readers = []
    for name in fields:
        if name == "pk":
            field = meta.pk
        elif name.endswith("_id") and not _is_field(meta, name):
            field = meta.get_field(name.removesuffix("_id"))
        else:
            field = meta.get_field(name)
        readers.append(_reader(field))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not any(readers):
        return [tuple(r) for r in rows]
    return [tuple(f(v) if f is not None else v for f, v in zip(readers, row, strict=True)) for row in rows]


def sql_datetime(value: dt.datetime | None) -> Any:
    """A datetime as a raw query parameter for the database in use (None stays None)."""
    if value is None or connection.vendor != "sqlite":
        return value
    return _sqlite_datetime(value)
