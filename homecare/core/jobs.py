"""Periodic background jobs. Apps list theirs in `<app>/jobs.py` as `JOBS = [Job(...)]`.
A job takes the Actor the runner built for it and calls a service; it holds no logic of its own."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from homecare.core.actor import Actor
from homecare.core.context import acting_as
from homecare.core.discovery import app_modules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float
    run: Callable[[Actor], object]


def all_jobs() -> list[Job]:
    jobs: list[Job] = []
    for module in app_modules("jobs"):
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
        actor = Actor.job(job.name)
        with acting_as(actor):
            result = job.run(actor)
    except Exception:
        log.exception("job failed", extra={"job": job.name})
        return
    log.info(
        "job done",
        extra={"job": job.name, "ms": round((time.perf_counter() - started) * 1000), "result": result},
    )


def clear_expired_sessions(by: Actor) -> str:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"{deleted} expired sessions removed"


JOBS = [Job("clear-expired-sessions", 3600, clear_expired_sessions)]
