"""How to solve: time limit, seed, back end and the continuity share, in one object.

Compare PyVRP's ``SolveParams``: everything that tunes a solve (rather than describing the
problem, which is :class:`careplanner.model.Problem`) lives here, so runs are reproducible
from the problem and one value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .exceptions import ProblemError

Solver = Literal["pyvrp", "ortools"]
SOLVERS: tuple[Solver, ...] = ("pyvrp", "ortools")


@dataclass(frozen=True)
class SolveParams:
    """``seconds``: wall-clock limit of the whole solve. ``seed``: the solver's random seed
    (the same seed and an unloaded machine give the same plan). ``solver``: ``pyvrp`` (default)
    or ``ortools`` (the baseline). ``continuity_share``: in :func:`careplanner.plan_rounds`, the
    share of ``seconds`` kept for giving calls to carers people know, when any visit has
    preferred carers and the problem a continuity weight."""

    seconds: float = 10.0
    seed: int = 0
    solver: Solver = "pyvrp"
    continuity_share: float = 0.2

    def __post_init__(self) -> None:
        if not (isinstance(self.seconds, (int, float)) and math.isfinite(self.seconds) and self.seconds > 0):
            raise ProblemError(f"seconds must be a positive number, not {self.seconds!r}")
        if self.solver not in SOLVERS:
            raise ProblemError(f"unknown solver {self.solver!r}: choose one of {', '.join(SOLVERS)}")
        if not 0 <= self.continuity_share < 1:
            raise ProblemError(f"continuity_share must be in [0, 1), not {self.continuity_share!r}")
