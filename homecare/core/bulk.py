"""Fast multi-row inserts for high-volume tables (dated visits, call-monitoring events).

Django's `bulk_create` prepares every value of every row through the full model machinery; for
hundreds of thousands of rows that dominates the time. `insert_rows` takes plain tuples in the
order of `fields`, adapts only the types that need it for the database in use, and sends them with
one `executemany` on SQLite (which runs it natively) or, on PostgreSQL, a COPY into a temporary
table followed by one `INSERT ... SELECT` (no per-row statements, no query parsing of thousands of
parameters)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
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
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return lambda v: json.dumps(v, cls=field.encoder)
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
    columns = _columns(meta, fields)
    adapters = [_adapter(f) for f in columns]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    if connection.vendor == "postgresql":
        return _pg_insert(meta, columns, names, rows, adapters, ignore_conflicts)
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    if ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    inserted = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(
                tuple(
                    a(v) if a is not None and v is not None else v for a, v in zip(adapters, row, strict=True)
                )
            )
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                inserted += max(cursor.rowcount, 0)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            inserted += max(cursor.rowcount, 0)
    return inserted


def _staging(cursor: Any, columns: list[Any], rows: Iterable[Sequence[Any]], key: Any = None) -> str:
    """Copy rows into a fresh temporary table (PostgreSQL COPY: no per-row statements)."""
    name = "_homecare_staging"
    cols = ([key] if key is not None else []) + columns
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {name} ({', '.join(f'c{i} {c.db_type(connection)}' for i, c in enumerate(cols))})"
    )
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    with raw.copy(f"COPY {name} ({', '.join(f'c{i}' for i in range(len(cols)))}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return name


def _pg_insert(
    meta: Any,
    columns: list[Any],
    names: str,
    rows: Iterable[Sequence[Any]],
    adapters: list[Any],
    ignore_conflicts: bool,
) -> int:
    quote = connection.ops.quote_name
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    inserted = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while True:
            # Materialise a chunk first: the rows may come from a server-side cursor on this same
            # connection, which cannot be read while the connection is in COPY mode.
            chunk = [
                tuple(
                    a(v) if a is not None and v is not None else v for a, v in zip(adapters, row, strict=True)
                )
                for row in itertools.islice(iterator, 20_000)
            ]
            if not chunk:
                return inserted
            staging = _staging(cursor, columns, chunk)
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT {', '.join(f'c{i}' for i in range(len(columns)))} "  # noqa: S608
                f"FROM {staging}{conflict}"
            )
            inserted += max(cursor.rowcount, 0)
            cursor.execute(f"DROP TABLE {staging}")


def _is_field(meta: Any, name: str) -> bool:
    try:
        meta.get_field(name)
    except Exception:
        return False
    return True


def _columns(meta: Any, fields: Sequence[str]) -> list[Any]:
    """Model fields for attribute names (``package_id`` is the ``package`` foreign key)."""
    return [
        meta.get_field(
            name.removesuffix("_id") if name.endswith("_id") and not _is_field(meta, name) else name
        )
        for name in fields
    ]


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


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], *, batch_size: int = 5000
) -> None:
    """Set `fields` on many rows: each row is (primary key, value, value, ...). On PostgreSQL the rows
    are copied into a temporary table and applied with one `UPDATE ... FROM`; SQLite runs an
    `executemany` of single-row updates."""
    meta = model._meta
    columns = _columns(meta, fields)
    adapters = [_adapter(f) for f in columns]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    assert meta.pk is not None
    pk = quote(str(meta.pk.column))
    prepared = (
        (
            row[0],
            *(a(v) if a is not None and v is not None else v for a, v in zip(adapters, row[1:], strict=True)),
        )
        for row in rows
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = (
                f"UPDATE {table} SET {', '.join(f'{quote(c.column)} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608
            )
            batch = [(*row[1:], row[0]) for row in prepared]
            for k in range(0, len(batch), batch_size):
                cursor.executemany(sql, batch[k : k + batch_size])
            return
        staging = _staging(cursor, columns, list(prepared), key=meta.pk)
        assignments = ", ".join(f"{quote(c.column)} = s.c{i + 1}" for i, c in enumerate(columns))
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {staging} AS s WHERE t.{pk} = s.c0")  # noqa: S608
        cursor.execute(f"DROP TABLE {staging}")
