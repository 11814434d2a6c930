"""Dates and times as councils and providers mean them: local (Europe/London) wall-clock times
that keep their meaning across British Summer Time changes, and England and Wales bank holidays
from the maintained `holidays` package."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=65536)
def local_datetime(day: dt.date, at: dt.time) -> dt.datetime:
    """The aware datetime of a wall-clock time on a local date.

    A time that does not exist (the hour skipped when clocks go forward, e.g. 01:30 on the last
    Sunday of March) is read as the same length of time after midnight in winter time, which is
    the next valid wall-clock time (02:30 BST). A time that happens twice (01:30 on the last
    Sunday of October) is the first occurrence, in summer time."""
    naive = dt.datetime.combine(day, at)
    aware = naive.replace(tzinfo=LONDON, fold=0)
    # Round-trip through UTC: a non-existent wall time comes back as the valid time it denotes.
    return aware.astimezone(dt.UTC).astimezone(LONDON)


def to_local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("Naive datetime: a time zone offset is required")
    return value.astimezone(LONDON)


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    # Bank holidays fall on weekdays; when one falls at a weekend the substitute day is listed too.
    return frozenset(day for day in calendar if day.weekday() < 5)


def is_bank_holiday(day: dt.date) -> bool:
    """England and Wales bank holiday (substitute days included, weekend dates excluded)."""
    return day in _bank_holidays(day.year)


def bank_holidays_between(start: dt.date, end: dt.date) -> list[dt.date]:
    days: set[dt.date] = set()
    for year in range(start.year, end.year + 1):
        days |= _bank_holidays(year)
    return sorted(d for d in days if start <= d <= end)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week containing `day`."""
    return day - dt.timedelta(days=day.weekday())
