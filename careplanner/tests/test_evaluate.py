"""The evaluator catches each kind of violation on hand-made plans."""

from __future__ import annotations

from dataclasses import replace

from careplanner.evaluate import evaluate
from careplanner.model import Break, BreakTaken, Plan, Problem, Route, Sequence, Stop, Unplanned

from .conftest import line_problem


def _plan(*routes: Route, unplanned: list[Unplanned] | None = None) -> Plan:
    return Plan(routes=list(routes), unplanned=unplanned or [])


def _route(
    carer: str, stops: list[tuple[str, int, float, float]], dep: float = 0.0, back: float = 600.0
) -> Route:
    return Route(
        carer,
        [Stop(v, slot, start, start, start + dur) for v, slot, start, dur in stops],
        departure=dep,
        return_time=back,
    )


def _good(p: Problem) -> Plan:
    return _plan(
        _route("ann", [("v1", 0, 10, 20), ("v2", 0, 40, 20)]),
        _route("bob", [("v3", 0, 30, 20), ("v4", 0, 60, 20)]),
    )


def test_good_plan_is_feasible() -> None:
    p = line_problem()
    ev = evaluate(p, _good(p))
    assert ev.feasible, ev.violations
    # ann: 0->10->20->0 = 40, bob: 0->30->40->0 = 80
    assert ev.distance == 120 and ev.routes_used == 2 and ev.planned_visits == 4


def test_time_window_violation() -> None:
    p = line_problem()
    p.visits[0] = replace(p.visits[0], latest=5)
    assert "time_window" in evaluate(p, _good(p)).kinds()


def test_tardiness_allowed_is_counted_not_violated() -> None:
    p = line_problem()
    p.visits[0] = replace(p.visits[0], latest=5)
    p.allow_tardiness = True
    ev = evaluate(p, _good(p))
    assert ev.feasible and ev.total_tardiness == 5 and ev.max_tardiness == 5


def test_travel_time_violation() -> None:
    p = line_problem()
    plan = _plan(
        _route("ann", [("v1", 0, 10, 20), ("v2", 0, 35, 20)]),
        _route("bob", [("v3", 0, 30, 20), ("v4", 0, 60, 20)]),
    )
    assert "travel_time" in evaluate(p, plan).kinds()


def test_skills_violation() -> None:
    p = line_problem()
    p.visits[2] = replace(p.visits[2], skills=frozenset({"meds"}))  # bob lacks meds
    assert "skills" in evaluate(p, _good(p)).kinds()


def test_missing_visit_and_unplanned_without_reason() -> None:
    p = line_problem()
    plan = _plan(
        _route("ann", [("v1", 0, 10, 20), ("v2", 0, 40, 20)]),
        _route("bob", [("v3", 0, 30, 20)]),
        unplanned=[],
    )
    assert "missing" in evaluate(p, plan).kinds()
    plan.unplanned = [Unplanned("v4", "")]
    assert "unplanned_reason" in evaluate(p, plan).kinds()
    plan.unplanned = [Unplanned("v4", "no carer available")]
    assert evaluate(p, plan).feasible
    p.allow_unplanned = False
    assert "unplanned" in evaluate(p, plan).kinds()


def test_double_up_not_synchronised() -> None:
    p = line_problem()
    p.visits[0] = replace(p.visits[0], carers_needed=2)
    plan = _plan(
        _route("ann", [("v1", 0, 10, 20), ("v2", 0, 40, 20)]),
        _route("bob", [("v1", 1, 12, 20), ("v3", 0, 52, 20), ("v4", 0, 82, 20)]),
    )
    assert "synchronisation" in evaluate(p, plan).kinds()
    plan.routes[1].stops[0] = Stop("v1", 1, 10, 10, 30)
    assert evaluate(p, plan).feasible


def test_double_up_by_same_carer_or_one_carer_only() -> None:
    p = line_problem()
    p.visits[0] = replace(p.visits[0], carers_needed=2)
    same = _plan(
        _route("ann", [("v1", 0, 10, 20), ("v1", 1, 30, 20), ("v2", 0, 60, 20)]),
        _route("bob", [("v3", 0, 30, 20), ("v4", 0, 60, 20)]),
    )
    assert "carers" in evaluate(p, same).kinds()
    alone = _good(p)
    assert "carers" in evaluate(p, alone).kinds()


