"""PyVRP (hybrid genetic / iterated local search) back end: the solving strategy.

The problem is handed to PyVRP as described in :mod:`careplanner.pyvrp_model`.
Synchronisation is done outside PyVRP (docs/adr/0101): routes are timed exactly by
:mod:`careplanner.sync`, then improved either by the compiled annealer of
:mod:`careplanner.anneal` (problems without breaks or working limits) or by re-solving
with every synchronised job pinned to its agreed start time; the best plan is kept.
The hierarchical objective (fewest carers first) is in :mod:`careplanner.fleet`.
"""

from __future__ import annotations

import time

from pyvrp import solve as pyvrp_solve
from pyvrp.stop import MaxRuntime

from . import routemin
from .anneal import anneal
from .evaluate import evaluate
from .fleet import reduce_fleet
from .jobs import Jobs, expand, objective
from .model import Plan, Problem
from .pyvrp_model import Windows, assignment_of, build, initial_windows, to_assignment, to_solution
from .repair import finalise

__all__ = ["solve_pyvrp"]

# share of the time given to the first PyVRP run, by what follows it
FIRST_SHARE = {"anneal": 0.08, "pin": 0.6, "hierarchical": 0.4, "routemin": 0.1, "distance": 1.0}


def solve_pyvrp(problem: Problem, seconds: float, seed: int = 0) -> Plan:
    t0 = time.perf_counter()
    deadline = t0 + seconds
    jobs = expand(problem)
    synced = any(v.carers_needed > 1 for v, _ in jobs.jobs) or bool(problem.sequences)
    # "simple": no breaks or working limits, so the fast exact cost of improve.py applies.
    simple = not any(
        c.breaks
        or c.max_working_time is not None
        or c.max_travel_between_calls is not None
        or c.max_distance_between_calls is not None
        for c in problem.carers
    )
    built = build(problem, jobs, initial_windows(problem, jobs) if synced else None)
    alike = problem.minimise_carers and not synced and routemin.applies(problem, jobs)
    phase = (
        ("anneal" if simple else "pin")
        if synced
        else ("routemin" if alike else "hierarchical" if problem.minimise_carers else "distance")
    )
    share = FIRST_SHARE[phase]
    first = seconds * share
    res = pyvrp_solve(built.data, MaxRuntime(max(first, 0.05)), seed=seed, display=False, collect_stats=False)
    if synced and not res.best.is_feasible():
        # The narrowed windows were too tight for this instance: route with the real ones.
        built = build(problem, jobs)
        res = pyvrp_solve(
            built.data, MaxRuntime(max(first / 2, 0.05)), seed=seed, display=False, collect_stats=False
        )
    asg, missing = to_assignment(built, res.best)
    plan = finalise(
        problem,
        asg,
        jobs,
        "pyvrp",
        missing,
        insert_dropped=synced and len(jobs.jobs) <= 400,
        deadline=t0 + 0.85 * seconds,
    )
    if problem.minimise_carers and not synced:
        plan = reduce_fleet(problem, jobs, plan, deadline, seed, seconds, alike)
    elif synced:
        trace = [objective(problem, evaluate(problem, plan))]
        if not simple:
            plan = _pin_rounds(problem, jobs, plan, deadline, seed)
            trace.append(objective(problem, evaluate(problem, plan)))
        else:
            plan = _polish(problem, jobs, plan, deadline, seed)
            trace.append(objective(problem, evaluate(problem, plan)))
        plan.meta["phase_costs"] = [round(x, 2) for x in trace]
    plan.runtime = time.perf_counter() - t0
    return plan


def _polish(problem: Problem, jobs: Jobs, plan: Plan, deadline: float, seed: int) -> Plan:
    asg, stats = anneal(problem, jobs, assignment_of(plan), deadline - 0.05, seed)
    plan.meta["anneal"] = stats
    placed = {j for calls in asg.values() for j in calls}
    # jobs the previous plan could not place are tried again (or reported again)
    left_out = [(v.id, k) for v, k in jobs.jobs if (v.id, k) not in placed]
    cand = finalise(problem, asg, jobs, "pyvrp", left_out, insert_dropped=True)
    if objective(problem, evaluate(problem, cand)) < objective(problem, evaluate(problem, plan)):
        return cand
    return plan


def _pin_rounds(problem: Problem, jobs: Jobs, plan: Plan, deadline: float, seed: int) -> Plan:
    """Re-solve with synchronised jobs pinned to their agreed start, keep the best."""
    best, best_cost = plan, objective(problem, evaluate(problem, plan))
    current = plan
    linked = {(v.id, s) for v, s in jobs.jobs if v.carers_needed > 1}
    for seq in problem.sequences:
        linked |= {(seq.first, 0), (seq.second, 0)}
    visits = problem.visit_by_id()
    round_seconds = max(2.0, 0.1 * (deadline - time.perf_counter()))
    k = 0
    while deadline - time.perf_counter() > 0.3:
        k += 1
        windows: Windows = {}
        for r in current.routes:
            for s in r.stops:
                v = visits[s.visit_id]
                if (s.visit_id, s.slot) in linked:
                    slack = 0.0 if k % 2 else min(10.0, max(0.0, s.start - v.earliest))
                    # a hair of tolerance: PyVRP's integer travel times are rounded up
                    windows[(s.visit_id, s.slot)] = (s.start - slack, s.start + 0.01)
                elif problem.allow_tardiness and not v.time_critical:
                    windows[(s.visit_id, s.slot)] = (v.earliest, max(v.latest, s.start))
        built = build(problem, jobs, windows)
        init = to_solution(built, assignment_of(current))
        left = deadline - time.perf_counter()
        res = pyvrp_solve(
            built.data,
            MaxRuntime(min(round_seconds, left)),
            seed=seed + k,
            display=False,
            collect_stats=False,
            initial_solution=init,
        )
        asg, missing = to_assignment(built, res.best)
        cand = finalise(problem, asg, jobs, "pyvrp", missing, insert_dropped=True, deadline=deadline)
        cost = objective(problem, evaluate(problem, cand))
        if cost < best_cost - 1e-9:
            best, best_cost = cand, cost
        current = cand if cost < best_cost * 1.02 else best
    return best
