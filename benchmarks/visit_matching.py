"""Matching speed: work out every visit's outcome from its call-monitoring events.

    .venv/bin/python benchmarks/visit_matching.py [--visits 60000]

Takes the most recent whole days of the demo council's visits that add up to at least --visits
planned visits (the demo council has about 22,000 a week; a larger council's week is 60,000),
and times `match_range`, the same function the worker and the ingest command use, from scratch
(every outcome recomputed). DATABASE_URL selects the database (default: PostgreSQL `homecare_bench`)."""

from __future__ import annotations

import argparse
import datetime as dt
import time

from _django import peak_memory_mb, setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--visits", type=int, default=60_000)
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.utils import timezone

    from homecare.visits.models import Visit, VisitEvent
    from homecare.visits.services.matching import match_range

    end = timezone.localdate() - dt.timedelta(days=1)
    start = end
    while (
        Visit.objects.filter(visit_date__gte=start, visit_date__lte=end, is_planned=True).count()
        < args.visits
    ):
        if not Visit.objects.filter(visit_date__lt=start).exists():
            break
        start -= dt.timedelta(days=1)
    visits = Visit.objects.filter(visit_date__gte=start, visit_date__lte=end, is_planned=True).count()
    events = VisitEvent.objects.filter(
        occurred_at__date__gte=start, occurred_at__date__lte=end + dt.timedelta(days=1)
    ).count()
    # From scratch: forget the outcomes so every visit is written again.
    Visit.objects.filter(visit_date__gte=start, visit_date__lte=end, is_planned=True).update(
        status="scheduled", outcome_at=None
    )
    started = time.perf_counter()
    days = match_range(start=start, end=end)
    seconds = time.perf_counter() - started
    print(f"database: {connection.vendor}")
    print(f"visits {start} to {end}: {visits:,} planned visits, {days:,} package-days, {events:,} events")
    print(f"matching time: {seconds:.2f} s -> {visits / seconds:,.0f} visits/s")
    print(f"peak memory: {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
