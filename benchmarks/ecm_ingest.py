"""Call-monitoring ingest throughput: events a second through the API's code path into PostgreSQL.

    .venv/bin/python benchmarks/ecm_ingest.py [--events 1000000] [--batch 1000]

Posts batches of events with each provider's API token to POST /api/v1/visit-events through
Django's request handling (authentication, rate limiting, JSON parsing, validation, idempotent
storage, matching queue), i.e. everything but the network. Prints events a second and peak memory.
DATABASE_URL selects the database (default: a PostgreSQL database `homecare_bench`, created and
loaded with the demo council if empty)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from _django import peak_memory_mb, setup


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from homecare.brokerage.models import Package
    from homecare.core.actor import Actor
    from homecare.core.tokens import issue_token
    from homecare.providers.models import Provider
    from homecare.visits.models import VisitEvent

    rng = random.Random(args.seed)
    packages: dict[int, list[str]] = {}
    for pk, provider_id in Package.objects.filter(
        provider__isnull=False, started_on__isnull=False
    ).values_list("pk", "provider_id"):
        packages.setdefault(provider_id, []).append(f"PKG{pk:06d}")
    tokens = {
        provider.pk: issue_token(by=Actor.system("benchmark"), provider=provider, name="benchmark")[1]
        for provider in Provider.objects.filter(pk__in=list(packages))
    }
    providers = sorted(packages)
    run = f"B{int(time.time())}"
    now = timezone.now()
    client = Client(SERVER_NAME="localhost")
    before = VisitEvent.objects.count()

    def batch(n: int, provider_id: int) -> bytes:
        refs = packages[provider_id]
        events = []
        for i in range(args.batch):
            at = now - dt.timedelta(minutes=rng.randint(30, 7 * 24 * 60))
            events.append(
                {
                    "event_id": f"{run}-{n}-{i}",
                    "carer_ref": f"C{rng.randint(1, 60)}",
                    "package_ref": rng.choice(refs),
                    "event_type": "check_in" if i % 2 == 0 else "check_out",
                    "timestamp": at.isoformat(),
                    "method": "app",
                }
            )
        return json.dumps({"events": events}).encode()

    batches = args.events // args.batch
    accepted = 0
    elapsed = 0.0
    started_all = time.perf_counter()
    for n in range(batches):
        provider_id = providers[n % len(providers)]
        body = batch(n, provider_id)  # built outside the timed section: it is the client's work
        started = time.perf_counter()
        response = client.post(
            "/api/v1/visit-events",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {tokens[provider_id]}"},
        )
        elapsed += time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"batch {n}: HTTP {response.status_code} {response.content[:300]!r}")
        accepted += response.json()["accepted"]
        if (n + 1) % 100 == 0:
            print(f"  {accepted:>9,} events accepted, {accepted / elapsed:,.0f} events/s", flush=True)
    stored = VisitEvent.objects.count() - before
    print(f"database: {connection.vendor}, batches of {args.batch}")
    print(f"events posted: {batches * args.batch:,}; accepted: {accepted:,}; stored: {stored:,}")
    print(f"ingest time (server side of each request): {elapsed:.1f} s -> {accepted / elapsed:,.0f} events/s")
    print(f"wall time including building the batches: {time.perf_counter() - started_all:.1f} s")
    print(f"peak memory: {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
