"""Shared set-up for benchmark scripts: a PostgreSQL database of their own (created if missing),
migrated, holding a demo council."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/homecare_bench"


def setup(*, demo_size: str = "council", rate_limit: int = 1_000_000) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["API_RATE_LIMIT_PER_MINUTE"] = str(rate_limit)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecare.config.settings")
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        _create_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from homecare.demo.generator import has_data

    if not has_data():
        print(f"Loading the demo council ({demo_size}) into {url} ...", flush=True)
        call_command("demo", size=demo_size, verbosity=0)


def _create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def peak_memory_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
