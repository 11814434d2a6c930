from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from homecare.core.jobs import due_jobs, run_job

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run background jobs: every app's periodic jobs (alert checks, expiries, clean-ups)."

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
        self.stdout.write("Worker started.")
        while not stopping:
            now = time.monotonic()
            for job in due_jobs(last_run, now, run_all=options["once"]):
                close_old_connections()
                run_job(job)
                last_run[job.name] = now
            if options["once"]:
                break
            time.sleep(options["tick"])
        self.stdout.write("Worker stopped.")