def test_sequence_gap_violation() -> None:
    p = line_problem()
    p.sequences = [Sequence("v1", "v3", 10, 40)]
    assert evaluate(p, _good(p)).feasible  # v3 starts 20 after v1
    p.sequences = [Sequence("v1", "v3", 25, 40)]
    assert "sequence" in evaluate(p, _good(p)).kinds()
    p.sequences = [Sequence("v1", "v4", 0, 40)]  # gap 50 > 40
    assert "sequence" in evaluate(p, _good(p)).kinds()


def test_sequence_parts_that_need_different_carers() -> None:
    p = line_problem()
    p.sequences = [Sequence("v1", "v2", 10, 40)]  # both by ann, 30 apart
    assert evaluate(p, _good(p)).feasible
    p.sequences = [Sequence("v1", "v2", 10, 40, distinct_carers=True)]
    assert "carers" in evaluate(p, _good(p)).kinds()
    p.sequences = [Sequence("v1", "v3", 10, 40, distinct_carers=True)]  # ann then bob
    assert evaluate(p, _good(p)).feasible


def test_shift_and_working_time() -> None:
    p = line_problem()
    p.carers[0] = replace(p.carers[0], shift_start=5)
    assert "shift" in evaluate(p, _good(p)).kinds()
    p = line_problem()
    p.carers[1] = replace(p.carers[1], shift_end=70)
    assert "shift" in evaluate(p, _good(p)).kinds()
    p = line_problem()
    p.carers[1] = replace(p.carers[1], max_working_time=60)
    assert "working_time" in evaluate(p, _good(p)).kinds()


def test_capacity_and_max_travel() -> None:
    p = line_problem()
    p.carers[0] = replace(p.carers[0], capacity=5)
    p.visits[0] = replace(p.visits[0], demand=3)
    p.visits[1] = replace(p.visits[1], demand=3)
    assert "capacity" in evaluate(p, _good(p)).kinds()
    p = line_problem()
    p.carers[1] = replace(p.carers[1], max_travel_between_calls=5)
    assert "max_travel" in evaluate(p, _good(p)).kinds()
    p.travel_limit_penalty = 1.0
    ev = evaluate(p, _good(p))
    assert ev.feasible and ev.travel_limit_excess == 5


def test_break_missing_or_overlapping() -> None:
    p = line_problem()
    p.carers[0] = replace(p.carers[0], breaks=(Break(60, 120, 30),))
    plan = _good(p)
    assert "break" in evaluate(p, plan).kinds()
    plan.routes[0].breaks = [BreakTaken(70, 100)]
    assert evaluate(p, plan).feasible
    plan.routes[0].breaks = [BreakTaken(45, 75)]  # overlaps v2 (40-60) and starts too early
    assert "break" in evaluate(p, plan).kinds()


def test_unknown_visit_and_duration() -> None:
    p = line_problem()
    plan = _good(p)
    plan.routes[0].stops.append(Stop("zzz", 0, 100, 100, 110))
    assert "unknown_visit" in evaluate(p, plan).kinds()
    plan = _good(p)
    plan.routes[0].stops[0].end = 25
    assert "duration" in evaluate(p, plan).kinds()


def _distance_limited(limit: float, penalty: float | None) -> Problem:
    p = line_problem()
    p.carers = [replace(c, max_distance_between_calls=limit) for c in p.carers]
    p.travel_limit_penalty = penalty
    return p


def test_leg_over_a_hard_distance_limit_is_a_violation() -> None:
    # ann goes 0 -> 10 -> 20: the leg between her calls is 10 against a limit of 8
    ev = evaluate(_distance_limited(8.0, None), _good(line_problem()))
    assert [v.detail for v in ev.violations if v.kind == "max_distance"] == [
        "ann -> v2: 10.00 > 8",
        "bob -> v4: 10.00 > 8",
    ]


def test_legs_within_the_distance_limit_are_feasible() -> None:
    assert evaluate(_distance_limited(10.0, None), _good(line_problem())).feasible


def test_soft_distance_limit_counts_the_excess_and_charges_the_penalty() -> None:
    from careplanner.jobs import objective

    p = _distance_limited(8.0, 3.0)
    ev = evaluate(p, _good(p))
    assert ev.feasible and ev.distance_limit_excess == 4.0
    assert objective(p, ev) == ev.distance + 3.0 * 4.0
