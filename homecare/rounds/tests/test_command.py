import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from careplanner import ProblemError, SolverError, plan_rounds
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.rounds.factories import CarerFactory, client_with_visits, visit_line
from homecare.rounds.models import PlanStatus, RoundPlan
from homecare.rounds.services import planning

pytestmark = pytest.mark.django_db

#: Ray on a test machine: two CPUs, no dashboard, a small object store (plans are a few kB).
RAY_CPUS = 2
RAY_OBJECT_STORE_BYTES = 100 * 1024 * 1024
RAY_START_SECONDS = 60


def _two_providers(day):
    providers = [ProviderFactory(latitude=52.62, longitude=-1.12) for _ in range(2)]
    for provider in providers:
        client_with_visits(provider, day, [visit_line(dt.time(8)), visit_line(dt.time(17))])
        CarerFactory(provider=provider)
    return providers


def test_command_plans_every_provider_with_the_local_pool(day, capsys):
    providers = _two_providers(day)
    call_command("rounds", "plan", "--date", day.isoformat(), "--all", "--seconds", "2", "--workers", "2")
    plans = RoundPlan.objects.filter(day=day)
    assert {p.provider_id for p in plans} == {p.pk for p in providers}
    assert all(p.status == PlanStatus.DONE and p.visits_planned == 2 for p in plans)
    assert "Done: 2 plans" in capsys.readouterr().out


def test_command_plans_one_provider_by_reference(day):
    providers = _two_providers(day)
    call_command(
        "rounds", "plan", "--date", day.isoformat(), "--provider", providers[0].council_ref, "--seconds", "1"
    )
    assert list(RoundPlan.objects.values_list("provider_id", flat=True)) == [providers[0].pk]


def test_command_rejects_an_unknown_provider(day):
    with pytest.raises(CommandError, match="No provider"):
        call_command("rounds", "plan", "--date", day.isoformat(), "--provider", "NOPE")


def test_command_says_clearly_when_ray_is_missing(day, monkeypatch):
    _two_providers(day)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if the extra were not installed
    with pytest.raises(CommandError, match=r"Ray is not installed.*homecare\[ray\]"):
        call_command("rounds", "plan", "--date", day.isoformat(), "--all", "--executor", "ray")
    assert not RoundPlan.objects.exists()


ROOT = Path(__file__).resolve().parents[3]


def _pins(lock: Path) -> dict[str, set[str]]:
    """Each package of a uv lock file with its pinned versions (and their markers, if any)."""
    pins: dict[str, set[str]] = {}
    for line in lock.read_text().splitlines():
        if line[:1].isalnum() and "==" in line:
            name, version = line.rstrip(" \\").split("==", 1)
            pins.setdefault(name.lower(), set()).add(version)
    return pins


def test_the_ray_lock_pins_what_the_main_lock_pins():
    # requirements-ray.lock is compiled with `-c requirements.lock`; recompile it when that changes.
    main, extra = _pins(ROOT / "requirements.lock"), _pins(ROOT / "requirements-ray.lock")
    assert "ray" in extra
    assert {n: v for n, v in extra.items() if n in main} == {n: main[n] for n in extra if n in main}


# Live Ray tests. They need the optional extra (`pip install --require-hashes -r requirements-ray.lock`);
# without it they are skipped, unless REQUIRE_RAY is set (as in CI), when they fail instead.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _group_alive(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs (zombies waiting to be reaped do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # state, ppid, pgrp, ...
        except (OSError, IndexError):
            continue  # it ended meanwhile
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _stop_group(pgid: int, grace: float = 1.0) -> None:
    """Stop every process of a Ray head started in its own session, and only those.

    `ray stop` would also stop any other Ray on the machine, so the head's process group is
    signalled instead: SIGTERM, then SIGKILL for what is still there after `grace` seconds (the
    GCS server takes much longer to exit on SIGTERM, and a test cluster keeps nothing worth saving).
    """
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        if not _group_alive(pgid):
            return
        os.killpg(pgid, sig)
        deadline = time.monotonic() + wait
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)


