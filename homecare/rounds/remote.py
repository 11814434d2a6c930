"""The work sent to other processes or machines: plain planner data in, a plan out.

Nothing here touches Django or the database, so a process pool or a Ray cluster can run it with
only the planner library installed.
"""

from __future__ import annotations

import time

from careplanner.model import Plan, Problem, Unplanned
from careplanner.solve import solve

NO_CARERS = "no carer has a shift on this day"


def solve_problem(key: str, problem: Problem, seconds: float, seed: int) -> tuple[str, Plan, float]:
    """Solve one branch's day; returns the caller's key, the plan and the wall time in seconds."""
    started = time.perf_counter()
    if not problem.visits:
        plan = Plan(routes=[], solver="none")
    elif not problem.carers:
        plan = Plan(routes=[], unplanned=[Unplanned(v.id, NO_CARERS) for v in problem.visits], solver="none")
    else:
        plan = solve(problem, seconds=seconds, seed=seed)
    return key, plan, time.perf_counter() - started
