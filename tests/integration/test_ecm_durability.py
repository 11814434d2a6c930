"""Killing the server while providers post call-monitoring events loses no accepted event and,
when the provider sends everything again, creates no duplicate.

Runs a real `homecare serve` process on its own database (a SQLite file, or a fresh PostgreSQL
database when DATABASE_URL points at PostgreSQL), kills it with SIGKILL in the middle of a stream
of batches, starts it again, and re-sends every batch as a provider's system would."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

TOKEN = "hc_durability_test_token_0123456789"
BATCHES, PER_BATCH = 40, 200
SETUP = f"""
import datetime as dt
from homecare.core.tokens import issue_token
from homecare.visits.factories import package_in_care
from homecare.core.testing import TEST_ACTOR
package = package_in_care(started_on=dt.date.today() - dt.timedelta(days=2), days=3)
issue_token(by=TEST_ACTOR, provider=package.provider, name="EVV", raw="{TOKEN}")
print(package.reference)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base = url.rsplit("/", 1)[0]
        name = f"homecare_kill_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield f"{base}/{name}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"


def _count(url: str) -> tuple[int, int]:
    query = "SELECT count(*), count(DISTINCT event_id) FROM visits_visitevent"
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute(query).fetchone()  # type: ignore[return-value]
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        return conn.execute(query).fetchone()


def _post(port: int, body: bytes) -> dict | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/visit-events",
        data=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def _serve(env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "homecare", "serve", "--port", str(port), "--no-migrate", "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start")


def test_killing_the_server_mid_stream_loses_no_accepted_event_and_adds_no_duplicate(database, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "LOG_LEVEL": "WARNING",
        "API_RATE_LIMIT_PER_MINUTE": "100000",
        "HOMECARE_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "homecare", *args], env=env, capture_output=True, text=True, check=True
        )

    run("migrate", "--verbosity", "0")
    package_ref = run("manage", "shell", "-c", SETUP).stdout.strip().splitlines()[-1]
    now = time.time()
    bodies = []
    for b in range(BATCHES):
        events = [
            {
                "event_id": f"K{b}-{i}",
                "carer_ref": f"C{i % 7}",
                "package_ref": package_ref,
                "event_type": "check_in" if i % 2 == 0 else "check_out",
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(now - 3600 - b * 60 - i)),
                "method": "app",
            }
            for i in range(PER_BATCH)
        ]
        bodies.append(json.dumps({"events": events}).encode())

    port = _free_port()
    server = _serve(env, port)
    acknowledged: list[int] = []

    def stream() -> None:
        for n, body in enumerate(bodies):
            answer = _post(port, body)
            if answer is None:
                return
            assert answer["accepted"] + answer["duplicate"] == PER_BATCH
            acknowledged.append(n)

    sender = threading.Thread(target=stream)
    sender.start()
    while len(acknowledged) < 5 and sender.is_alive():
        time.sleep(0.01)
    server.send_signal(signal.SIGKILL)
    server.wait()
    sender.join()
    assert 5 <= len(acknowledged) < BATCHES, "the server must die in the middle of the stream"

    stored, distinct = _count(database)
    assert stored == distinct, "no duplicate after the kill"
    assert stored >= len(acknowledged) * PER_BATCH, "every acknowledged batch is stored"
    assert stored % PER_BATCH == 0, "a batch is stored whole or not at all"

    server = _serve(env, port)
    try:
        for body in bodies:  # the provider's system sends everything again
            answer = _post(port, body)
            assert answer is not None and answer["rejected"] == 0
    finally:
        server.terminate()
        server.wait()
    assert _count(database) == (BATCHES * PER_BATCH, BATCHES * PER_BATCH)
