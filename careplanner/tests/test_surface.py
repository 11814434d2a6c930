"""The public surface: one import, one parameters object, failures as exceptions."""

from __future__ import annotations

import pytest

import careplanner
from careplanner import (
    Carer,
    DeadlockError,
    FormatError,
    OsrmProvider,
    PlannerError,
    ProblemError,
    SolveParams,
    SolverError,
    TravelError,
    Visit,
    estimate_fit,
    schedule,
    solve,
)
from careplanner.formats.solomon import parse_solomon

from .conftest import line_problem


def test_every_exported_name_exists():
    assert [name for name in careplanner.__all__ if not hasattr(careplanner, name)] == []


def test_solve_params_reject_an_unknown_solver():
    with pytest.raises(ProblemError, match="unknown solver 'gurobi'"):
        SolveParams(solver="gurobi")


def test_solve_params_reject_a_time_limit_that_is_not_positive():
    with pytest.raises(ProblemError, match="seconds must be a positive number"):
        SolveParams(seconds=0)


def test_solve_params_reject_a_continuity_share_of_the_whole_time():
    with pytest.raises(ProblemError, match="continuity_share"):
        SolveParams(continuity_share=1.0)


def test_solve_raises_a_solver_error_when_the_back_end_fails(monkeypatch):
    from careplanner import solver_pyvrp

    def crash(*args, **kwargs):
        raise RuntimeError("native code fell over")

    monkeypatch.setattr(solver_pyvrp, "solve_pyvrp", crash)
    with pytest.raises(SolverError, match="pyvrp solver failed: RuntimeError: native code fell over") as err:
        solve(line_problem(2), SolveParams(seconds=0.1))
    assert isinstance(err.value.__cause__, RuntimeError)


def test_solve_passes_the_planners_own_errors_through(monkeypatch):
    from careplanner import solver_pyvrp

    def deadlock(*args, **kwargs):
        raise DeadlockError(["v1", "v2"])

    monkeypatch.setattr(solver_pyvrp, "solve_pyvrp", deadlock)
    with pytest.raises(DeadlockError, match="cannot be synchronised: v1, v2"):
        solve(line_problem(2), SolveParams(seconds=0.1))


def test_schedule_raises_a_planner_error_on_a_deadlock():
    problem = line_problem(2)
    problem.visits = [
        Visit("a", 1, 0, 500, 20, carers_needed=2),
        Visit("b", 2, 0, 500, 20, carers_needed=2),
    ]
    problem.carers = [Carer("ann", 0, shift_end=600), Carer("bob", 0, shift_end=600)]
    with pytest.raises(PlannerError, match="cannot be synchronised"):
        schedule(problem, {"ann": [("a", 0), ("b", 0)], "bob": [("b", 1), ("a", 1)]})


def test_estimate_fit_raises_a_problem_error_for_a_visit_already_planned():
    problem = line_problem(2)
    plan = solve(problem, SolveParams(seconds=0.2))
    with pytest.raises(ProblemError, match=r"visit ids already in the plan: \['v1'\]"):
        estimate_fit(problem, plan, [problem.visits[0]])


def test_an_unreadable_benchmark_is_a_planner_error():
    with pytest.raises(PlannerError, match="not a Solomon VRPTW file") as err:
        parse_solomon("nothing here")
    assert isinstance(err.value, FormatError)


def test_an_unreachable_osrm_server_is_a_travel_error():
    server = OsrmProvider("http://127.0.0.1:9", timeout=2)  # the discard port: nothing listens
    with pytest.raises(TravelError, match="OSRM table failed"):
        server.matrix([(52.6, -1.1), (52.7, -1.2)])
