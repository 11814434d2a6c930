"""Matching call-monitoring events to visits and storing each visit's outcome.

Ingest queues the package-days whose events changed (`PendingMatch`); `process_pending` works
them out again, so outcomes follow late and out-of-order events. `close_windows` settles visits
whose window has closed with no new events (they become missed or unverified)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from homecare.brokerage.models import Package
from homecare.core.bulk import fetch_rows, insert_rows, update_rows
from homecare.core.calendar import LONDON
from homecare.visits import matching
from homecare.visits.models import OPEN, MonitoringRule, PendingMatch, Visit, VisitEvent, VisitStatus

Key = tuple[int, dt.date]
VISIT_COLUMNS = (
    "pk",
    "package_id",
    "visit_date",
    "planned_start",
    "planned_end",
    "duration_minutes",
    "carers_needed",
    "time_critical",
    "tolerance_minutes",
    "is_planned",
    "status",
    "actual_start",
    "actual_end",
    "actual_minutes",
    "carers_seen",
    "exception_code",
)
EVENT_COLUMNS = (
    "pk",
    "package_id",
    "carer_ref",
    "event_type",
    "occurred_at",
    "method",
    "exception_code",
    "visit_ref",
    "visit_id",
)


def queue(pairs: Iterable[Key]) -> None:
    """Mark package-days for matching (idempotent)."""
    now = timezone.now()
    insert_rows(
        PendingMatch,
        ("package_id", "visit_date", "queued_at"),
        ((p, d, now) for p, d in set(pairs)),
        ignore_conflicts=True,
    )


def rules_by_contract() -> tuple[dict[int | None, matching.Rule], matching.Rule]:
    rules = {
        r.contract_id: matching.Rule(r.late_after_minutes, r.short_below_percent)
        for r in MonitoringRule.objects.all()
    }
    return rules, rules.get(None, matching.Rule())


def process_pending(*, now: dt.datetime | None = None, limit: int = 20_000) -> int:
    """Work out again every queued package-day. Returns how many package-days were processed.

    The marks are taken off the queue (and committed) before the matching reads the events, so an
    event that arrives meanwhile queues its day again and is never missed."""
    now = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                PendingMatch.objects.select_for_update(skip_locked=True)
                .order_by("queued_at")[:limit]
                .values_list("pk", "package_id", "visit_date")
            )
            PendingMatch.objects.filter(pk__in=[pk for pk, *_ in batch]).delete()
        if not batch:
            return done
        keys = [(p, d) for _, p, d in batch]
        try:
            match_days(keys, now=now)
        except Exception:
            queue(keys)
            raise
        done += len(batch)
        if len(batch) < limit:
            return done


def close_windows(*, now: dt.datetime | None = None) -> int:
    """Settle visits still open whose window may have closed (no new events needed)."""
    now = now or timezone.now()
    # The longest allowance is a few hours; visits ending within the last day are enough to look at.
    keys = set(
        Visit.objects.filter(
            status__in=OPEN, is_planned=True, planned_end__lt=now, planned_end__gte=now - dt.timedelta(days=3)
        )
        .values_list("package_id", "visit_date")
        .distinct()
    )
    if keys:
        match_days(keys, now=now)
    return len(keys)


def match_range(
    *, start: dt.date, end: dt.date, now: dt.datetime | None = None, provider_id: int | None = None
) -> int:
    """Work out every visit between two dates (for whole weeks: demo data, benchmarks, repairs)."""
    queryset = Visit.objects.filter(visit_date__gte=start, visit_date__lte=end)
    if provider_id is not None:
        queryset = queryset.filter(provider_id=provider_id)
    keys = set(queryset.values_list("package_id", "visit_date").distinct())
    events = VisitEvent.objects.filter(
        occurred_at__gte=_day_start(start), occurred_at__lt=_day_start(end + dt.timedelta(days=2))
    )
    if provider_id is not None:
        events = events.filter(provider_id=provider_id)
    keys |= {(p, _local_date(t)) for p, t in events.values_list("package_id", "occurred_at")}
    match_days(keys, now=now or timezone.now())
    return len(keys)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON) - MARGIN


MARGIN = matching.MATCH_WINDOW


def _local_date(value: dt.datetime) -> dt.date:
    return value.astimezone(LONDON).date()


@transaction.atomic
def match_days(keys: Iterable[Key], *, now: dt.datetime) -> None:
    keys = sorted(set(keys))
    if not keys:
        return
    rules, default_rule = rules_by_contract()
    contract_of = {}
    for chunk in _chunks(sorted({p for p, _ in keys}), 2000):
        contract_of.update(dict(Package.objects.filter(pk__in=chunk).values_list("pk", "contract_id")))
    wanted = set(keys)

    visits: dict[Key, list[matching.PlannedFacts]] = defaultdict(list)
    visit_status: dict[int, tuple[Any, ...]] = {}
    unplanned_old: list[int] = []
    dates = sorted({d for _, d in keys})
    for chunk in _chunks(sorted({p for p, _ in keys}), 1000):
        rows = fetch_rows(
            Visit.objects.filter(package_id__in=chunk, visit_date__gte=dates[0], visit_date__lte=dates[-1]),
            VISIT_COLUMNS,
        )
        for (
            pk,
            package_id,
            day,
            start,
            end,
            minutes,
            carers,
            critical,
            tolerance,
            planned,
            status,
            *actuals,
        ) in rows:
            if (package_id, day) not in wanted:
                continue
            if not planned:
                unplanned_old.append(pk)
                continue
            if status == VisitStatus.CANCELLED:
                continue
            rule = rules.get(contract_of.get(package_id), default_rule)
            visits[(package_id, day)].append(
                matching.PlannedFacts(pk, start, end, minutes, carers, critical, tolerance, rule)
            )
            visit_status[pk] = (status, *actuals)

    events: dict[Key, list[matching.EventFacts]] = defaultdict(list)
    event_visit: dict[int, int | None] = {}
    low, high = _day_start(dates[0]), _day_start(dates[-1] + dt.timedelta(days=2))
    for chunk in _chunks(sorted({p for p, _ in keys}), 1000):
        rows = fetch_rows(
            VisitEvent.objects.filter(package_id__in=chunk, occurred_at__gte=low, occurred_at__lt=high),
            EVENT_COLUMNS,
        )
        for pk, package_id, carer, kind, at, method, code, visit_ref, visit_id in rows:
            home = _local_date(at)
            ref = int(visit_ref[1:]) if visit_ref[:1] == "V" and visit_ref[1:].isdigit() else None
            for day in matching.days_touched(at, LONDON):
                if (package_id, day) in wanted:
                    events[(package_id, day)].append(
                        matching.EventFacts(pk, carer, kind, at, method, code, ref, home=day == home)
                    )
                    event_visit[pk] = visit_id

    visit_updates: list[tuple[Any, ...]] = []
    event_updates: dict[int, int | None] = {}
    new_unplanned: list[tuple[Visit, list[int]]] = []
    provider_of = dict(Package.objects.filter(pk__in=[p for p, _ in keys]).values_list("pk", "provider_id"))
    for key in keys:
        result = matching.match_day(visits.get(key, []), events.get(key, []), now)
        for visit_id, out in result.outcomes.items():
            values = (
                out.status,
                out.actual_start,
                out.actual_end,
                out.actual_minutes,
                out.carers_seen,
                out.exception_code,
            )
            if visit_status[visit_id] != values:
                visit_updates.append((*values, now, visit_id))
        for event_id, visit_id in result.assignment.items():
            if visit_id is not None or event_updates.get(event_id) is None:
                event_updates[event_id] = visit_id
        for record in result.unplanned:
            provider_id = provider_of.get(key[0])
            if provider_id is None:
                continue
            end = record.end or record.start
            new_unplanned.append(
                (
                    Visit(
                        package_id=key[0],
                        provider_id=provider_id,
                        visit_date=key[1],
                        planned_start=record.start,
                        planned_end=end,
                        duration_minutes=min(record.outcome.actual_minutes or 0, 32767),
                        is_planned=False,
                        status=VisitStatus.UNPLANNED,
                        actual_start=record.start,
                        actual_end=record.end,
                        actual_minutes=record.outcome.actual_minutes,
                        carers_seen=1,
                        outcome_at=now,
                    ),
                    record.event_ids,
                )
            )

    if unplanned_old:
        Visit.objects.filter(pk__in=unplanned_old).delete()
    if new_unplanned:
        created = Visit.objects.bulk_create([v for v, _ in new_unplanned], batch_size=1000)
        for visit, (_, event_ids) in zip(created, new_unplanned, strict=True):
            for event_id in event_ids:
                event_updates[event_id] = visit.pk
    orphaned = _orphaned(unplanned_old, event_visit)
    event_updates = {e: v for e, v in event_updates.items() if event_visit.get(e) != v or e in orphaned}
    update_rows(
        Visit,
        (
            "status",
            "actual_start",
            "actual_end",
            "actual_minutes",
            "carers_seen",
            "exception_code",
            "outcome_at",
        ),
        ((pk, *values) for *values, pk in visit_updates),
    )
    update_rows(VisitEvent, ("visit_id",), event_updates.items())


def _orphaned(deleted: list[int], event_visit: dict[int, int | None]) -> set[int]:
    """Events that pointed at unplanned visits just deleted (their link was cleared)."""
    gone = set(deleted)
    return {e for e, v in event_visit.items() if v in gone}


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def open_filter() -> Q:
    return Q(status__in=OPEN)
