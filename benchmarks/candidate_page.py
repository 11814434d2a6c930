"""Benchmark: the broker's candidate page for 50 referrals made for the purpose on the council demo,
with route fit from providers' planned rounds.

    .venv/bin/python benchmarks/candidate_page.py [-n 50] [--seed 1] [--plan-seconds 2]

Set-up (not timed): the demo council (PostgreSQL `homecare_bench` unless DATABASE_URL says
otherwise); each provider with carers gets a finished round plan for its representative day (its
busiest day of the coming week) if it has none; then `n` referrals are made through the brokerage
service, for people chosen at random, with one to four visits a day.

Timed, per referral:
- the background measurement of its route fits (what the `route-fits` job does for a waiting
  package: the ranking, then `package_fit` against every candidate provider's planned rounds);
- everything the candidate page does before rendering: the ranking (`rank_package`: contracts,
  zones, rates, capacity, offers), the candidate signals of higher apps (the stored route fits,
  through brokerage's CANDIDATE_SIGNALS extension point) and the presenter rows.
Prints p50/p95/max and the queries per page. The referrals are rolled back at the end; the round
plans are kept for the next run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from _django import setup


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=50, help="Referrals to time (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plan-seconds", type=float, default=2.0, help="Solver time per provider day")
    args = parser.parse_args()
    setup()

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from homecare.brokerage import presenters
    from homecare.brokerage.candidates import rank_package
    from homecare.brokerage.hooks import candidate_signals
    from homecare.brokerage.services import VisitInput, create_referral
    from homecare.core.actor import Actor
    from homecare.people.models import Person
    from homecare.providers.models import Provider
    from homecare.rounds.models import PlanStatus, RoundPlan
    from homecare.rounds.services import planning, route_fits
    from homecare.rounds.services.fit import representative_day

    by = Actor.command("benchmark-candidate-page")
    planned = 0
    started = time.perf_counter()
    for provider in Provider.objects.filter(carers__isnull=False).distinct().order_by("pk"):
        day = representative_day(provider)
        if RoundPlan.objects.filter(provider=provider, day=day, status=PlanStatus.DONE).exists():
            continue
        plan = planning.request_plan(
            by=by, provider=provider, day=day, seconds=max(1, int(args.plan_seconds))
        )
        planning.run_plan(by=by, plan=plan)
        planned += 1
    with_plans = RoundPlan.objects.filter(status=PlanStatus.DONE).values("provider").distinct().count()
    print(
        f"set-up: {planned} provider days planned in {time.perf_counter() - started:.0f} s; "
        f"{with_plans} providers have planned rounds"
    )

    rng = random.Random(args.seed)
    people = list(Person.objects.filter(postcode_ref__isnull=False).values_list("pk", flat=True))
    starts = [dt.time(7, 30), dt.time(12), dt.time(17), dt.time(20, 30)]
    total_ms: list[float] = []
    fit_ms: list[float] = []
    measure_ms: list[float] = []
    queries: list[int] = []
    candidates = signalled = 0
    try:
        with transaction.atomic():
            for _ in range(args.n + 1):
                person = Person.objects.get(pk=rng.choice(people))
                calls = rng.randint(1, 4)
                package = create_referral(
                    by=by,
                    person=person,
                    source="community",
                    funding="council",
                    service_type="general",
                    urgency="standard",
                    referred_on=dt.date.today(),
                    visits=[
                        VisitInput(days=127, start=starts[i], duration_minutes=rng.choice([30, 45, 60]))
                        for i in range(calls)
                    ],
                )
                m = time.perf_counter()
                route_fits.measure_package(by=by, package=package)
                measure = time.perf_counter() - m
                with CaptureQueriesContext(connection) as captured:
                    t = time.perf_counter()
                    ranked = rank_package(package)
                    ids = [c.option.provider_id for c in ranked.ranking.candidates]
                    f = time.perf_counter()
                    signals = candidate_signals(package=package, provider_ids=ids)
                    fit = time.perf_counter() - f
                    presenters.candidate_rows(ranked.ranking, signals)
                    elapsed = time.perf_counter() - t
                if _ == 0:
                    continue  # the first warms up connections and caches
                total_ms.append(elapsed * 1000)
                fit_ms.append(fit * 1000)
                measure_ms.append(measure * 1000)
                queries.append(len(captured))
                candidates += len(ids)
                signalled += len(signals)
            raise Rollback
    except Rollback:
        pass
    n = len(total_ms)
    print(f"{n} referrals: {candidates / n:.1f} candidates each, {signalled / n:.1f} with route fit")
    print(
        f"candidate page work: p50 {statistics.median(total_ms):.0f} ms, p95 {percentile(total_ms, 0.95):.0f} ms, "
        f"max {max(total_ms):.0f} ms (target p95 < 300 ms)"
    )
    print(
        f"  of which reading route fits: p50 {statistics.median(fit_ms):.0f} ms, "
        f"p95 {percentile(fit_ms, 0.95):.0f} ms"
    )
    print(
        f"background measurement per referral (the route-fits job): p50 {statistics.median(measure_ms):.0f} ms, "
        f"p95 {percentile(measure_ms, 0.95):.0f} ms, max {max(measure_ms):.0f} ms"
    )
    print(f"  queries per page: p50 {statistics.median(queries):.0f}, max {max(queries)}")


if __name__ == "__main__":
    main()
