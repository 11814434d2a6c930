import threading
import time

import pytest
from django.core.management import call_command

from homecare.core import jobs
from homecare.core.actor import Actor
from homecare.core.jobs import Job


@pytest.mark.django_db(transaction=True)
def test_a_slow_job_does_not_hold_back_a_frequent_one(monkeypatch):
    fast_runs = []
    release = threading.Event()

    def slow(by: Actor) -> str:
        release.wait(timeout=5)
        return "slow done"

    def fast(by: Actor) -> str:
        assert by.label == "job:fast"
        fast_runs.append(time.monotonic())
        if len(fast_runs) >= 3:
            release.set()
        return "fast done"

    monkeypatch.setattr(jobs, "all_jobs", lambda: [Job("slow", 3600, slow), Job("fast", 0.05, fast)])
    from homecare.core.management.commands import worker

    monkeypatch.setattr(worker, "all_jobs", jobs.all_jobs)

    def stopper() -> None:
        release.wait(timeout=10)
        import os
        import signal

        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stopper, daemon=True).start()
    call_command("worker", "--tick", "0.02")
    assert len(fast_runs) >= 3, "the fast job kept running while the slow one was busy"


def test_jobs_of_every_app_are_found():
    names = {job.name for job in jobs.all_jobs()}
    assert {"clear-expired-sessions", "visit-matching-and-alerts"} <= names
