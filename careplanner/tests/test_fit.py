from __future__ import annotations

from careplanner import SolveParams
from careplanner.fit import estimate_fit
from careplanner.model import Carer, Problem, Visit
from careplanner.solve import solve
from careplanner.travel import HaversineProvider

BASE = (52.95, -1.15)


def _branch() -> Problem:
    pts = [
        BASE,
        (52.955, -1.15),
        (52.96, -1.16),
        (52.95, -1.14),
        (52.945, -1.155),
        (52.952, -1.148),  # near
        (53.30, -1.60),
    ]  # ~50 km away
    travel = HaversineProvider().matrix(pts)
    carers = [
        Carer("ann", 0, shift_start=420, shift_end=900),
        Carer("bob", 0, shift_start=420, shift_end=900),
    ]
    visits = [Visit(f"v{i}", i, 480 + 30 * i, 540 + 30 * i, 30) for i in range(1, 5)]
    return Problem(carers=carers, visits=visits, travel=travel)


def test_far_package_costs_more_travel_than_near_one() -> None:
    p = _branch()
    current = solve(p, SolveParams(seconds=0.5, seed=0))
    near = estimate_fit(p, current, [Visit("new", 5, 600, 720, 30)])
    far = estimate_fit(p, current, [Visit("new", 6, 600, 720, 30)])
    assert near.absorbable and far.absorbable
    assert far.extra_travel_minutes > near.extra_travel_minutes > -1e-9
    assert far.extra_distance_km > 80  # there and back
    assert far.extra_travel_minutes > 100


def test_package_that_cannot_fit_is_not_absorbable() -> None:
    p = _branch()
    current = solve(p, SolveParams(seconds=0.5, seed=0))
    fit = estimate_fit(
        p, current, [Visit("night", 5, 1200, 1260, 30), Visit("needs2", 5, 600, 700, 30, carers_needed=3)]
    )
    assert not fit.absorbable
    assert {u.visit_id for u in fit.unplanned} == {"night", "needs2"}
    assert all(u.reason for u in fit.unplanned)
