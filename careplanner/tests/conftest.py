from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from careplanner.model import Carer, Problem, Travel, Visit

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared benchmark data not found at {SHARED}")
    return SHARED


def line_problem(n_visits: int = 4) -> Problem:
    """Carers live at 0; visits on a line at 10, 20, ... minutes away."""
    pos = np.array([0.0] + [10.0 * (i + 1) for i in range(n_visits)])
    matrix = np.abs(pos[:, None] - pos[None, :])
    carers = [
        Carer("ann", 0, shift_start=0, shift_end=600, skills=frozenset({"hoist", "meds"})),
        Carer("bob", 0, shift_start=0, shift_end=600, skills=frozenset({"hoist"})),
    ]
    visits = [Visit(f"v{i + 1}", i + 1, 0, 500, 20) for i in range(n_visits)]
    return Problem(carers=carers, visits=visits, travel=Travel.same(matrix))
