"""Hierarchical objective (fewest carers first, then distance) with PyVRP."""

from __future__ import annotations

import time

from pyvrp import solve as pyvrp_solve
from pyvrp.stop import FirstFeasible, MaxRuntime, MultipleCriteria

from .evaluate import evaluate
from .jobs import Jobs, objective
from .model import Plan, Problem
from .pyvrp_model import assignment_of, build, to_assignment, to_solution
from .repair import finalise


def reduce_fleet(
    problem: Problem, jobs: Jobs, plan: Plan, deadline: float, seed: int, seconds: float
) -> Plan:
    """Hierarchical objective: try one carer fewer (briefly), then polish distance."""
    best, best_cost = plan, objective(problem, evaluate(problem, plan))
    while deadline - time.perf_counter() > 0.4 * seconds:
        k = len(best.used_routes()) - 1
        built = build(problem, jobs, fleet=k)
        stop = MultipleCriteria([FirstFeasible(), MaxRuntime(0.15 * seconds)])
        res = pyvrp_solve(built.data, stop, seed=seed, display=False, collect_stats=False)
        if not res.best.is_feasible():
            break
        asg, missing = to_assignment(built, res.best)
        cand = finalise(problem, asg, jobs, "pyvrp", missing)
        cost = objective(problem, evaluate(problem, cand))
        if cost < best_cost:
            best, best_cost = cand, cost
        else:
            break
    left = deadline - time.perf_counter()
    if left > 0.5:
        built = build(problem, jobs, fleet=len(best.used_routes()))
        init = to_solution(built, assignment_of(best))
        res = pyvrp_solve(
            built.data, MaxRuntime(left), seed=seed, display=False, collect_stats=False, initial_solution=init
        )
        asg, missing = to_assignment(built, res.best)
        cand = finalise(problem, asg, jobs, "pyvrp", missing)
        if objective(problem, evaluate(problem, cand)) < best_cost:
            best = cand
    return best
