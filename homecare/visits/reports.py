"""Figures about visits: today's visits by status, provider and zone; provider performance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from homecare.visits.models import EXCEPTIONS, Visit, VisitStatus

SETTLED = [VisitStatus.ON_TIME, *sorted(EXCEPTIONS)]
PERFORMANCE_COLUMNS = [
    VisitStatus.ON_TIME,
    VisitStatus.LATE,
    VisitStatus.SHORT,
    VisitStatus.MISSED,
    VisitStatus.MANUAL,
    VisitStatus.ONE_CARER,
    VisitStatus.UNVERIFIED,
]


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: Any
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def settled(self) -> int:
        return sum(self.counts.get(s, 0) for s in SETTLED)

    def share(self, status: str) -> Decimal | None:
        return percent(self.counts.get(status, 0), self.settled)


def _counts(queryset: QuerySet[Visit], group: str, label: str) -> list[Row]:
    rows: dict[Any, Row] = {}
    for item in queryset.values(group, label, "status").annotate(n=Count("id")).order_by(label):
        row = rows.setdefault(item[group], Row(item[group], item[label] or "Not known"))
        row.counts[item["status"]] = item["n"]
    return list(rows.values())


def day_summary(day: dt.date, visits: QuerySet[Visit] | None = None) -> dict[str, Any]:
    """A day's visits by status, provider and zone; from `visits` (e.g. those an actor may see), or all."""
    visits = (Visit.objects.all() if visits is None else visits).filter(visit_date=day)
    visits = visits.exclude(status=VisitStatus.CANCELLED)
    overall = Row("all", "All visits")
    for item in visits.values("status").annotate(n=Count("id")):
        overall.counts[item["status"]] = item["n"]
    return {
        "overall": overall,
        "by_provider": _counts(visits, "provider_id", "provider__name"),
        "by_zone": _counts(visits, "package__zone_id", "package__zone__name"),
    }


def performance(start: dt.date, end: dt.date, visits: QuerySet[Visit] | None = None) -> list[Row]:
    """Each provider's settled planned visits in a period; from `visits`, or all."""
    visits = (Visit.objects.all() if visits is None else visits).filter(
        visit_date__gte=start, visit_date__lte=end, is_planned=True
    )
    return _counts(visits.filter(Q(status__in=SETTLED)), "provider_id", "provider__name")
