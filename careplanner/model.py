"""Plain data model of a care-round planning problem and of its plan.

Times are minutes from the start of the planning day (any consistent unit works),
distances are in the unit of the travel matrix (kilometres for real rounds, plain
Euclidean units for the academic benchmarks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

TravelMode = Literal["car", "walking", "bicycle"]
INF = math.inf


@dataclass(frozen=True)
class Break:
    """A break of ``duration`` that must start within [earliest, latest]."""

    earliest: float
    latest: float
    duration: float


@dataclass(frozen=True)
class Carer:
    id: str
    start_location: int
    end_location: int | None = None  # None: back to the start location
    shift_start: float = 0.0
    shift_end: float = INF
    skills: frozenset[str] = frozenset()
    travel_mode: TravelMode = "car"
    max_travel_between_calls: float | None = None  # minutes of travel between two calls
    max_working_time: float | None = None  # from leaving home to getting back
    breaks: tuple[Break, ...] = ()
    capacity: int | None = None  # only used by capacitated benchmark problems
    fixed_cost: float = 0.0
    # longest leg between two calls, in the travel matrix's distance unit (km for real rounds)
    max_distance_between_calls: float | None = None

    @property
    def end(self) -> int:
        return self.start_location if self.end_location is None else self.end_location


@dataclass(frozen=True)
class Visit:
    """A visit whose *start* must fall in [earliest, latest].

    ``carers_needed == 2`` is a double-up: two different carers start it at the same
    time. ``slot_skills``/``slot_durations`` optionally give per-carer skills and
    durations (e.g. a nurse and a care worker); otherwise every carer needs ``skills``
    and stays ``duration``.
    """

    id: str
    location: int
    earliest: float
    latest: float
    duration: float
    skills: frozenset[str] = frozenset()
    carers_needed: int = 1
    time_critical: bool = False
    preferred_carers: tuple[str, ...] = ()
    demand: int = 0
    slot_skills: tuple[frozenset[str], ...] = ()
    slot_durations: tuple[float, ...] = ()

    def skills_for(self, slot: int) -> frozenset[str]:
        extra = self.slot_skills[slot] if slot < len(self.slot_skills) else frozenset()
        return self.skills | extra

    def duration_for(self, slot: int) -> float:
        return self.slot_durations[slot] if slot < len(self.slot_durations) else self.duration


@dataclass(frozen=True)
class Sequence:
    """``second`` starts between ``min_gap`` and ``max_gap`` after ``first`` starts.

    ``distinct_carers``: the two parts are the two carers of one visit done in turn (as in
    Mankowska's home health care instances), so one carer may not do both.
    """

    first: str
    second: str
    min_gap: float
    max_gap: float
    distinct_carers: bool = False


@dataclass
class Travel:
    """Distance matrix plus one duration matrix per travel mode (same location indexing)."""

    distance: np.ndarray
    durations: dict[str, np.ndarray]
    _lists: dict[str, list[list[float]]] = field(default_factory=dict, repr=False, compare=False)

    def as_lists(self, mode: str | None) -> list[list[float]]:
        """Nested lists (fast scalar access in pure-Python loops); None: the distance."""
        key = "\0distance" if mode is None else mode
        if key not in self._lists:
            m = self.distance if mode is None else self.duration(mode)
            self._lists[key] = np.asarray(m, dtype=float).tolist()
        return self._lists[key]

    def duration(self, mode: str) -> np.ndarray:
        if mode in self.durations:
            return self.durations[mode]
        return next(iter(self.durations.values()))

    @classmethod
    def same(cls, matrix: np.ndarray) -> Travel:
        """Travel time equals distance (the academic benchmarks)."""
        m = np.asarray(matrix, dtype=float)
        return cls(distance=m, durations={"car": m})


@dataclass
class Problem:
    carers: list[Carer]
    visits: list[Visit]
    travel: Travel
    sequences: list[Sequence] = field(default_factory=list)
    allow_tardiness: bool = False  # late starts allowed and penalised (not for time-critical)
    allow_unplanned: bool = True  # False: every visit must be planned (benchmarks)
    continuity_weight: float = 0.0  # cost saved per visit done by a preferred carer
    # cost per minute (time limit) and per distance unit (distance limit) of travel between two
    # calls over a carer's limit; None: both limits are hard
    travel_limit_penalty: float | None = None
    tardiness_weight: float = 1.0
    minimise_carers: bool = False  # hierarchical: fewest carers first, then distance
    name: str = ""

    def visit_by_id(self) -> dict[str, Visit]:
        return {v.id: v for v in self.visits}

    def carer_by_id(self) -> dict[str, Carer]:
        return {c.id: c for c in self.carers}


@dataclass
class Stop:
    visit_id: str
    slot: int
    arrival: float
    start: float
    end: float


@dataclass
class BreakTaken:
    start: float
    end: float


@dataclass
class Route:
    carer_id: str
    stops: list[Stop]
    breaks: list[BreakTaken] = field(default_factory=list)
    departure: float = 0.0  # leaves the start location
    return_time: float = 0.0  # back at the end location
    distance: float = 0.0
    travel_time: float = 0.0


@dataclass
class Unplanned:
    visit_id: str
    reason: str


@dataclass
class Plan:
    routes: list[Route]
    unplanned: list[Unplanned] = field(default_factory=list)
    solver: str = ""
    runtime: float = 0.0
    meta: dict[str, object] = field(default_factory=dict)

    def used_routes(self) -> list[Route]:
        return [r for r in self.routes if r.stops]
