from __future__ import annotations

from dataclasses import replace

import pytest

from careplanner import SolveParams
from careplanner.evaluate import evaluate
from careplanner.model import Plan, Sequence, Visit
from careplanner.solve import solve

from .conftest import line_problem

SOLVERS = ["pyvrp", "ortools"]


def _stops(plan: Plan) -> dict[tuple[str, int], tuple[str, float]]:
    return {(s.visit_id, s.slot): (r.carer_id, s.start) for r in plan.routes for s in r.stops}


@pytest.mark.parametrize("solver", SOLVERS)
def test_double_up_is_synchronised_exactly(solver: str) -> None:
    p = line_problem(5)
    p.visits[2] = replace(p.visits[2], carers_needed=2, earliest=100, latest=140)
    p.visits[4] = replace(p.visits[4], carers_needed=2, earliest=0, latest=300)
    plan = solve(p, SolveParams(seconds=1, seed=1, solver=solver))
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    got = _stops(plan)
    for vid in ("v3", "v5"):
        (c0, s0), (c1, s1) = got[(vid, 0)], got[(vid, 1)]
        assert c0 != c1 and s0 == s1


@pytest.mark.parametrize("solver", SOLVERS)
def test_skills_respected_and_unplanned_reasons(solver: str) -> None:
    p = line_problem(4)
    p.visits[1] = replace(p.visits[1], skills=frozenset({"meds"}))  # only ann
    p.visits[3] = replace(p.visits[3], skills=frozenset({"nursing"}))  # nobody
    p.visits.append(Visit("late", 4, 700, 720, 10))  # after every shift
    plan = solve(p, SolveParams(seconds=1, seed=0, solver=solver))
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    assert _stops(plan)[("v2", 0)][0] == "ann"
    reasons = {u.visit_id: u.reason for u in plan.unplanned}
    assert set(reasons) == {"v4", "late"}
    assert "skills" in reasons["v4"] and "shift" in reasons["late"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_full_rounds_leave_visits_unplanned_with_reason(solver: str) -> None:
    p = line_problem(4)
    p.carers = [replace(c, shift_end=120) for c in p.carers]
    p.visits = [replace(v, earliest=0, latest=40, duration=60) for v in p.visits]
    plan = solve(p, SolveParams(seconds=1, seed=0, solver=solver))
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    assert plan.unplanned and all(u.reason for u in plan.unplanned)
    assert ev.planned_visits + ev.unplanned_visits == 4


@pytest.mark.parametrize("solver", SOLVERS)
def test_sequential_visits(solver: str) -> None:
    p = line_problem(4)
    p.sequences = [Sequence("v1", "v2", 60, 90)]
    plan = solve(p, SolveParams(seconds=1, seed=0, solver=solver))
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    got = _stops(plan)
    assert 60 <= got[("v2", 0)][1] - got[("v1", 0)][1] <= 90


def test_solver_is_reproducible_for_a_seed() -> None:
    p = line_problem(5)
    a = solve(p, SolveParams(seconds=0.5, seed=3))
    b = solve(p, SolveParams(seconds=0.5, seed=3))
    assert evaluate(p, a).distance == evaluate(p, b).distance


def test_continuity_weight_favours_preferred_carer() -> None:
    p = line_problem(2)
    p.carers = [replace(c, skills=frozenset()) for c in p.carers]
    p.visits = [replace(p.visits[0], preferred_carers=("bob",))]
    p.continuity_weight = 1000.0
    plan = solve(p, SolveParams(seconds=0.5, seed=0))
    assert _stops(plan)[("v1", 0)][0] == "bob"
    assert evaluate(p, plan).continuity_hits == 1


@pytest.mark.parametrize("solver", SOLVERS)
def test_hard_distance_limit_keeps_each_leg_between_calls_within_it(solver: str) -> None:
    # visits 10 apart: with legs limited to 5 between calls, no carer may do two of them
    p = line_problem(2)
    p.carers = [replace(c, max_distance_between_calls=5.0) for c in p.carers]
    plan = solve(p, SolveParams(seconds=1, seed=0, solver=solver))
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    assert sorted(len(r.stops) for r in plan.used_routes()) == [1, 1]
