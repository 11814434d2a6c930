"""The one writer of spreadsheet exports (CSV and XLSX): every export goes through it.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by a
spreadsheet as a formula ("CSV injection": a provider named `=HYPERLINK(...)` runs when a
commissioner opens the register). So:

- **Numbers stay numbers.** `int`, `Decimal` and `float` values are written as numbers, and text
  that is only a plain number (`-12.50`) is not escaped: negative amounts still add up. (In an XLSX
  text stays a text cell, so a reference such as `000123` keeps its zeros.)
- **Other text is made inert.** In a CSV a leading trigger character is escaped with an apostrophe
  (`'=HYPERLINK(...)`), the usual convention spreadsheets honour. In an XLSX the cell is written as
  a text cell (never a formula) marked with the "quote prefix" style, Excel's own escape: the text
  is kept exactly, and stays text even when the cell is edited.
- **Characters a spreadsheet cannot hold are removed**: control characters other than tab, line
  feed and carriage return, lone surrogates and the non-characters U+FFFE/U+FFFF; an XLSX cell keeps
  at most 32,767 characters.
- `None` is an empty cell; dates and times are written as dates (ISO 8601 in a CSV).

    response = exports.download("providers-2026-12-04", headings, rows, fmt="xlsx", sheet_title="Providers")
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")

CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Characters that make a spreadsheet read a cell as a formula (or start one via DDE).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: The most characters an XLSX cell holds.
XLSX_CELL_LIMIT = 32_767
#: Characters no spreadsheet (nor XML, nor UTF-8) can hold.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Text that is only a number: safe to leave as it is (and written as a number in an XLSX).
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def clean_text(text: str) -> str:
    """`text` without the characters a spreadsheet cannot hold."""
    return _UNHOLDABLE.sub("", text)


def is_plain_number(text: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(text) is not None


def needs_escape(text: str) -> bool:
    """Would a spreadsheet read this text as (the start of) a formula?"""
    return text.startswith(FORMULA_TRIGGERS) and not is_plain_number(text)


def csv_cell(value: Cell) -> Any:
    """A value as it is safe to write in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = clean_text(str(value))
    return "'" + text if needs_escape(text) else text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, lineterminator: str = "\r\n") -> str:
    """The rows as CSV text (the headers first), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        return WriteOnlyCell(sheet, "Yes" if value else "No")
    if value is None or isinstance(value, int | float | Decimal | dt.date | dt.datetime):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)  # XLSX has no time zones
        return WriteOnlyCell(sheet, value)
    text = clean_text(str(value))[:XLSX_CELL_LIMIT]
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"  # text, never a formula (openpyxl takes "=..." for one)
    if needs_escape(text):
        cell.quotePrefix = True
    return cell


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_title: str = "Export"
) -> bytes:
    """The rows as an XLSX workbook of one sheet (the headers first), every cell made safe.
    Written in openpyxl's streaming mode, so a large export is not held as cell objects."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=clean_text(sheet_title)[:31] or "Export")
    sheet.append([_xlsx_cell(sheet, h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    fmt: str,
    sheet_title: str = "Export",
) -> HttpResponse:
    """An attachment response with the rows as CSV or XLSX; `filename` without its extension."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    body: str | bytes = (
        write_csv(headers, rows) if fmt == "csv" else write_xlsx(headers, rows, sheet_title=sheet_title)
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.{fmt}"'
    return response


__all__ = [
    "FORMATS",
    "FORMULA_TRIGGERS",
    "clean_text",
    "csv_cell",
    "download",
    "needs_escape",
    "write_csv",
    "write_xlsx",
]
