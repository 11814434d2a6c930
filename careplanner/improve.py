"""Synchronisation-aware local search on the true objective.

PyVRP optimises each round on its own; this last phase moves one job (a visit slot)
at a time to the best of its cheapest-detour positions in other rounds, timing every
candidate exactly with the synchronised scheduler, and keeps strict improvements.
"""

from __future__ import annotations

import random
import time

import numpy as np

from .jobs import Jobs
from .model import Problem, Visit
from .sync import Assignment, DeadlockError, _links, _Node, _relax

LATE_HARD = 1e5  # cost per minute of a hard window or shift broken


class QuickCost:
    """Objective of an assignment without building a plan (distance + tardiness terms)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.visits = problem.visit_by_id()
        self.dist = problem.travel.distance

    def __call__(self, asg: Assignment) -> float:
        p = self.problem
        routes = []
        for c in p.carers:
            nodes = []
            for vid, slot in asg.get(c.id, []):
                v = self.visits[vid]
                nodes.append(_Node(v, slot, v.location, v.duration_for(slot), v.earliest))
            routes.append(nodes)
        starts = [[n.lower for n in nodes] for nodes in routes]
        _relax(p, p.carers, routes, starts, _links(p, routes))
        cost = 0.0
        total = worst = 0.0
        for c, nodes, s in zip(p.carers, routes, starts, strict=True):
            if not nodes:
                continue
            locs = [c.start_location] + [n.location for n in nodes] + [c.end]
            cost += float(self.dist[locs[:-1], locs[1:]].sum())
            for n, t in zip(nodes, s, strict=True):
                visit: Visit = n.visit  # type: ignore[assignment]
                late = t - visit.latest
                if late > 0:
                    if visit.time_critical or not p.allow_tardiness:
                        cost += LATE_HARD * late
                    else:
                        total += late
                        worst = max(worst, late)
            tt = p.travel.duration(c.travel_mode)
            back = s[-1] + nodes[-1].duration + float(tt[nodes[-1].location, c.end])
            if back > c.shift_end:
                cost += LATE_HARD * (back - c.shift_end)
        if p.allow_tardiness:
            cost += p.tardiness_weight * (total + worst)
        return cost


def local_search(problem: Problem, jobs: Jobs, asg: Assignment, deadline: float,
                 seed: int = 0, width: int = 8) -> Assignment:
    rng = random.Random(seed)
    cost_of = QuickCost(problem)
    asg = {c.id: list(asg.get(c.id, [])) for c in problem.carers}
    try:
        current = cost_of(asg)
    except DeadlockError:
        return asg
    visits = cost_of.visits
    dist = problem.travel.distance
    carer_idx = {c.id: i for i, c in enumerate(problem.carers)}
    all_jobs = [j for calls in asg.values() for j in calls]
    if not all_jobs:
        return asg
    while time.perf_counter() < deadline:
        job = rng.choice(all_jobs)
        home = next(cid for cid, calls in asg.items() if job in calls)
        pos = asg[home].index(job)
        asg[home].pop(pos)
        v = visits[job[0]]
        cands: list[tuple[float, str, int]] = []
        for ci in jobs.capable.get(job, [carer_idx[home]]):
            c = problem.carers[ci]
            calls = asg[c.id]
            if any(vid == v.id for vid, _ in calls):
                continue
            locs = np.array([c.start_location] + [visits[vid].location for vid, _ in calls]
                            + [c.end])
            delta = dist[locs[:-1], v.location] + dist[v.location, locs[1:]] \
                - dist[locs[:-1], locs[1:]]
            for p in range(len(delta)):
                if c.id == home and p == pos:
                    continue
                cands.append((float(delta[p]), c.id, p))
        cands.sort()
        best: tuple[float, str, int] | None = None
        for _, cid, p in cands[:width]:
            asg[cid].insert(p, job)
            try:
                value = cost_of(asg)
            except DeadlockError:
                value = float("inf")
            asg[cid].pop(p)
            if value < current - 1e-9 and (best is None or value < best[0]):
                best = (value, cid, p)
        if best is None:
            asg[home].insert(pos, job)
        else:
            current = best[0]
            asg[best[1]].insert(best[2], job)
    return asg
