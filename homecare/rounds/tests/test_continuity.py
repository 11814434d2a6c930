import time

from careplanner.model import Carer, Problem, Visit
from careplanner.solve import solve
from careplanner.travel import HaversineProvider
from homecare.rounds.continuity import improve_continuity

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
    plan = solve(problem, seconds=0.2, seed=0)
    better = improve_continuity(problem, plan, deadline=time.monotonic() + 5)
    (route,) = [r for r in better.routes if r.stops]
    assert route.carer_id == "known"


def test_continuity_pass_keeps_the_plan_when_the_detour_costs_more_than_the_weight():
    problem = _problem(weight=0.1)
    plan = solve(problem, seconds=0.2, seed=0)
    kept = improve_continuity(problem, plan, deadline=time.monotonic() + 5)
    (route,) = [r for r in kept.routes if r.stops]
    assert route.carer_id == "near"
