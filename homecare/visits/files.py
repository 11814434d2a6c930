"""Reading call-monitoring exports from providers' systems: CSV (one event a row, with the API's
field names as columns) or JSON (a list of events, or {"events": [...]}).

A file is read as a stream (`homecare.core.imports.open_text`: size limit, encoding, binary files
refused): CSV rows are yielded one at a time, so a large export is never held whole. Each event's
values are checked by the ingest, event by event (the same rule as the API), so that
`--accept-valid` can keep the good rows of a file with a bad one."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from homecare.core.imports import ErrorCollector, ImportRejected, RowError, csv_rows, open_text
from homecare.visits.services.ingest import FIELDS

REQUIRED_COLUMNS = ("event_id", "carer_ref", "event_type", "timestamp", "method")


def read_events(path: Path) -> tuple[Iterable[dict[str, Any]], int]:
    """The events in a file (a list for JSON, a stream of rows for CSV) and the line (CSV) or
    position (JSON) of the first; raises ImportRejected naming what is wrong with the file as a
    whole."""
    handle = open_text(path)
    if path.suffix.lower() == ".json" or _first_character(handle) in ("[", "{"):
        return _json_events(handle), 1
    rows = csv_rows(handle, check=False)
    header = [h.strip().lower() for h in next(rows, [])]
    errors = ErrorCollector()
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.add(None, column, f"Required column {column!r} is missing from the header")
    if "package_ref" not in header and "person_ref" not in header:
        errors.add(None, "package_ref", "The file needs a package_ref or a person_ref column")
    for column in header:
        if column and column not in FIELDS:
            errors.add(None, column[:100], f"{column[:100]!r} is not a field of a visit event")
    errors.raise_if_any()
    return (dict(_row(header, row)) for row in rows if any(c.strip() for c in row)), 2


def _first_character(handle: IO[str]) -> str:
    """The first character that is not white space (the stream is put back at its start)."""
    start = handle.tell()
    first = ""
    while chunk := handle.read(4096):
        first = chunk.lstrip()[:1]
        if first:
            break
    handle.seek(start)
    return first


def _json_events(handle: IO[str]) -> list[Any]:
    try:
        data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise ImportRejected([RowError(exc.lineno, "", f"Not valid JSON: {exc.msg}")]) from exc
    except RecursionError as exc:
        raise ImportRejected([RowError(None, "", "The JSON is nested too deeply to read")]) from exc
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise ImportRejected([RowError(None, "", f"Not valid JSON: {exc}")]) from exc
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise ImportRejected(
            [RowError(None, "events", "Expected a list of events or an object with 'events'")]
        )
    return events


def _row(header: list[str], row: list[str]) -> Iterator[tuple[str, Any]]:
    for name, value in zip(header, row, strict=False):
        if value.strip() != "":
            yield name, value
