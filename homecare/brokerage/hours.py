"""Hours derived from a weekly schedule of visits. Pure functions on plain values.

Two figures, kept apart on purpose:

- visit hours a week: how long the person receives care (a 30-minute double-up visit is 0.5 h);
- carer hours a week: the staff time a provider must find and is paid for (the same double-up
  visit is 1.0 h, two carers for half an hour).

Allocation (zone shares, capacity) and the awaiting care report's "hours required" use carer hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")

#: Time bands used by providers' capacity returns: (band, first minute of the day, end minute).
TIME_BANDS: list[tuple[str, int, int]] = [
    ("morning", 6 * 60, 11 * 60),
    ("lunch", 11 * 60, 14 * 60),
    ("tea", 14 * 60, 18 * 60),
    ("bed", 18 * 60, 22 * 60),
]
NIGHT = "night"  # 22:00 to 06:00


@dataclass(frozen=True)
class VisitPattern:
    days: int  # bit mask, Monday = 1
    start: dt.time
    duration_minutes: int
    carers: int = 1

    @property
    def days_per_week(self) -> int:
        return bin(self.days & 127).count("1")


@dataclass(frozen=True)
class WeeklyHours:
    visits: int
    visit_hours: Decimal
    carer_hours: Decimal


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weekly_hours(visits: Iterable[VisitPattern]) -> WeeklyHours:
    count = visit_minutes = carer_minutes = 0
    for v in visits:
        n = v.days_per_week
        count += n
        visit_minutes += n * v.duration_minutes
        carer_minutes += n * v.duration_minutes * v.carers
    return WeeklyHours(count, _hours(visit_minutes), _hours(carer_minutes))


def time_band(start: dt.time) -> str:
    """The band a visit starting at `start` falls in."""
    minute = start.hour * 60 + start.minute
    for name, first, end in TIME_BANDS:
        if first <= minute < end:
            return name
    return NIGHT


def carer_hours_by_band(visits: Iterable[VisitPattern]) -> dict[str, float]:
    """Carer hours a week needed in each time band (by the visit's start time)."""
    result: dict[str, float] = {}
    for v in visits:
        band = time_band(v.start)
        result[band] = result.get(band, 0.0) + v.days_per_week * v.duration_minutes * v.carers / 60
    return {k: round(h, 2) for k, h in result.items()}


def days_mask(day_indexes: Iterable[int]) -> int:
    mask = 0
    for i in day_indexes:
        if not 0 <= int(i) <= 6:
            raise ValueError(f"Day {i} is not 0 (Monday) to 6 (Sunday)")
        mask |= 1 << int(i)
    return mask
