"""Shared machinery for file imports: read CSV/XLSX rows, report every problem with its row,
column and reason, and apply nothing unless the whole file is valid."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from homecare.core.actor import Actor
from homecare.core.errors import DomainError

MAX_LISTED_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    row: int | None  # the file's line number (1 = first line of the file), None for the whole file
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row is not None else "File"
        column = f", column {self.column}" if self.column else ""
        return f"{where}{column}: {self.reason}"


class ImportRejected(DomainError):
    """The file was refused; nothing was imported. `errors` lists every problem found."""

    def __init__(self, errors: Sequence[RowError], *, total: int | None = None):
        self.errors = list(errors)[:MAX_LISTED_ERRORS]
        self.total = total if total is not None else len(errors)
        first = "; ".join(str(e) for e in self.errors[:5])
        more = f" (and {self.total - 5} more)" if self.total > 5 else ""
        super().__init__(f"The file was not imported: {first}{more}")

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class ErrorCollector:
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str, reason: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(RowError(row, column, reason))

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportRejected(self.errors, total=self.total)


def open_text(source: str | Path | IO[bytes] | IO[str]) -> IO[str]:
    """Open a path or an uploaded file as text, accepting UTF-8 with or without a byte-order mark
    and falling back to Windows-1252 (as saved by Excel)."""
    if isinstance(source, str | Path):
        raw = Path(source).read_bytes()
    else:
        data = source.read()
        raw = data.encode() if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return io.StringIO(text, newline="")


def find_header(
    rows: Iterator[list[str]], required_any: Iterable[str], *, max_scan: int = 10
) -> tuple[int, list[str]]:
    """Skip banner rows above the header: the header is the first row that contains one of
    `required_any`. Returns (line number of the header, header cells)."""
    wanted = {w.strip().lower() for w in required_any}
    for line_no, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if wanted & {c.lower() for c in cells}:
            return line_no, cells
        if line_no >= max_scan:
            break
    raise ImportRejected([RowError(None, "", "No header row found: expected a row naming the columns")])


def csv_rows(handle: IO[str]) -> Iterator[list[str]]:
    return csv.reader(handle)


def require_columns(
    header: Sequence[str], required: Iterable[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> dict[str, int]:
    """Map each required column (or one of its aliases) to its index; reject naming every missing column."""
    index = {name.strip().lower(): i for i, name in enumerate(header)}
    found: dict[str, int] = {}
    missing = []
    for name in required:
        candidates = [name, *((aliases or {}).get(name, ()))]
        hit = next((index[c.lower()] for c in candidates if c.lower() in index), None)
        if hit is None:
            missing.append(name)
        else:
            found[name] = hit
    if missing:
        raise ImportRejected(
            [RowError(None, m, f"Required column {m!r} is missing from the header") for m in missing]
        )
    return found


def cell(row: Sequence[str], index: dict[str, int], name: str) -> str:
    i = index.get(name)
    if i is None or i >= len(row):
        return ""
    return row[i].strip()


def as_dicts(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}


def record_import(*, by: Actor, kind: str, file_name: str, summary: dict[str, Any]) -> Any:
    """Keep a record of an accepted import and audit it."""
    from homecare.core import audit
    from homecare.core.models import ImportRun

    run = ImportRun.objects.create(
        kind=kind, file_name=file_name[:300], actor_label=by.label, summary=summary
    )
    audit.record(by=by, action="imported", obj=run, changes=summary)
    return run


def record_batch(*, by: Actor, kind: str, summary: dict[str, Any]) -> Any:
    """Keep a record of a batch operation run by a job or command (no file), and audit it."""
    return record_import(by=by, kind=kind, file_name="", summary=summary)
