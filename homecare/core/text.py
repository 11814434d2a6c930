"""Text from outside (file imports, forms, the API, call-monitoring events) is checked here, once.

The rule, for every field:

- no NUL character (PostgreSQL cannot store it, and it truncates text in C libraries);
- no unpaired UTF-16 surrogate (U+D800-U+DFFF on its own is not Unicode text: no database can
  store it and no encoder can write it);
- no control character (U+0000-U+001F, U+007F-U+009F) and no Unicode non-character (U+FFFE,
  U+FFFF), except tab, line feed and carriage return in multi-line text (notes, addresses);
- no longer than the field's limit (by default 1,000 characters on one line, 20,000 in multi-line
  text).

A value that breaks the rule is refused with the reason, never cleaned: a reference with a
character removed (a `carer_ref` or `visit_ref`) could match someone else's record. The only change
ever made is trimming surrounding whitespace where the caller asks for it (`check_text`).

`text_problem` is the pure rule (no Django). Adapters for each channel live here too, so that every
channel uses the same rule: `TextValidator` (Django forms; `GovukFormMixin` puts it on every
CharField), the pydantic types `Text`, `LongText`, `Ref` for the API's schemas, `Id`, `Count` and
`SaneDate` for numbers and dates, and `check_text` for file imports and call-monitoring events.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

SINGLE_LINE_MAX = 1_000
MULTI_LINE_MAX = 20_000
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# Database-safe bounds: a primary key (64-bit) and a count of anything (people, hours, staff).
MAX_ID = 2**63 - 1
MAX_COUNT = 1_000_000
# The bounds of a 32-bit integer column, for form fields that name none.
MIN_INT, MAX_INT = -(2**31), 2**31 - 1

_NONCHARACTERS = "\ufffe\uffff"
_SINGLE_LINE_BAD = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_MULTI_LINE_BAD = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


class BadText(ValueError):
    """A value broke the text rule; `reason` says how (e.g. "contains a NUL character at position 3")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def text_problem(value: str, *, multiline: bool = False, max_length: int | None = None) -> str | None:
    """Why `value` is not acceptable text, or None if it is. Pure; the one rule for every channel."""
    limit = max_length if max_length is not None else (MULTI_LINE_MAX if multiline else SINGLE_LINE_MAX)
    if len(value) > limit:
        return f"is longer than {limit} characters (it has {len(value)})"
    found = (_MULTI_LINE_BAD if multiline else _SINGLE_LINE_BAD).search(value)
    if found is None:
        return None
    char, position = found.group(), found.start() + 1
    code = ord(char)
    if code == 0:
        return f"contains a NUL character at position {position}"
    if 0xD800 <= code <= 0xDFFF:
        return f"contains an unpaired surrogate U+{code:04X} at position {position}: the text is not valid Unicode"
    if char in "\t\n\r":
        return f"contains a line break or tab at position {position}; this field is a single line"
    if char in _NONCHARACTERS:
        return f"contains the Unicode non-character U+{code:04X} at position {position}"
    return f"contains the control character U+{code:04X} at position {position}"


def check_text(value: str, *, multiline: bool = False, max_length: int | None = None) -> str:
    """`value` without surrounding whitespace, if it is acceptable text; raises BadText otherwise.

    The value is checked as received (so a control character at either end is refused, not
    trimmed away), then trimmed, then checked again against the field's shape and length."""
    problem = text_problem(value, multiline=True, max_length=max(len(value), 1))
    if problem is None:
        value = value.strip()
        problem = text_problem(value, multiline=multiline, max_length=max_length)
    if problem is not None:
        raise BadText(problem)
    return value


def date_problem(
    value: dt.date, *, earliest: dt.date = EARLIEST_DATE, latest: dt.date = LATEST_DATE
) -> str | None:
    """Why a date is outside the sane range (1900 to 2100 unless the field says otherwise), or None."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if day < earliest or day > latest:
        return f"must be between {earliest:%d %B %Y} and {latest:%d %B %Y}"
    return None


# --- Django forms -----------------------------------------------------------------------------


class TextValidator:
    """The text rule as a Django validator (forms and model fields)."""

    def __init__(self, *, multiline: bool = False, max_length: int | None = None):
        self.multiline, self.max_length = multiline, max_length

    def __call__(self, value: Any) -> None:
        from django.core.exceptions import ValidationError

        if not isinstance(value, str):
            return
        problem = text_problem(value, multiline=self.multiline, max_length=self.max_length)
        if problem is not None:
            raise ValidationError(f"The text {problem}", code="bad_text")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and (self.multiline, self.max_length) == (
            other.multiline,
            other.max_length,
        )

    def __hash__(self) -> int:
        return hash((self.multiline, self.max_length))


class DateRangeValidator:
    """The sane date range as a Django validator."""

    def __call__(self, value: Any) -> None:
        from django.core.exceptions import ValidationError

        if isinstance(value, dt.date) and (problem := date_problem(value)):
            raise ValidationError(f"The date {problem}", code="date_range")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRangeValidator)

    def __hash__(self) -> int:
        return hash(DateRangeValidator)


# --- pydantic (the API's schemas) ---------------------------------------------------------------


def _pydantic_text(*, multiline: bool, max_length: int) -> AfterValidator:
    def check(value: str) -> str:
        problem = text_problem(value, multiline=multiline, max_length=max_length)
        if problem is not None:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


def _pydantic_date(value: dt.date) -> dt.date:
    problem = date_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


# One line of text, as sent (never trimmed or changed), up to 200 characters.
Text = Annotated[str, StringConstraints(max_length=200), _pydantic_text(multiline=False, max_length=200)]
# Multi-line text (notes, reasons), up to 5,000 characters.
LongText = Annotated[
    str, StringConstraints(max_length=5_000), _pydantic_text(multiline=True, max_length=5_000)
]
# A reference (a council reference, a zone code): one line, up to 100 characters, never changed.
Ref = Annotated[
    str, StringConstraints(min_length=1, max_length=100), _pydantic_text(multiline=False, max_length=100)
]
# A database id in a path or a body.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A count (staff, vacancies, people): 0 to a million.
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
# A date between 1900 and 2100.
SaneDate = Annotated[dt.date, AfterValidator(_pydantic_date)]
