import time

from careplanner import (
    NO_CARERS,
    Carer,
    HaversineProvider,
    Problem,
    SolveParams,
    Visit,
    improve_continuity,
    plan_rounds,
    solve,
)

HOME = (52.62, -1.12)
NEARBY = (52.623, -1.12)  # about 0.3 km away


def _problem(weight: float) -> Problem:
    travel = HaversineProvider().matrix([HOME, NEARBY])
    carers = [
        Carer("near", 1, shift_start=420, shift_end=900),
        Carer("known", 0, shift_start=420, shift_end=900),
    ]
    visits = [Visit("v1", 1, 480, 540, 30, preferred_carers=("known",))]
    return Problem(carers=carers, visits=visits, travel=travel, continuity_weight=weight)


def test_continuity_pass_gives_the_call_to_the_known_carer_when_worth_it():
    problem = _problem(weight=5.0)
    plan = solve(problem, SolveParams(seconds=0.2, seed=0))
    better = improve_continuity(problem, plan, deadline=time.monotonic() + 5)
    (route,) = [r for r in better.routes if r.stops]
    assert route.carer_id == "known"


def test_continuity_pass_keeps_the_plan_when_the_detour_costs_more_than_the_weight():
    problem = _problem(weight=0.1)
    plan = solve(problem, SolveParams(seconds=0.2, seed=0))
    kept = improve_continuity(problem, plan, deadline=time.monotonic() + 5)
    (route,) = [r for r in kept.routes if r.stops]
    assert route.carer_id == "near"


def test_plan_rounds_gives_the_call_to_the_known_carer_within_its_time_limit():
    problem = _problem(weight=5.0)
    plan = plan_rounds(problem, SolveParams(seconds=0.5, seed=0))
    (route,) = [r for r in plan.routes if r.stops]
    assert route.carer_id == "known"
    assert plan.runtime < 0.5 + 1.0


def test_plan_rounds_without_carers_leaves_every_visit_unplanned_with_the_reason():
    problem = _problem(weight=5.0)
    problem.carers = []
    plan = plan_rounds(problem, SolveParams(seconds=1))
    assert [(u.visit_id, u.reason) for u in plan.unplanned] == [("v1", NO_CARERS)]
    assert plan.routes == []


def test_plan_rounds_without_visits_is_an_empty_plan():
    problem = _problem(weight=5.0)
    problem.visits = []
    plan = plan_rounds(problem, SolveParams(seconds=1))
    assert plan.routes == [] and plan.unplanned == []
