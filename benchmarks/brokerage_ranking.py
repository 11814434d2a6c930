"""Benchmark: rank the candidate providers for N referrals on the `large` demo council
(~150 providers, 10 zones, ~25,000 people).

    python benchmarks/brokerage_ranking.py [-n 200] [--seed 1]

Uses the database in DATABASE_URL, or a temporary SQLite file. If that database has no packages yet
it is migrated and loaded with the large demo's geography, providers, people and packages (the
demo steps up to brokerage; later steps such as call monitoring do not affect ranking).

Each timing covers everything a broker's candidate list needs: loading contracts, zones, rates,
capacity returns, hours placed in the zone and the package's offers, then ranking (the same
`rank_package` the candidates page and `offer_next` call). Prints p50, p95 and max in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAST_STEP_ORDER = 50  # brokerage


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "homecare-benchmark-large.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecare.config.settings")
    import django

    django.setup()


def load_demo(seed: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from homecare.core.context import acting_as
    from homecare.demo.generator import SIZES, DemoContext, discover_steps

    call_command("migrate", verbosity=0)
    from homecare.brokerage.models import Package

    if Package.objects.exists():
        return
    import datetime as dt

    ctx = DemoContext(seed=seed, size=SIZES["large"], today=dt.date.today())
    started = time.perf_counter()
    with transaction.atomic(), acting_as(ctx.actor):
        for step in discover_steps():
            if step.order <= LAST_STEP_ORDER:
                t = time.perf_counter()
                step.run(ctx)
                print(f"  demo {step.name}: {time.perf_counter() - t:.1f}s", flush=True)
    print(f"Large demo loaded in {time.perf_counter() - started:.1f}s", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=200, help="How many referrals to rank (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup_django()
    load_demo(args.seed)

    from homecare.brokerage import allocation
    from homecare.brokerage.candidates import rank_package
    from homecare.brokerage.models import Package
    from homecare.providers.models import Contract, Provider

    ids = list(Package.objects.values_list("pk", flat=True))
    rng = random.Random(args.seed)
    sample = [rng.choice(ids) for _ in range(args.n)]
    packages = {p.pk: p for p in Package.objects.filter(pk__in=sample)}
    rank_package(packages[sample[0]])  # warm up connections and caches
    total_ms: list[float] = []
    cpu_ms: list[float] = []
    pure_ms: list[float] = []
    candidates = excluded = 0
    for pk in sample:
        package = packages[pk]
        t, c = time.perf_counter(), time.process_time()
        ranked = rank_package(package)
        total_ms.append((time.perf_counter() - t) * 1000)
        cpu_ms.append((time.process_time() - c) * 1000)
        options = [c.option for c in ranked.ranking.candidates] + [e.option for e in ranked.ranking.excluded]
        t = time.perf_counter()
        allocation.rank(ranked.need, options, ranked.ranking.policy)
        pure_ms.append((time.perf_counter() - t) * 1000)
        candidates += len(ranked.ranking.candidates)
        excluded += len(ranked.ranking.excluded)
    print(
        f"database: {os.environ['DATABASE_URL'].split('@')[-1]}; providers {Provider.objects.count()}, "
        f"contracts {Contract.objects.count()}, packages {len(ids)}"
    )
    print(
        f"ranked {args.n} referrals: {candidates / args.n:.1f} candidates and {excluded / args.n:.1f} exclusions each"
    )
    print(
        f"rank_package (queries + ranking): p50 {statistics.median(total_ms):.1f} ms, "
        f"p95 {percentile(total_ms, 0.95):.1f} ms, max {max(total_ms):.1f} ms"
    )
    print(
        f"  of which CPU time (SQLite runs in-process): p50 {statistics.median(cpu_ms):.1f} ms, "
        f"p95 {percentile(cpu_ms, 0.95):.1f} ms (wall time above this is waiting for a shared CPU)"
    )
    print(
        f"allocation.rank only (pure):      p50 {statistics.median(pure_ms):.2f} ms, "
        f"p95 {percentile(pure_ms, 0.95):.2f} ms, max {max(pure_ms):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