@pytest.fixture
def ray(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Ray, kept apart from any other Ray on the machine, and shut down after the test."""
    try:
        import ray
    except ImportError:
        message = (
            "ray is not installed (optional extra: pip install --require-hashes -r requirements-ray.lock)"
        )
        if os.environ.get("REQUIRE_RAY"):
            pytest.fail(message)
        pytest.skip(message)
    temp_dir = tempfile.mkdtemp(prefix="ray-")  # short: Ray's socket paths must fit in 107 bytes
    monkeypatch.setenv("RAY_TMPDIR", temp_dir)
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    # A loopback test cluster needs no token; with the mode unset Ray would write one to ~/.ray.
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    try:
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(temp_dir, ignore_errors=True)


@pytest.fixture
def ray_head(ray: Any) -> Iterator[str]:
    """A one-node Ray cluster started with `ray start --head`, as on a real head node; its address."""
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("ray")),
        "start",
        "--head",
        "--node-ip-address=127.0.0.1",
        f"--port={port}",
        f"--num-cpus={RAY_CPUS}",
        f"--object-store-memory={RAY_OBJECT_STORE_BYTES}",
        "--include-dashboard=false",
        "--disable-usage-stats",
    ]
    log_path = Path(os.environ["RAY_TMPDIR"]) / "head.log"
    with log_path.open("w") as log:
        # Its own session, so that the head's daemons, which outlive `ray start`, share one group.
        head = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    try:
        try:
            returncode = head.wait(timeout=RAY_START_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"ray start did not finish in {RAY_START_SECONDS}s:\n{log_path.read_text()}")
        if returncode != 0:
            pytest.fail(f"ray start failed ({returncode}):\n{log_path.read_text()}")
        yield f"127.0.0.1:{port}"
    finally:
        ray.shutdown()  # disconnect this driver before its cluster goes
        _stop_group(head.pid)
        head.wait()
    assert not _group_alive(head.pid), "the Ray head left processes behind"


def test_ray_executor_plans_on_a_local_ray_instance(day, ray, monkeypatch):
    providers = _two_providers(day)
    started: list[dict[str, Any]] = []
    init = ray.init

    def small_init(**kwargs: Any) -> Any:  # the executor's own local start, kept small on a test machine
        started.append(dict(kwargs))
        return init(**kwargs, include_dashboard=False, object_store_memory=RAY_OBJECT_STORE_BYTES)

    monkeypatch.setattr(ray, "init", small_init)
    result = planning.plan_providers(
        by=TEST_ACTOR,
        providers=providers,
        day=day,
        seconds=1,
        executor=planning.ray_executor(workers=RAY_CPUS),
    )
    assert [p.status for p in result.plans] == [PlanStatus.DONE, PlanStatus.DONE]
    assert all(p.visits_planned == 2 and p.carers_used == 1 for p in result.plans)
    assert len(started) == 1 and started[0]["num_cpus"] == RAY_CPUS and "address" not in started[0]
    assert ray.cluster_resources()["CPU"] == RAY_CPUS


def test_command_plans_every_provider_on_a_ray_cluster_by_its_address(day, ray, ray_head, capsys):
    providers = _two_providers(day)
    call_command(
        "rounds",
        "plan",
        "--date",
        day.isoformat(),
        "--all",
        "--seconds",
        "1",
        "--executor",
        "ray",
        "--address",
        ray_head,
    )
    plans = RoundPlan.objects.filter(day=day)
    assert {p.provider_id for p in plans} == {p.pk for p in providers}
    assert all(p.status == PlanStatus.DONE and p.visits_planned == 2 for p in plans), [
        (p.status, p.visits_planned, p.error) for p in plans
    ]
    out = capsys.readouterr().out
    assert "(ray, 1s each)" in out and "Done: 2 plans" in out and "0 failed" in out
    # The command joined the running cluster rather than starting a Ray of its own.
    assert ray.is_initialized()
    assert ray.get_runtime_context().gcs_address.endswith(":" + ray_head.rsplit(":", 1)[1])


def test_plans_the_executor_never_answers_for_are_failed(day):
    providers = _two_providers(day)

    def lost(tasks, params):
        raise ConnectionError("cluster went away")
        yield  # pragma: no cover

    with pytest.raises(ConnectionError):
        planning.plan_providers(by=TEST_ACTOR, providers=providers, day=day, seconds=1, executor=lost)
    assert set(RoundPlan.objects.values_list("status", flat=True)) == {PlanStatus.FAILED}


def test_a_planner_failure_fails_only_its_providers_plan(day):
    providers = _two_providers(day)

    def one_fails(tasks, params):
        (first, problem), (second, _other) = tasks
        yield first, lambda: plan_rounds(problem, params)

        def fail():
            raise ProblemError("unknown solver 'gurobi'")

        yield second, fail

    result = planning.plan_providers(
        by=TEST_ACTOR, providers=providers, day=day, seconds=1, executor=one_fails
    )
    assert [(p.status, p.error) for p in result.plans] == [
        (PlanStatus.DONE, ""),
        (PlanStatus.FAILED, "unknown solver 'gurobi'"),
    ]


class _FakeRay:
    """Just enough of Ray's API for the executor: tasks run when their result is asked for."""

    class Ref:
        def __init__(self, fn, args):
            self.fn, self.args = fn, args

    def init(self, **kwargs):
        pass

    def remote(self, **kwargs):
        return lambda fn: SimpleNamespace(remote=lambda *args: self.Ref(fn, args))

    def wait(self, pending, num_returns):
        return pending[:num_returns], pending[num_returns:]

    def get(self, ref):
        return ref.fn(*ref.args)


def test_ray_executor_reports_a_failed_task_against_its_plan(day, monkeypatch):
    providers = _two_providers(day)
    fake = _FakeRay()
    monkeypatch.setitem(sys.modules, "ray", fake)
    calls = []

    def flaky(problem, params):
        calls.append(problem)
        if len(calls) == 2:
            raise SolverError("the pyvrp solver failed: RuntimeError: boom")
        return plan_rounds(problem, params)

    monkeypatch.setattr(planning, "plan_rounds", flaky)
    result = planning.plan_providers(
        by=TEST_ACTOR, providers=providers, day=day, seconds=1, executor=planning.ray_executor()
    )
    assert [(p.status, p.error) for p in result.plans] == [
        (PlanStatus.DONE, ""),
        (PlanStatus.FAILED, "the pyvrp solver failed: RuntimeError: boom"),
    ]
