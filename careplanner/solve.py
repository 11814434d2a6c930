"""Entry point choosing a solver; every solver returns a plan timed by the same scheduler."""

from __future__ import annotations

from .exceptions import PlannerError, SolverError
from .model import Plan, Problem
from .params import SolveParams


def solve(problem: Problem, params: SolveParams | None = None) -> Plan:
    """Plan ``problem`` with ``params`` (default ``SolveParams()``: 10 s, seed 0, PyVRP).

    Raises a :class:`~careplanner.exceptions.PlannerError`: ``ProblemError`` for a problem that
    cannot be worked on, ``SolverError`` (from the back end's own error) when solving fails.
    """
    params = params or SolveParams()
    try:
        if params.solver == "ortools":
            from .solver_ortools import solve_ortools

            return solve_ortools(problem, params.seconds, params.seed)
        from .solver_pyvrp import solve_pyvrp

        return solve_pyvrp(problem, params.seconds, params.seed)
    except PlannerError:
        raise
    except Exception as err:
        raise SolverError(f"the {params.solver} solver failed: {type(err).__name__}: {err}") from err
