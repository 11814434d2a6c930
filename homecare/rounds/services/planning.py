"""Planning a provider's rounds for a day: queue a plan, run it (in the worker, or for many
providers at once from the command line) and store each carer's round and every visit that could
not be planned, with the planner's reason.

Running a plan is a sequence of short transactions rather than one long one, so that its status
and progress are visible to the page that polls it while the solver works.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from careplanner import Plan, PlannerError, Problem, SolveParams, evaluate, plan_rounds
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.providers.models import Provider
from homecare.rounds.adapter import (
    DEFAULT_WINDOW_MINUTES,
    Built,
    build_problem,
    to_datetime,
)
from homecare.rounds.models import PlanStatus, RoundAssignment, RoundPlan, UnplannedVisit
from homecare.rounds.services.errors import RoundsError

log = logging.getLogger(__name__)

MAX_SECONDS = 600
STALE_GRACE_SECONDS = 600
PROGRESS_BUILT = 10
PROGRESS_SOLVED = 90
#: What an executor yields for a task: a function that returns its plan, or raises what the planner
#: (or the worker running it) raised. Failures are exceptions, never a plan marked as failed.
Outcome = Callable[[], Plan]
#: Runs `careplanner.plan_rounds` for each (key, problem) task with the same parameters, wherever
#: it likes (a process pool, a Ray cluster), and yields each task's key and outcome as it finishes.
Executor = Callable[[list[tuple[str, Problem]], SolveParams], Iterator[tuple[str, Outcome]]]


@transaction.atomic
def request_plan(
    *,
    by: Actor,
    provider: Provider,
    day: dt.date,
    seconds: int = 10,
    seed: int = 0,
    window_minutes: int = DEFAULT_WINDOW_MINUTES,
) -> RoundPlan:
    """Queue a plan of `provider`'s visits on `day`; the worker picks it up."""
    if not 1 <= seconds <= MAX_SECONDS:
        raise RoundsError({"seconds": f"Give a time limit between 1 and {MAX_SECONDS} seconds"})
    plan = RoundPlan.objects.create(
        provider=provider,
        day=day,
        seconds=seconds,
        seed=seed,
        window_minutes=window_minutes,
        requested_by=by.user,
        requested_by_label=by.label,
    )
    audit.created(by=by, obj=plan, fields=["provider_id", "day", "seconds", "seed", "window_minutes"])
    return plan


