"""Shared machinery for file imports: read CSV/XLSX rows, report every problem with its row,
column and reason, and apply nothing unless the whole file is valid.

Files are read as streams, never whole: `open_text` refuses a file over `UPLOAD_MAX_MB`, finds its
encoding in one pass over the bytes (UTF-8 with or without a byte-order mark, UTF-16 with one, or
Windows-1252 as Excel saves it; anything else, or a binary file, is refused with a message) and
decodes it as it is read. `csv_rows` checks every cell with the one text rule
(`homecare.core.text`) as it reads it, and `cell` checks the value of a single-line column, so a
NUL, an unpaired surrogate, a control character or an over-long value is refused with its row and
column, before any of it reaches the database.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.core.text import MULTI_LINE_MAX, BadText, check_text, text_problem

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


KNOWN_ENCODINGS = "UTF-8, UTF-16 with a byte-order mark, or Windows-1252"
_CHUNK = 1 << 20
_NOT_CP1252 = re.compile(b"[\x81\x8d\x8f\x90\x9d]")  # the five bytes Windows-1252 leaves undefined
_MB = 1024 * 1024


def _refused(reason: str, row: int | None = None, column: str = "") -> ImportRejected:
    return ImportRejected([RowError(row, column, reason)])


def upload_limit_mb() -> float:
    from django.conf import settings

    return float(getattr(settings, "UPLOAD_MAX_MB", 20))


def check_size(size: int) -> None:
    """Refuse a file larger than the UPLOAD_MAX_MB setting."""
    limit = upload_limit_mb()
    if size > limit * _MB:
        raise _refused(f"The file is {size / _MB:.1f} MB; the limit is {limit:g} MB (setting UPLOAD_MAX_MB)")


def open_binary(source: str | Path | IO[bytes] | IO[str]) -> IO[bytes]:
    """A seekable binary stream over a path, an uploaded file or a stream, at its start; refused if
    larger than UPLOAD_MAX_MB. A stream that cannot seek is copied to a temporary file (on disk
    beyond a few megabytes), never held whole in memory."""
    if isinstance(source, str | Path):
        path = Path(source)
        check_size(path.stat().st_size)
        return path.open("rb")
    if isinstance(source, io.TextIOBase):
        data = source.read().encode("utf-8", "surrogatepass")
        check_size(len(data))
        return io.BytesIO(data)
    stream: Any = getattr(source, "file", None) or source  # an uploaded file: its underlying file
    if stream.seekable():
        start = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(start)
        check_size(end - start)
        return stream
    spool: Any = tempfile.SpooledTemporaryFile(max_size=8 * _MB)  # noqa: SIM115 - returned open
    total = 0
    while chunk := stream.read(_CHUNK):
        data = chunk.encode("utf-8", "surrogatepass") if isinstance(chunk, str) else chunk
        total += len(data)
        check_size(total)
        spool.write(data)
    spool.seek(0)
    return spool


def detect_encoding(stream: IO[bytes]) -> str:
    """The encoding of a text file, found in one pass over its bytes (the stream is put back where
    it was). Refuses, with the line, a binary file or one in none of the known encodings."""
    start = stream.tell()
    head = stream.read(4)
    stream.seek(start)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"PK\x03\x04"):
        raise _refused("This is a spreadsheet or zip file, not a CSV file: save it as CSV (UTF-8) first")
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, line = True, 1
    try:
        while chunk := stream.read(_CHUNK):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                line += chunk.count(b"\n", 0, nul)
                raise _refused(f"This is not a text file: it holds a NUL byte (line {line})")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            line += chunk.count(b"\n")
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return "utf-8"
        stream.seek(start)
        line = 1
        while chunk := stream.read(_CHUNK):
            bad = _NOT_CP1252.search(chunk)
            if bad is not None:
                line += chunk.count(b"\n", 0, bad.start())
                raise _refused(
                    f"The file is not text in a known encoding ({KNOWN_ENCODINGS}): "
                    f"byte 0x{bad.group()[0]:02X} on line {line} is not a character in any of them"
                )
            line += chunk.count(b"\n")
        return "cp1252"
    finally:
        stream.seek(start)


def open_text(source: str | Path | IO[bytes] | IO[str]) -> IO[str]:
    """Open a path or an uploaded file as text, decoded as it is read (see the module's docstring
    for the encodings accepted, the size limit and what is refused)."""
    stream = open_binary(source)
    encoding = detect_encoding(stream)
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def find_header(
    rows: Iterator[list[str]], required_any: Iterable[str], *, max_scan: int = 10
) -> tuple[int, list[str]]:
    """Skip banner rows above the header: the header is the first row that contains one of
    `required_any`. Returns (line number of the header, header cells)."""
    wanted = {w.strip().lower() for w in required_any}
    for line_no, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if wanted & {c.lower() for c in cells}:
            if isinstance(rows, TextRows):
                rows.header = cells
            return line_no, cells
        if line_no >= max_scan:
            break
    raise ImportRejected([RowError(None, "", "No header row found: expected a row naming the columns")])


class Row(list[str]):
    """A row of cells that knows its row number in the file (1 = the first row)."""

    __slots__ = ("line",)
    line: int


class TextRows(Iterator[list[str]]):
    """The rows of a CSV file, each cell checked by the text rule as it is read (unless `check` is
    off, for readers that check each value themselves, such as call-monitoring events). A row with
    a bad cell stops the import: the rest of the file is scanned for more of them, every one is
    reported with its row and column, and nothing is imported. `header` (set by `find_header`)
    names the columns in those reports."""

    def __init__(self, handle: IO[str], *, check: bool = True):
        self._reader = csv.reader(handle)
        self._check = check
        self.line = 0
        self.header: list[str] | None = None

    def __iter__(self) -> TextRows:
        return self

    def _read(self) -> list[str]:
        try:
            return next(self._reader)
        except csv.Error as exc:
            raise _refused(f"This is not a valid CSV file: {exc}", self.line + 1) from None
        except UnicodeDecodeError as exc:
            raise _refused(f"The file is not valid {exc.encoding} text", self.line + 1) from None

    def __next__(self) -> list[str]:
        row = self._next_row()
        if self._check:
            problems = self._problems(row)
            if problems:
                self._reject(problems)
        return row

    def _next_row(self) -> Row:
        cells = self._read()
        self.line += 1
        row = Row(cells)
        row.line = self.line
        return row

    def _reject(self, problems: list[tuple[int, str, str]]) -> None:
        """Scan the rest of the file for more bad cells, then refuse it naming every one."""
        errors = ErrorCollector()
        while True:
            for problem in problems:
                errors.add(*problem)
            try:
                problems = self._problems(self._next_row())
            except StopIteration:
                break
        raise ImportRejected(errors.errors, total=errors.total)

    def _problems(self, row: Row) -> list[tuple[int, str, str]]:
        joined = ",".join(row)  # one search per row; each cell is looked at only if it finds something
        if text_problem(joined, multiline=True, max_length=len(joined)) is None and all(
            len(c) <= MULTI_LINE_MAX for c in row
        ):
            return []
        problems = []
        for i, value in enumerate(row):
            problem = text_problem(value, multiline=True)
            if problem is not None:
                problems.append((row.line, self._column(i), problem))
        return problems

    def _column(self, i: int) -> str:
        if self.header is not None and i < len(self.header) and self.header[i]:
            return self.header[i]
        return f"column {i + 1}"


def csv_rows(handle: IO[str], *, check: bool = True) -> TextRows:
    """The rows of a CSV file, every cell checked by the text rule (see `TextRows`)."""
    return TextRows(handle, check=check)


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


def checked_cell(row: Sequence[str], column: str, value: str, *, multiline: bool = False) -> str:
    """A cell's value without surrounding whitespace, if it passes the text rule for a single-line
    (or `multiline`) column; otherwise the file is refused naming the row and column."""
    try:
        return check_text(value, multiline=multiline)
    except BadText as exc:
        raise _refused(exc.reason, getattr(row, "line", None), column) from None


def cell(row: Sequence[str], index: dict[str, int], name: str, *, multiline: bool = False) -> str:
    """The value of column `name` in `row` (checked: see `checked_cell`); "" if the row is short."""
    i = index.get(name)
    if i is None or i >= len(row):
        return ""
    return checked_cell(row, name, row[i], multiline=multiline)


def as_dicts(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {h: (checked_cell(row, h, row[i]) if i < len(row) else "") for i, h in enumerate(header)}


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
