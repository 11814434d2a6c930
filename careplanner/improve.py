"""Fast exact cost of an assignment, used to rank repairs (re-insertions) of a plan.

The annealing search itself runs compiled (:mod:`careplanner.anneal`); this is the
plain-Python counterpart used where a few hundred evaluations are enough.
"""

from __future__ import annotations

from .anneal import LATE_HARD
from .model import Problem
from .sync import Assignment, least_starts

Job = tuple[str, int]


class QuickCost:
    """Objective of an assignment without building a plan (distance + tardiness terms).

    Same least schedule as :func:`careplanner.sync.schedule` (breaks aside), computed
    with a label-correcting longest path: one forward pass per round, then only the
    starts reached through synchronisation links are propagated again.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.visits = problem.visit_by_id()
        self.dist = problem.travel.distance
        self._dist = problem.travel.as_lists(None)
        self._tt = {mode: problem.travel.as_lists(mode) for mode in {c.travel_mode for c in problem.carers}}
        self._info: dict[tuple[str, int], tuple[int, float, float, float, bool]] = {}
        for v in problem.visits:
            hard = v.time_critical or not problem.allow_tardiness
            for slot in range(v.carers_needed):
                self._info[(v.id, slot)] = (v.location, v.duration_for(slot), v.earliest, v.latest, hard)
        self.last: tuple[dict[tuple[str, int], int], list[float]] = ({}, [])
        self._groups = [(v.id, v.carers_needed) for v in problem.visits if v.carers_needed > 1]
        self._seqs = [((q.first, 0), (q.second, 0), q.min_gap, q.max_gap) for q in problem.sequences]

    def __call__(self, asg: Assignment) -> float:
        p = self.problem
        info, dist = self._info, self._dist
        lower: list[float] = []
        loc: list[int] = []
        dur: list[float] = []
        index: dict[tuple[str, int], int] = {}
        edges: list[list[tuple[int, float]]] = []
        cost = 0.0
        ends: list[tuple[int, float, int]] = []  # last node, travel home, carer index
        for ci, c in enumerate(p.carers):
            calls = asg.get(c.id)
            if not calls:
                continue
            tt = self._tt[c.travel_mode]
            here = c.start_location
            prev = -1
            for job in calls:
                lo, d, e, _, _ = info[job]
                i = len(lower)
                if prev < 0:
                    lower.append(max(e, c.shift_start + tt[here][lo]))
                else:
                    lower.append(e)
                    edges[prev].append((i, dur[prev] + tt[here][lo]))
                cost += dist[here][lo]
                index[job] = i
                loc.append(lo)
                dur.append(d)
                edges.append([])
                prev, here = i, lo
            cost += dist[here][c.end]
            ends.append((len(lower) - 1, tt[here][c.end], ci))
        s = self._longest_path(index, lower, edges)
        total = worst = 0.0
        for job, i in index.items():
            late = s[i] - info[job][3]
            if late > 0:
                if info[job][4]:
                    cost += LATE_HARD * late
                else:
                    total += late
                    worst = max(worst, late)
        for last, back, ci in ends:
            over = s[last] + dur[last] + back - p.carers[ci].shift_end
            if over > 0:
                cost += LATE_HARD * over
        if p.allow_tardiness:
            cost += p.tardiness_weight * (total + worst)
        self.last = (index, s)
        return cost

    def _longest_path(
        self, index: dict[tuple[str, int], int], lower: list[float], edges: list[list[tuple[int, float]]]
    ) -> list[float]:
        same = []
        for v_id, slots in self._groups:
            members = [index[(v_id, k)] for k in range(slots) if (v_id, k) in index]
            if len(members) > 1:
                same.append(members)
        gaps = []
        for first, second, lo_gap, hi_gap in self._seqs:
            a, b = index.get(first), index.get(second)
            if a is not None and b is not None:
                gaps.append((a, b, lo_gap, hi_gap))
        names = {i: job[0] for job, i in index.items()}
        return least_starts(lower, edges, same, gaps, names)