def _claim(plan: RoundPlan) -> bool:
    """Move a queued plan to running; False when someone else got there first."""
    claimed = RoundPlan.objects.filter(pk=plan.pk, status=PlanStatus.QUEUED).update(
        status=PlanStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    if claimed:
        plan.refresh_from_db()
    return bool(claimed)


def _progress(plan: RoundPlan, percent: int) -> None:
    plan.progress = max(0, min(100, percent))
    RoundPlan.objects.filter(pk=plan.pk).update(progress=plan.progress)


@transaction.atomic
def store_solution(
    *, by: Actor, plan: RoundPlan, built: Built, solution: Plan, action: str = "planned"
) -> None:
    """Replace the plan's rounds with `solution` and record its figures."""
    problem = built.problem
    visits = problem.visit_by_id()
    plan.assignments.all().delete()
    plan.unplanned.all().delete()
    rows = []
    for route in solution.routes:
        if not route.stops:
            continue
        carer = built.carers[route.carer_id]
        spec = problem.carer_by_id()[route.carer_id]
        tt = problem.travel.duration(spec.travel_mode)
        dist = problem.travel.distance
        previous = spec.start_location
        for order, stop in enumerate(route.stops):
            here = visits[stop.visit_id].location
            rows.append(
                RoundAssignment(
                    plan=plan,
                    visit=built.visits[stop.visit_id],
                    carer=carer,
                    slot=stop.slot,
                    order=order,
                    planned_arrival=to_datetime(built.origin, stop.arrival),
                    planned_start=to_datetime(built.origin, stop.start),
                    planned_end=to_datetime(built.origin, stop.end),
                    travel_minutes=round(float(tt[previous, here]), 2),
                    travel_km=round(float(dist[previous, here]), 3),
                )
            )
            previous = here
    RoundAssignment.objects.bulk_create(rows, batch_size=1000)
    unplanned = [
        UnplannedVisit(plan=plan, visit=built.visits[u.visit_id], reason=u.reason[:300])
        for u in solution.unplanned
        if u.visit_id in built.visits
    ]
    unplanned += [UnplannedVisit(plan=plan, visit=v, reason=reason) for v, reason in built.set_aside]
    UnplannedVisit.objects.bulk_create(unplanned, batch_size=1000)
    ev = evaluate(problem, solution)
    figures: dict[str, Any] = {
        "status": PlanStatus.DONE,
        "progress": 100,
        "solver": solution.solver or "",
        "travel_km": round(ev.distance, 2),
        "travel_minutes": round(ev.travel_time, 1),
        "visits_total": len(problem.visits) + len(built.set_aside),
        "visits_planned": ev.planned_visits,
        "visits_unplanned": len(unplanned),
        "carers_available": len(problem.carers),
        "carers_used": ev.routes_used,
        "continuity_hits": ev.continuity_hits,
    }
    if action == "planned":
        figures["finished_at"] = timezone.now()
        figures["runtime_seconds"] = round(solution.runtime, 2)
    else:
        figures["changed_at"] = timezone.now()
    audit.update_fields(by=by, obj=plan, action=action, **figures)
    if ev.violations:
        log.warning("plan %s has %d violations: %s", plan.pk, len(ev.violations), ev.violations[:3])


@transaction.atomic
def fail_plan(*, by: Actor, plan: RoundPlan, error: str) -> None:
    audit.update_fields(
        by=by,
        obj=plan,
        action="failed",
        status=PlanStatus.FAILED,
        error=error[:2000],
        finished_at=timezone.now(),
    )


def _params(seconds: float, seed: int) -> SolveParams:
    return SolveParams(seconds=float(seconds), seed=seed)


def _error_text(exc: Exception) -> str:
    """The planner's own message for its errors; the error's type too for anything else."""
    return str(exc) if isinstance(exc, PlannerError) else f"{type(exc).__name__}: {exc}"


def _solve_with_progress(plan: RoundPlan, built: Built) -> Plan:
    """Solve in a helper thread while this one reports progress by the clock."""
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(plan_rounds, built.problem, _params(plan.seconds, plan.seed))
        while True:
            try:
                return future.result(timeout=1.0)
            except concurrent.futures.TimeoutError:
                share = min(1.0, (time.monotonic() - started) / max(plan.seconds, 1))
                _progress(plan, PROGRESS_BUILT + round(share * (PROGRESS_SOLVED - PROGRESS_BUILT)))


def run_plan(*, by: Actor, plan: RoundPlan) -> RoundPlan:
    """Plan a queued plan now: build the problem, solve it within its time limit, store it."""
    if not _claim(plan):
        raise RoundsError(f"Plan {plan.pk} is {plan.get_status_display().lower()}, not waiting to start")
    audit.record(
        by=by, action="started", obj=plan, changes={"status": [PlanStatus.QUEUED, PlanStatus.RUNNING]}
    )
    try:
        built = build_problem(plan.provider, plan.day, window_minutes=plan.window_minutes)
        _progress(plan, PROGRESS_BUILT)
        solution = _solve_with_progress(plan, built)
        _progress(plan, PROGRESS_SOLVED)
        store_solution(by=by, plan=plan, built=built, solution=solution)
    except Exception as exc:
        log.exception("round plan %s failed", plan.pk)
        fail_plan(by=by, plan=plan, error=_error_text(exc))
    plan.refresh_from_db()
    return plan


def fail_stale(*, by: Actor, grace_seconds: int = STALE_GRACE_SECONDS) -> int:
    """Fail plans left running by a worker that stopped: running well past their time limit."""
    now = timezone.now()
    stale = [
        plan
        for plan in RoundPlan.objects.filter(
            status=PlanStatus.RUNNING, started_at__lt=now - dt.timedelta(seconds=grace_seconds)
        )
        if plan.started_at is not None
        and (now - plan.started_at).total_seconds() > plan.seconds + grace_seconds
    ]
    for plan in stale:
        fail_plan(
            by=by, plan=plan, error="the worker stopped before the plan was finished; plan the day again"
        )
    return len(stale)


def run_queued(*, by: Actor, limit: int = 5) -> int:
    """Run up to `limit` queued plans, oldest first. Returns how many were run."""
    fail_stale(by=by)
    done = 0
    for pk in list(
        RoundPlan.objects.filter(status=PlanStatus.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    ):
        plan = RoundPlan.objects.select_related("provider").get(pk=pk)
        try:
            run_plan(by=by, plan=plan)
        except RoundsError:
            continue  # another worker took it
        done += 1
    return done


# Many providers at once (the command line): a local process pool, or a Ray cluster.


class ExecutorUnavailable(RoundsError):
    pass


def local_executor(workers: int | None = None) -> Executor:
    def run(tasks: list[tuple[str, Problem]], params: SolveParams) -> Iterator[tuple[str, Outcome]]:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(plan_rounds, problem, params): key for key, problem in tasks}
            for future in concurrent.futures.as_completed(futures):
                yield futures[future], future.result

    return run


def ray_executor(address: str | None = None, workers: int | None = None) -> Executor:
    """Run each branch as a Ray task. Ray is an optional extra: `pip install 'homecare[ray]'`."""
    try:
        import ray
    except ImportError as exc:
        raise ExecutorUnavailable(
            "Ray is not installed. Install the optional extra with: pip install 'homecare[ray]'"
        ) from exc

    def run(tasks: list[tuple[str, Problem]], params: SolveParams) -> Iterator[tuple[str, Outcome]]:
        init: dict[str, Any] = {"ignore_reinit_error": True, "log_to_driver": False}
        if address:
            init["address"] = address
        elif workers:
            init["num_cpus"] = workers
        ray.init(**init)
        remote: Any = ray.remote(num_cpus=1)(
            plan_rounds
        )  # typed loosely: Ray's stubs do not know its arguments
        keys = {}
        for key, problem in tasks:
            keys[remote.remote(problem, params)] = key
        pending = list(keys)
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            for ref in ready:
                yield keys[ref], cast(Outcome, functools.partial(ray.get, ref))

    return run


@dataclass
class BatchResult:
    plans: list[RoundPlan]
    wall_seconds: float


def plan_providers(
    *,
    by: Actor,
    providers: Iterable[Provider],
    day: dt.date,
    seconds: int = 10,
    seed: int = 0,
    window_minutes: int = DEFAULT_WINDOW_MINUTES,
    executor: Executor | None = None,
    on_done: Callable[[RoundPlan, float], None] | None = None,
) -> BatchResult:
    """Plan every provider's day in parallel; each provider gets its own stored plan."""
    started = time.perf_counter()
    executor = executor or local_executor()
    rows: dict[str, tuple[RoundPlan, Built]] = {}
    tasks: list[tuple[str, Problem]] = []
    for provider in providers:
        plan = request_plan(
            by=by, provider=provider, day=day, seconds=seconds, seed=seed, window_minutes=window_minutes
        )
        _claim(plan)
        built = build_problem(provider, day, window_minutes=window_minutes)
        _progress(plan, PROGRESS_BUILT)
        rows[str(plan.pk)] = (plan, built)
        tasks.append((str(plan.pk), built.problem))
    pending = set(rows)
    try:
        for key, outcome in executor(tasks, _params(seconds, seed)):
            pending.discard(key)
            plan, built = rows[key]
            wall = 0.0
            try:
                solution = outcome()
                wall = solution.runtime
                store_solution(by=by, plan=plan, built=built, solution=solution)
            except Exception as exc:  # this provider's plan fails; the others carry on
                log.exception("round plan %s failed", plan.pk)
                fail_plan(by=by, plan=plan, error=_error_text(exc))
            plan.refresh_from_db()
            if on_done is not None:
                on_done(plan, wall)
    finally:
        # Plans the executor never answered for (a lost cluster, an interrupt) must not stay running.
        for key in pending:
            fail_plan(by=by, plan=rows[key][0], error="the planner did not answer for this provider")
            rows[key][0].refresh_from_db()
    return BatchResult(plans=[p for p, _ in rows.values()], wall_seconds=time.perf_counter() - started)
