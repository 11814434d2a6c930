"""Entry point choosing a solver; every solver returns a plan timed by the same scheduler."""

from __future__ import annotations

from .model import Plan, Problem


def solve(problem: Problem, seconds: float = 10.0, seed: int = 0, solver: str = "pyvrp") -> Plan:
    if solver == "pyvrp":
        from .solver_pyvrp import solve_pyvrp

        return solve_pyvrp(problem, seconds, seed)
    if solver == "ortools":
        from .solver_ortools import solve_ortools

        return solve_ortools(problem, seconds, seed)
    raise ValueError(f"unknown solver {solver!r}")
