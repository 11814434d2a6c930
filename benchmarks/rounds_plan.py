"""Round planning on the demo council: problem building, solving, and every provider in parallel.

    .venv/bin/python benchmarks/rounds_plan.py [--date 2026-03-10] [--seconds 3 10 30] [--workers 2]

For the busiest provider of the day: time to build the planning problem from the database (visits,
carers, continuity history, travel matrix) and, for each time limit, visits planned, unplanned,
travel and carers used. Then every provider with visits that day, solved in parallel with the
local process pool at the first time limit (wall time and totals). Reads only: no plan is stored.
DATABASE_URL selects the database (default: PostgreSQL `homecare_bench`); the demo council must
have been loaded with the rounds app installed (it creates the carers)."""

from __future__ import annotations

import argparse
import datetime as dt
import time

from _django import peak_memory_mb, setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--date", type=dt.date.fromisoformat, help="Day to plan (default: tomorrow)")
    parser.add_argument("--seconds", type=float, nargs="+", default=[3.0, 10.0, 30.0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from careplanner import SolveParams, evaluate, solve
    from homecare.providers.models import Provider
    from homecare.rounds.adapter import build_problem
    from homecare.rounds.models import Carer
    from homecare.rounds.services.planning import local_executor
    from homecare.visits.models import Visit

    day = args.date or timezone.localdate() + dt.timedelta(days=1)
    if not Carer.objects.exists():
        raise SystemExit(
            "No carers: load the demo council with the rounds app installed (homecare demo --reset)"
        )
    busy = list(
        Visit.objects.planned()
        .filter(visit_date=day)
        .values("provider_id")
        .annotate(n=Count("id"))
        .order_by("-n", "provider_id")
    )
    if not busy:
        raise SystemExit(f"No visits on {day}")
    print(
        f"database: {connection.vendor}; {day}: {sum(r['n'] for r in busy):,} visits, {len(busy)} providers"
    )

    top = Provider.objects.get(pk=busy[0]["provider_id"])
    started = time.perf_counter()
    built = build_problem(top, day)
    build_s = time.perf_counter() - started
    problem = built.problem
    doubles = sum(v.carers_needed > 1 for v in problem.visits)
    print(
        f"busiest provider {top.council_ref}: {len(problem.visits)} visits ({doubles} double-ups), "
        f"{len(problem.carers)} carers on shift, {len(built.points)} places; problem built in {build_s:.2f} s"
    )
    for seconds in args.seconds:
        plan = solve(problem, SolveParams(seconds=seconds, seed=0))
        ev = evaluate(problem, plan)
        print(
            f"  {seconds:>5.0f} s: planned {ev.planned_visits}, unplanned {ev.unplanned_visits}, "
            f"carers {ev.routes_used}, travel {ev.distance:,.0f} km / {ev.travel_time / 60:,.1f} h, "
            f"continuity {ev.continuity_hits}, feasible {ev.feasible}, solve {plan.runtime:.1f} s"
        )

    started = time.perf_counter()
    tasks = []
    for row in busy:
        provider = Provider.objects.get(pk=row["provider_id"])
        tasks.append((provider.council_ref, build_problem(provider, day).problem))
    build_all = time.perf_counter() - started
    problems = dict(tasks)
    started = time.perf_counter()
    planned = unplanned = 0
    km = 0.0
    for key, outcome in local_executor(args.workers)(tasks, SolveParams(seconds=args.seconds[0], seed=0)):
        plan = outcome()
        ev = evaluate(problems[key], plan)
        planned += ev.planned_visits
        unplanned += len(plan.unplanned)
        km += ev.distance
    solve_all = time.perf_counter() - started
    print(
        f"all {len(tasks)} providers, {args.workers} processes, {args.seconds[0]:.0f} s each: "
        f"build {build_all:.1f} s, solve wall {solve_all:.1f} s; planned {planned:,}, unplanned {unplanned:,}, "
        f"travel {km:,.0f} km"
    )
    print(f"peak memory: {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
