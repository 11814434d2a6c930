"""Every error the planner raises, in one place (compare PyVRP's ``pyvrp.exceptions``).

Catch :class:`PlannerError` to handle any of them. Each also derives from the built-in
error it refines (``ValueError`` for bad input, ``RuntimeError`` for a failure while
working), so code written against those keeps working. A failed solve is always an
exception, never a plan marked as failed.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base class of every error raised by ``careplanner``."""


class ProblemError(PlannerError, ValueError):
    """The problem or the parameters cannot be worked on (an unknown solver, a clashing visit id)."""


class DeadlockError(ProblemError):
    """The carers' sequences cannot be synchronised (a double-up done in opposite orders)."""

    def __init__(self, visits: list[str]) -> None:
        super().__init__("sequences cannot be synchronised: " + ", ".join(visits[:10]))
        self.visits = visits


class FormatError(ProblemError):
    """A benchmark file that cannot be read, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class TravelError(PlannerError, RuntimeError):
    """The travel matrix service (OSRM) failed or answered with an error."""


class SolverError(PlannerError, RuntimeError):
    """A solver back end failed while solving; the original error is its ``__cause__``."""
