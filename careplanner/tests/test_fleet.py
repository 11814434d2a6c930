"""Hierarchical objective: the distance search is tuned to the length of the rounds."""

from __future__ import annotations

import numpy as np
from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams
from pyvrp.search import PerturbationParams

from careplanner import fleet
from careplanner.jobs import expand
from careplanner.model import Carer, Problem, Travel, Visit


def _line(calls: int, carers: int) -> Problem:
    pts = np.arange(calls + 1, dtype=float)
    matrix = np.abs(pts[:, None] - pts[None, :])
    visits = [Visit(f"v{i}", i + 1, 0, 1000, 5, demand=1) for i in range(calls)]
    crew = [Carer(f"c{k}", 0, shift_start=0, shift_end=1000, capacity=calls) for k in range(carers)]
    return Problem(carers=crew, visits=visits, travel=Travel.same(matrix), allow_unplanned=False)


def test_short_rounds_get_small_perturbations_and_a_short_history() -> None:
    problem = _line(60, 10)
    jobs = expand(problem)
    # 60 calls on 6 carers: 10 a round, short
    perturb, ils = fleet._tuning(fleet._capped(problem, jobs, 6).data)
    assert perturb.max_perturbations == fleet.SHORT_PERTURBATIONS.max_perturbations
    assert ils.history_length == fleet.SHORT_HISTORY
    assert IteratedLocalSearchParams().history_length > fleet.SHORT_HISTORY
    assert perturb.max_perturbations < PerturbationParams().max_perturbations
    # the same calls on 2 carers: 30 a round, long: PyVRP's own settings
    perturb, ils = fleet._tuning(fleet._capped(problem, jobs, 2).data)
    assert perturb == PerturbationParams()
    assert ils.history_length == IteratedLocalSearchParams().history_length
