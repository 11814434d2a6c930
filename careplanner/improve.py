"""Synchronisation-aware local search on the true objective.

PyVRP optimises each round on its own; this last phase moves one job (a visit slot)
at a time to the best of its cheapest-detour positions in any round, timing every
candidate exactly (same least schedule as the synchronised scheduler). Moves are
accepted by simulated annealing with a geometric cooling over the time left, and the
best assignment seen is returned.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from collections.abc import Callable

import numpy as np

from .jobs import Jobs
from .model import Problem
from .sync import Assignment, DeadlockError, least_starts

LAST_STATS: dict[str, int] = {}
Job = tuple[str, int]
LATE_HARD = 1e5  # cost per minute of a hard window or shift broken


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


def local_search(
    problem: Problem, jobs: Jobs, asg: Assignment, deadline: float, seed: int = 0, width: int = 8
) -> Assignment:
    """Simulated annealing over job relocations and swaps; returns the best assignment seen."""
    search = _Annealer(problem, jobs, asg, seed, width)
    return search.run(deadline)


class _Annealer:
    def __init__(self, problem: Problem, jobs: Jobs, asg: Assignment, seed: int, width: int) -> None:
        self.p = problem
        self.jobs = jobs
        self.rng = random.Random(seed)
        self.cost_of = QuickCost(problem)
        self.asg = {c.id: list(asg.get(c.id, [])) for c in problem.carers}
        self.width = width
        self.carer_idx = {c.id: i for i, c in enumerate(problem.carers)}
        self.where = {j: cid for cid, calls in self.asg.items() for j in calls}
        self.all_jobs = list(self.where)
        self.window = {
            (v.id, s): (v.earliest, v.latest) for v in problem.visits for s in range(v.carers_needed)
        }
        self.start_of: dict[Job, float] = {}

    def _eval(self) -> float:
        try:
            return self.cost_of(self.asg)
        except DeadlockError:
            return math.inf

    def _remember(self) -> None:
        index, s = self.cost_of.last
        self.start_of = {j: s[i] for j, i in index.items()}

    def run(self, deadline: float) -> Assignment:
        if not self.all_jobs:
            return self.asg
        current = self._eval()
        if math.isinf(current):
            return self.asg
        self._remember()
        best_cost, best = current, {k: list(v) for k, v in self.asg.items()}
        arc = max(1e-9, self._distance() / (len(self.all_jobs) + len(self.p.carers)))
        t_start, t_end = 1.0 * arc, 0.002 * arc
        began = time.perf_counter()
        span = max(1e-3, deadline - began)
        moves = accepted = 0
        temp = t_start
        rng = self.rng
        while True:
            if moves % 32 == 0:
                now = time.perf_counter()
                if now >= deadline:
                    break
                temp = t_start * (t_end / t_start) ** ((now - began) / span)
            moves += 1
            r = rng.random()
            undo = self._greedy() if r < 0.1 else (self._relocate() if r < 0.6 else self._swap())
            if undo is None:
                continue
            value = self._eval()
            if value < current - 1e-9 or (
                not math.isinf(value) and rng.random() < math.exp(-(value - current) / temp)
            ):
                current = value
                accepted += 1
                if accepted % 8 == 0:
                    self._remember()
                if current < best_cost - 1e-9:
                    best_cost, best = current, {k: list(v) for k, v in self.asg.items()}
            else:
                undo()
        LAST_STATS["moves"] = moves
        LAST_STATS["accepted"] = accepted
        return best

    def _distance(self) -> float:
        dist = self.p.travel.distance
        visits = self.cost_of.visits
        total = 0.0
        for c in self.p.carers:
            calls = self.asg[c.id]
            if calls:
                locs = [c.start_location] + [visits[v].location for v, _ in calls] + [c.end]
                total += float(dist[locs[:-1], locs[1:]].sum())
        return total

    def _take(self, job: Job) -> tuple[str, int]:
        home = self.where[job]
        pos = self.asg[home].index(job)
        self.asg[home].pop(pos)
        return home, pos

    def _put(self, job: Job, cid: str, pos: int) -> None:
        self.asg[cid].insert(pos, job)
        self.where[job] = cid

    def _move_undo(self, job: Job, home: str, pos: int, cid: str, p: int) -> Callable[[], None]:
        def undo() -> None:
            self.asg[cid].pop(p)
            self._put(job, home, pos)

        return undo

    def _relocate(self) -> Callable[[], None] | None:
        rng = self.rng
        job = rng.choice(self.all_jobs)
        ci = rng.choice(self.jobs.capable[job])
        cid = self.p.carers[ci].id
        target = self.asg[cid]
        if cid != self.where[job] and any(v == job[0] for v, _ in target):
            return None
        home, pos = self._take(job)
        early, late = self.window[job]
        t = rng.uniform(early, late)
        times = [self.start_of.get(j, 0.0) for j in target]
        p = bisect.bisect(times, t) + rng.randint(-1, 1)
        p = min(max(p, 0), len(target))
        if cid == home and p == pos:
            self._put(job, home, pos)
            return None
        self._put(job, cid, p)
        return self._move_undo(job, home, pos, cid, p)

    def _swap(self) -> Callable[[], None] | None:
        rng = self.rng
        a, b = rng.choice(self.all_jobs), rng.choice(self.all_jobs)
        ha, hb = self.where[a], self.where[b]
        if ha == hb or a[0] == b[0]:
            return None
        if self.carer_idx[hb] not in self.jobs.capable[a] or self.carer_idx[ha] not in self.jobs.capable[b]:
            return None
        if any(v == a[0] for v, _ in self.asg[hb]) or any(v == b[0] for v, _ in self.asg[ha]):
            return None
        pa, pb = self.asg[ha].index(a), self.asg[hb].index(b)
        self.asg[ha][pa], self.asg[hb][pb] = b, a
        self.where[a], self.where[b] = hb, ha

        def undo() -> None:
            self.asg[ha][pa], self.asg[hb][pb] = a, b
            self.where[a], self.where[b] = ha, hb

        return undo

    def _greedy(self) -> Callable[[], None] | None:
        """Best of the cheapest-detour positions for a random job (an intensifying move)."""
        job = self.rng.choice(self.all_jobs)
        home, pos = self._take(job)
        visits = self.cost_of.visits
        dist = self.p.travel.distance
        v = visits[job[0]]
        cands: list[tuple[float, str, int]] = []
        for ci in self.jobs.capable[job]:
            c = self.p.carers[ci]
            calls = self.asg[c.id]
            if any(vid == v.id for vid, _ in calls):
                continue
            locs = np.array([c.start_location] + [visits[vid].location for vid, _ in calls] + [c.end])
            delta = dist[locs[:-1], v.location] + dist[v.location, locs[1:]] - dist[locs[:-1], locs[1:]]
            cands.extend((float(d), c.id, p) for p, d in enumerate(delta) if not (c.id == home and p == pos))
        cands.sort()
        choice: tuple[float, str, int] | None = None
        for _, cid, p in cands[: self.width]:
            self.asg[cid].insert(p, job)
            value = self._eval()
            self.asg[cid].pop(p)
            if choice is None or value < choice[0]:
                choice = (value, cid, p)
        if choice is None or math.isinf(choice[0]):
            self._put(job, home, pos)
            return None
        self._put(job, choice[1], choice[2])
        return self._move_undo(job, home, pos, choice[1], choice[2])
