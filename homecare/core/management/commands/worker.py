from __future__ import annotations

import logging
import signal
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections

from homecare.core.jobs import all_jobs, due_jobs, run_job

log = logging.getLogger(__name__)


def _run_in_thread(job: Any) -> None:
    try:
        close_old_connections()
        run_job(job)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = (
        "Run background jobs: every app's periodic jobs (call-monitoring matching and alerts, offer "
        "expiry, visit planning, round plans). Each job runs in its own thread, so a long job (a big "
        "round plan) never holds back a frequent one (time-critical visit alerts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit")
        parser.add_argument(
            "--tick", type=float, default=5.0, help="Seconds between checks for due jobs (default 5)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_run: dict[str, float] = {}
        running: dict[str, Future[None]] = {}
        self.stdout.write(f"Worker started with {len(all_jobs())} jobs.")
        with ThreadPoolExecutor(max_workers=max(2, len(all_jobs())), thread_name_prefix="job") as pool:
            while not stopping:
                now = time.monotonic()
                for job in due_jobs(last_run, now, run_all=options["once"]):
                    if job.name in running and not running[job.name].done():
                        continue  # still busy from last time: never run the same job twice at once
                    running[job.name] = pool.submit(_run_in_thread, job)
                    last_run[job.name] = now
                if options["once"]:
                    for future in running.values():
                        future.result()
                    break
                time.sleep(options["tick"])
        self.stdout.write("Worker stopped.")
