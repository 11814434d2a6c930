"""Reading call-monitoring exports from providers' systems: CSV (one event a row, with the API's
field names as columns) or JSON (a list of events, or {"events": [...]})."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from homecare.core.imports import ErrorCollector, ImportRejected, RowError, csv_rows, open_text
from homecare.visits.services.ingest import FIELDS

REQUIRED_COLUMNS = ("event_id", "carer_ref", "event_type", "timestamp", "method")


def read_events(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The events in a file and the line (CSV) or position (JSON) of the first; raises
    ImportRejected naming what is wrong with the file as a whole."""
    text = open_text(path).read()
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportRejected([RowError(exc.lineno, "", f"Not valid JSON: {exc.msg}")]) from exc
        events = data.get("events") if isinstance(data, dict) else data
        if not isinstance(events, list):
            raise ImportRejected(
                [RowError(None, "events", "Expected a list of events or an object with 'events'")]
            )
        return events, 1
    rows = csv_rows(open_text(path))
    header = [h.strip().lower() for h in next(rows, [])]
    errors = ErrorCollector()
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.add(None, column, f"Required column {column!r} is missing from the header")
    if "package_ref" not in header and "person_ref" not in header:
        errors.add(None, "package_ref", "The file needs a package_ref or a person_ref column")
    for column in header:
        if column and column not in FIELDS:
            errors.add(None, column, f"{column!r} is not a field of a visit event")
    errors.raise_if_any()
    return [dict(_row(header, row)) for row in rows if any(c.strip() for c in row)], 2


def _row(header: list[str], row: list[str]) -> Iterator[tuple[str, Any]]:
    for name, value in zip(header, row, strict=False):
        value = value.strip()
        if value != "":
            yield name, value
