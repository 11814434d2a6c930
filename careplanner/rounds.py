"""A day's rounds: solve, then give calls to carers people know (the work a worker process runs).

Plain planner data in, a plan out: nothing here needs a database, so a process pool or a Ray
cluster can run :func:`plan_rounds` with only ``careplanner`` installed.
"""

from __future__ import annotations

import time
from dataclasses import replace

from .continuity import improve_continuity
from .model import Plan, Problem, Unplanned
from .params import SolveParams
from .solve import solve

NO_CARERS = "no carer has a shift on this day"


def plan_rounds(problem: Problem, params: SolveParams | None = None) -> Plan:
    """Plan ``problem`` within ``params.seconds``. When visits have preferred carers and the problem
    a continuity weight, the solver gets ``1 - params.continuity_share`` of the time and the
    continuity pass (:func:`careplanner.improve_continuity`) the rest. With no visits the plan is
    empty; with no carers every visit is unplanned with the reason ``NO_CARERS``. ``plan.runtime``
    is the wall time of the whole call. Failures raise a ``PlannerError``."""
    params = params or SolveParams()
    started = time.perf_counter()
    if not problem.visits:
        return Plan(routes=[], solver="none")
    if not problem.carers:
        return Plan(routes=[], unplanned=[Unplanned(v.id, NO_CARERS) for v in problem.visits], solver="none")
    deadline = time.monotonic() + params.seconds
    wants = problem.continuity_weight > 0 and any(v.preferred_carers for v in problem.visits)
    solver_params = (
        replace(params, seconds=params.seconds * (1 - params.continuity_share)) if wants else params
    )
    plan = solve(problem, solver_params)
    if wants:
        plan = improve_continuity(problem, plan, deadline=deadline)
    plan.runtime = time.perf_counter() - started
    return plan
