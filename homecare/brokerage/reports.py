"""The awaiting care list report and hospital discharge delays, computed from package dates (so an
imported history gives the same figures as one recorded live).

Awaiting care list, one row a week
----------------------------------
- A *case* is one package episode. It waits from ``referred_on`` (inclusive) until ``placed_on``,
  or until ``ended_on`` if it was cancelled before placement (exclusive): it is waiting on day d when
  referred_on <= d < stop. A case referred and placed on the same day never waits.
- Weeks start on Monday and end on Sunday. A case counts in a week if it was waiting on at least one
  day of that week.
- Its wait in that week is measured at the end of the week (the Sunday) or at the day it stopped
  waiting, whichever comes first: ``min(sunday, stop) - referred_on`` in days. (So a case referred
  on a Sunday waits 0 days at the end of that week.)
- ``health_cases`` are cases funded by NHS Continuing Healthcare, and joint (council and NHS)
  cases, which councils report with health; every other case (council, direct payment,
  self-funder brokered by the council) is a ``council_cases`` case.
- ``longest_wait_days`` and ``average_wait_days`` are over all the week's cases;
  ``average_hours_required`` is the mean of their carer hours a week (a double-up hour counts twice).
  Both averages are given to two decimals, rounded half up, in the page, the CSV and the table.
  Weeks with no case show 0 cases and empty figures.

Hospital discharge delays
-------------------------
A hospital referral loses one bed day for each day from ``ready_for_discharge_on`` (inclusive) to
the day care starts (``started_on``, exclusive); while care has not started the count runs to today.
Monthly totals count the bed days that fall in each calendar month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from homecare.brokerage.models import Funding, Package, ReferralSource
from homecare.brokerage.models.referrals import HEALTH_FUNDING
from homecare.core import exports

ACL_COLUMNS = [
    "week_start",
    "council_cases",
    "health_cases",
    "longest_wait_days",
    "average_wait_days",
    "average_hours_required",
]
BED_DAY_COLUMNS = ["month", "packages_delayed", "bed_days_lost"]


@dataclass(frozen=True)
class Episode:
    referred_on: dt.date
    stop: dt.date | None  # placed_on, or ended_on when cancelled before placement
    funding: str
    carer_hours: Decimal


@dataclass(frozen=True)
class AclWeek:
    week_start: dt.date
    council_cases: int
    health_cases: int
    longest_wait_days: int | None
    average_wait_days: Decimal | None
    average_hours_required: Decimal | None

    def as_row(self) -> list[str]:
        return [
            self.week_start.isoformat(),
            str(self.council_cases),
            str(self.health_cases),
            "" if self.longest_wait_days is None else str(self.longest_wait_days),
            "" if self.average_wait_days is None else str(self.average_wait_days),
            "" if self.average_hours_required is None else str(self.average_hours_required),
        ]


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _mean(values: Sequence[Decimal | int]) -> Decimal:
    """The mean to two decimals, half up (councils publish 13.68 hours and 6.63 days)."""
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def acl_weeks(episodes: Iterable[Episode], *, date_from: dt.date, date_to: dt.date) -> list[AclWeek]:
    """One row for each week (Monday start) that overlaps date_from..date_to."""
    first = monday(date_from)
    weeks = [first + dt.timedelta(weeks=i) for i in range((monday(date_to) - first).days // 7 + 1)]
    buckets: dict[dt.date, list[tuple[Episode, int]]] = {w: [] for w in weeks}
    last_sunday = weeks[-1] + dt.timedelta(days=6)
    for e in episodes:
        end = e.stop - dt.timedelta(days=1) if e.stop else last_sunday  # last day waiting
        if end < e.referred_on or end < first or e.referred_on > last_sunday:
            continue
        week = max(monday(e.referred_on), first)
        while week <= weeks[-1] and week <= end:
            sunday = week + dt.timedelta(days=6)
            measured = min(sunday, e.stop) if e.stop else sunday
            buckets[week].append((e, (measured - e.referred_on).days))
            week += dt.timedelta(weeks=1)
    rows = []
    for week in weeks:
        cases = buckets[week]
        health = sum(1 for e, _ in cases if e.funding in HEALTH_FUNDING)
        waits = [w for _, w in cases]
        rows.append(
            AclWeek(
                week_start=week,
                council_cases=len(cases) - health,
                health_cases=health,
                longest_wait_days=max(waits) if waits else None,
                average_wait_days=_mean(waits) if waits else None,
                average_hours_required=_mean([e.carer_hours for e, _ in cases]) if cases else None,
            )
        )
    return rows


def episodes(*, date_from: dt.date, date_to: dt.date) -> list[Episode]:
    """Package episodes that may have waited in the weeks (Monday to Sunday) that overlap the two
    dates. The bounds are whole weeks, so a week's figures never depend on the day the period
    starts: a case placed on the Wednesday of the first week still counts in that week."""
    first = monday(date_from)
    last_sunday = monday(date_to) + dt.timedelta(days=6)
    rows = (
        Package.objects.filter(referred_on__lte=last_sunday)
        .exclude(placed_on__lte=first)
        .values_list("referred_on", "placed_on", "ended_on", "funding", "carer_hours_per_week")
    )
    result = []
    for referred_on, placed_on, ended_on, funding, hours in rows:
        stop = placed_on or ended_on
        if stop is not None and stop <= first:  # stopped waiting before the first week
            continue
        result.append(Episode(referred_on, stop, funding, hours))
    return result


def acl_report(*, date_from: dt.date, date_to: dt.date) -> list[AclWeek]:
    return acl_weeks(episodes(date_from=date_from, date_to=date_to), date_from=date_from, date_to=date_to)


# Hospital discharge delays ------------------------------------------------------------------------


@dataclass(frozen=True)
class Delay:
    ready_on: dt.date
    started_on: dt.date | None  # None: care has not started yet

    def bed_days(self, today: dt.date) -> int:
        return max(0, ((self.started_on or today) - self.ready_on).days)


@dataclass(frozen=True)
class BedDayMonth:
    month: dt.date  # first day of the month
    packages_delayed: int
    bed_days_lost: int

    def as_row(self) -> list[str]:
        return [f"{self.month:%Y-%m}", str(self.packages_delayed), str(self.bed_days_lost)]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def bed_days_by_month(
    delays: Iterable[Delay], *, date_from: dt.date, date_to: dt.date, today: dt.date
) -> list[BedDayMonth]:
    months = []
    m = _month_start(date_from)
    while m <= date_to:
        months.append(m)
        m = _next_month(m)
    totals = {m: [0, 0] for m in months}
    for d in delays:
        stop = d.started_on or today
        for m in months:
            lo = max(d.ready_on, m)
            hi = min(stop, _next_month(m))
            if hi > lo:
                totals[m][0] += 1
                totals[m][1] += (hi - lo).days
    return [BedDayMonth(m, *totals[m]) for m in months]


def delays(*, date_from: dt.date, date_to: dt.date) -> list[Delay]:
    rows = (
        Package.objects.filter(
            referral__source=ReferralSource.HOSPITAL,
            referral__ready_for_discharge_on__isnull=False,
            referral__ready_for_discharge_on__lte=date_to,
            previous__isnull=True,
        )
        .exclude(started_on__lt=date_from)
        .values_list("referral__ready_for_discharge_on", "started_on")
    )
    return [Delay(r, s) for r, s in rows if r is not None]


def bed_days_report(*, date_from: dt.date, date_to: dt.date, today: dt.date) -> list[BedDayMonth]:
    return bed_days_by_month(
        delays(date_from=date_from, date_to=date_to), date_from=date_from, date_to=date_to, today=today
    )


def render(columns: Sequence[str], rows: Iterable[Sequence[str]], fmt: str) -> str:
    rows = list(rows)
    if fmt == "csv":
        return exports.write_csv(columns, rows, lineterminator="\n").rstrip("\n")
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


__all__ = ["ACL_COLUMNS", "BED_DAY_COLUMNS", "Funding", "acl_report", "bed_days_report", "render"]
