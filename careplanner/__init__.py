"""careplanner: care-round planning. Carers, visits and travel in; timed rounds out, with every
visit that cannot be planned listed with a reason. No Django, no ``homecare``.

This module is the public surface (compare ``pyvrp/__init__.py``): code outside the package
imports from ``careplanner`` only, never from its submodules::

    from careplanner import Carer, Problem, SolveParams, Visit, evaluate, plan_rounds, travel_provider

Describe the problem (:class:`Problem`), choose how to solve it (:class:`SolveParams`), then
:func:`solve` it (or :func:`plan_rounds`: solve, then continuity of care), check it with
:func:`evaluate`, and price a new package against planned rounds with :func:`estimate_fit`.
Every failure is an exception derived from :class:`PlannerError` (see ``careplanner.exceptions``).
"""

from .continuity import improve_continuity
from .evaluate import Evaluation, Violation, evaluate
from .exceptions import (
    DeadlockError,
    FormatError,
    PlannerError,
    ProblemError,
    SolverError,
    TravelError,
)
from .fit import Fit, estimate_fit
from .jobs import objective
from .model import Break, BreakTaken, Carer, Plan, Problem, Route, Sequence, Stop, Travel, Unplanned, Visit
from .params import SolveParams
from .rounds import NO_CARERS, plan_rounds
from .solve import solve
from .sync import Assignment, assignment_of, schedule
from .travel import HaversineProvider, OsrmProvider, haversine_km
from .travel import provider as travel_provider

__all__ = [
    "NO_CARERS",
    "Assignment",
    "Break",
    "BreakTaken",
    "Carer",
    "DeadlockError",
    "Evaluation",
    "Fit",
    "FormatError",
    "HaversineProvider",
    "OsrmProvider",
    "Plan",
    "PlannerError",
    "Problem",
    "ProblemError",
    "Route",
    "Sequence",
    "SolveParams",
    "SolverError",
    "Stop",
    "Travel",
    "TravelError",
    "Unplanned",
    "Violation",
    "Visit",
    "assignment_of",
    "estimate_fit",
    "evaluate",
    "haversine_km",
    "improve_continuity",
    "objective",
    "plan_rounds",
    "schedule",
    "solve",
    "travel_provider",
]
