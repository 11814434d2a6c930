"""Periodic background jobs. Apps list theirs in `<app>/jobs.py` as `JOBS = [Job(...)]`.
A job takes no arguments and calls a service; it holds no logic of its own."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps

from homecare.core.context import acting_as

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float
    run: Callable[[], object]


def all_jobs() -> list[Job]:
    jobs: list[Job] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("homecare."):
            continue
        try:
            module = import_module(f"{config.name}.jobs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.jobs":
                raise
            continue
        jobs.extend(getattr(module, "JOBS", []))
    return jobs


def due_jobs(last_run: dict[str, float], now: float, *, run_all: bool = False) -> Iterator[Job]:
    for job in all_jobs():
        previous = last_run.get(job.name)
        if run_all or previous is None or now - previous >= job.every_seconds:
            yield job


def run_job(job: Job) -> None:
    started = time.perf_counter()
    try:
        with acting_as(f"job:{job.name}", channel="job"):
            result = job.run()
    except Exception:
        log.exception("job failed", extra={"job": job.name})
        return
    log.info(
        "job done",
        extra={"job": job.name, "ms": round((time.perf_counter() - started) * 1000), "result": result},
    )


def clear_expired_sessions() -> str:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"{deleted} expired sessions removed"


JOBS = [Job("clear-expired-sessions", 3600, clear_expired_sessions)]
