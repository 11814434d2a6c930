"""The work sent to other processes or machines: plain planner data in, a plan out.

Nothing here touches Django or the database, so a process pool or a Ray cluster can run it with
only the planner library installed.
"""

from __future__ import annotations

import time

from careplanner.model import Plan, Problem, Unplanned
from careplanner.solve import solve
from homecare.rounds.continuity import improve_continuity

NO_CARERS = "no carer has a shift on this day"
#: Share of the time limit left for moving calls to carers people know, when any visit has some.
CONTINUITY_SHARE = 0.2


def solve_problem(key: str, problem: Problem, seconds: float, seed: int) -> tuple[str, Plan, float]:
    """Solve one branch's day; returns the caller's key, the plan and the wall time in seconds."""
    started = time.perf_counter()
    if not problem.visits:
        plan = Plan(routes=[], solver="none")
    elif not problem.carers:
        plan = Plan(routes=[], unplanned=[Unplanned(v.id, NO_CARERS) for v in problem.visits], solver="none")
    else:
        deadline = time.monotonic() + seconds
        wants = any(v.preferred_carers for v in problem.visits) and problem.continuity_weight > 0
        plan = solve(problem, seconds=seconds * (1 - CONTINUITY_SHARE) if wants else seconds, seed=seed)
        if wants:
            plan = improve_continuity(problem, plan, deadline=deadline)
        plan.runtime = time.perf_counter() - started
    return key, plan, time.perf_counter() - started
