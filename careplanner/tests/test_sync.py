from __future__ import annotations

from dataclasses import replace

import pytest

from careplanner.evaluate import evaluate
from careplanner.model import Break, Sequence
from careplanner.sync import DeadlockError, schedule

from .conftest import line_problem


def test_double_up_waits_for_the_later_carer() -> None:
    p = line_problem()
    p.visits[2] = replace(p.visits[2], carers_needed=2)  # v3 at 30
    plan = schedule(p, {"ann": [("v1", 0), ("v2", 0), ("v3", 0)], "bob": [("v3", 1)]})
    starts = {(s.visit_id, s.slot): s.start for r in plan.routes for s in r.stops}
    # ann: v1 at 10 (end 30), v2 at 40 (end 60), v3 at 70; bob could be there at 30.
    assert starts[("v3", 0)] == starts[("v3", 1)] == 70
    ev = evaluate(p, plan)
    assert "synchronisation" not in ev.kinds()


def test_crossed_double_ups_deadlock() -> None:
    p = line_problem()
    p.visits[0] = replace(p.visits[0], carers_needed=2)
    p.visits[1] = replace(p.visits[1], carers_needed=2)
    with pytest.raises(DeadlockError):
        schedule(p, {"ann": [("v1", 0), ("v2", 0)], "bob": [("v2", 1), ("v1", 1)]})


def test_sequence_max_gap_delays_the_first_part() -> None:
    p = line_problem()
    p.visits = [p.visits[0], replace(p.visits[3], earliest=200)]
    p.sequences = [Sequence("v1", "v4", 10, 30)]
    plan = schedule(p, {"ann": [("v1", 0)], "bob": [("v4", 0)]})
    starts = {s.visit_id: s.start for r in plan.routes for s in r.stops}
    assert starts["v4"] == 200 and starts["v1"] == 170
    assert evaluate(p, plan).feasible


def test_break_is_scheduled_in_its_window() -> None:
    p = line_problem()
    p.carers[0] = replace(p.carers[0], breaks=(Break(25, 60, 30),))
    plan = schedule(p, {"ann": [("v1", 0), ("v2", 0)], "bob": [("v3", 0), ("v4", 0)]})
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    assert plan.routes[0].breaks and 25 <= plan.routes[0].breaks[0].start <= 60
