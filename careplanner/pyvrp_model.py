"""PyVRP's view of a care problem: carers as vehicle types, jobs as clients.

* carers with the same shift, home, skills, travel mode and limits form one vehicle type;
* skills are extra load dimensions: a job needing skill ``k`` delivers 1 unit of ``k``,
  carers with ``k`` have room for every job and carers without it have none, so an
  unskilled assignment is a capacity violation and never feasible;
* travel modes and the max-travel-between-calls limit are routing profiles (one
  distance/duration matrix pair per mode and limit);
* a double-up is two jobs at the same address, with a prohibitive cost between the
  two copies so one carer never takes both back to back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pyvrp import Client, Depot, Location, ProblemData, Solution, VehicleType
from pyvrp import Route as PyRoute

from .jobs import HIERARCHY_WEIGHT, Jobs
from .model import Carer, Plan, Problem, Visit
from .sync import Assignment

SCALE = 1000  # PyVRP works in integers: 1/1000 of a minute / distance unit
Job = tuple[str, int]
Windows = dict[Job, tuple[float, float]]
MAX_PERSONAL_PROFILES = 30  # carers up to which continuity is priced inside the search
INITIAL_SHARE = 0.1  # share of a synchronised visit's window used when routing it first


@dataclass
class _Built:
    data: ProblemData
    type_carers: list[list[str]]
    client_jobs: list[Job]
    job_index: dict[Job, int] = field(default_factory=dict)


def _carer_key(c: Carer) -> tuple[object, ...]:
    return (
        c.start_location,
        c.end,
        c.shift_start,
        c.shift_end,
        tuple(sorted(c.skills)),
        c.travel_mode,
        c.max_travel_between_calls,
        c.max_working_time,
        c.capacity,
        c.fixed_cost,
        c.max_distance_between_calls,
    )


def _profile_key(c: Carer, personal: bool) -> tuple[str, float | None, str, float | None]:
    return (c.travel_mode, c.max_travel_between_calls, c.id if personal else "", c.max_distance_between_calls)


def _int(x: float, up: bool = False) -> int:
    return math.ceil(x * SCALE - 1e-6) if up else math.floor(x * SCALE + 1e-6)


def build(problem: Problem, jobs: Jobs, windows: Windows | None = None, fleet: int | None = None) -> _Built:
    carers = problem.carers
    dep_locs = sorted({c.start_location for c in carers} | {c.end for c in carers})
    dep_index = {loc: i for i, loc in enumerate(dep_locs)}
    n_dep = len(dep_locs)
    idx = np.array(dep_locs + [v.location for v, _ in jobs.jobs], dtype=int)
    ix = np.ix_(idx, idx)
    dist = np.rint(problem.travel.distance[ix] * SCALE).astype(np.int64)
    prize = int(4 * dist.max()) + 1
    big = int(2 * dist.max()) + 1
    by_visit: dict[str, list[int]] = {}
    for j, (v, _) in enumerate(jobs.jobs):
        by_visit.setdefault(v.id, []).append(n_dep + j)
    for copies in by_visit.values():
        for a in copies:
            for b in copies:
                if a != b:
                    dist[a, b] += big
    for first, others in jobs.apart.items():  # parts that need different carers
        for second in others:
            for a in by_visit.get(first, []):
                for b in by_visit.get(second, []):
                    dist[a, b] += big

    # Continuity: with few carers, each gets its own profile in which arriving at a visit
    # that prefers other carers costs ``continuity_weight`` more (a bonus for the preferred).
    prefers = [j for j, (v, _) in enumerate(jobs.jobs) if v.preferred_carers]
    personal = problem.continuity_weight > 0 and bool(prefers) and len(carers) <= MAX_PERSONAL_PROFILES
    keys = sorted({_profile_key(c, personal) for c in carers}, key=str)
    dists, durs = [], []
    for mode, limit, who, km_limit in keys:
        tt = problem.travel.duration(mode)[ix]
        dur = np.ceil(tt * SCALE - 1e-6).astype(np.int64)
        d = dist.copy()
        # legs between calls over the carer's time or distance limit: forbidden (a large cost)
        # when the limits are hard, else the penalty per minute or per distance unit over
        over: list[tuple[np.ndarray, np.ndarray]] = []
        if limit is not None:
            over.append((tt > limit + 1e-9, tt - limit))
        if km_limit is not None:
            km = problem.travel.distance[ix]
            over.append((km > km_limit + 1e-9, km - km_limit))
        for mask, over_by in over:
            mask[:n_dep, :] = False
            mask[:, :n_dep] = False
            if problem.travel_limit_penalty is None:
                d[mask] += big
            else:
                d[mask] += np.rint(over_by[mask] * problem.travel_limit_penalty * SCALE).astype(np.int64)
        if who:
            extra = _int(problem.continuity_weight)
            for j in prefers:
                if who not in jobs.jobs[j][0].preferred_carers:
                    d[:, n_dep + j] += extra
        np.fill_diagonal(d, 0)
        np.fill_diagonal(dur, 0)
        dists.append(d)
        durs.append(dur)

    every = frozenset.intersection(*(c.skills for c in carers)) if carers else frozenset()
    skills = sorted({s for v, slot in jobs.jobs for s in v.skills_for(slot)} - every)
    use_load = any(v.demand for v, _ in jobs.jobs) and any(c.capacity is not None for c in carers)
    n_jobs = len(jobs.jobs)

    clients = []
    for j, (v, slot) in enumerate(jobs.jobs):
        early, late = (windows or {}).get((v.id, slot), (v.earliest, v.latest))
        need = v.skills_for(slot)
        delivery = ([v.demand] if use_load else []) + [int(s in need) for s in skills]
        optional = problem.allow_unplanned
        clients.append(
            Client(
                location=n_dep + j,
                delivery=delivery,
                service_duration=_int(v.duration_for(slot), True),
                tw_early=_int(early, True),
                tw_late=max(_int(late), _int(early, True)),
                required=not optional,
                prize=prize if optional else 0,
                name=f"{v.id}#{slot}",
            )
        )

    groups: dict[tuple[object, ...], list[Carer]] = {}
    for c in carers:
        groups.setdefault(_carer_key(c) + ((c.id,) if personal else ()), []).append(c)
    vtypes, type_carers = [], []
    for group in groups.values():
        c = group[0]
        cap = [c.capacity if c.capacity is not None else 10**9] if use_load else []
        cap += [n_jobs if s in c.skills else 0 for s in skills]
        kw: dict[str, Any] = {}
        if math.isfinite(c.shift_end):
            kw["tw_late"] = _int(c.shift_end)
        if c.max_working_time is not None:
            kw["shift_duration"] = _int(c.max_working_time)
        fixed = _int(HIERARCHY_WEIGHT) if problem.minimise_carers else _int(c.fixed_cost)
        vtypes.append(
            VehicleType(
                num_available=len(group) if fleet is None else min(fleet, len(group)),
                capacity=cap,
                start_depot=dep_index[c.start_location],
                end_depot=dep_index[c.end],
                fixed_cost=fixed,
                tw_early=_int(c.shift_start, True),
                profile=keys.index(_profile_key(c, personal)),
                **kw,
            )
        )
        type_carers.append([g.id for g in group])
    locations = [Location(0.0, 0.0) for _ in idx]
    depots = [Depot(location=i) for i in range(n_dep)]
    data = ProblemData(locations, clients, depots, vtypes, dists, durs)
    client_jobs = [(v.id, slot) for v, slot in jobs.jobs]
    return _Built(data, type_carers, client_jobs, {j: i for i, j in enumerate(client_jobs)})


def initial_windows(problem: Problem, jobs: Jobs, share: float | None = None) -> Windows:
    """Narrowed windows that make independent routing nearly synchronised.

    Both copies of a double-up must start in the first ``share`` of the window, so
    waiting for the partner is at most that long. For a sequence, the first part starts
    in ``[e, e + q]`` and the second in ``[e + q + min_gap, e + max_gap]``, which meets
    the gap whatever the two times are.
    """
    share = INITIAL_SHARE if share is None else share
    out: Windows = {}

    def reach(v: Visit, slot: int) -> float:
        best = math.inf
        for ci in jobs.capable.get((v.id, slot), []):
            c = problem.carers[ci]
            best = min(
                best,
                c.shift_start + float(problem.travel.duration(c.travel_mode)[c.start_location, v.location]),
            )
        return best

    for v, slot in jobs.jobs:
        if v.carers_needed > 1:
            hi = max(
                v.earliest + share * (v.latest - v.earliest), max(reach(v, k) for k in range(v.carers_needed))
            )
            out[(v.id, slot)] = (v.earliest, min(hi, v.latest))
    visits = problem.visit_by_id()
    for seq in problem.sequences:
        a, b = visits[seq.first], visits[seq.second]
        if (a.id, 0) not in jobs.capable or (b.id, 0) not in jobs.capable:
            continue
        q = max(0.0, min(share * (a.latest - a.earliest), (seq.max_gap - seq.min_gap) / 2))
        hi = min(max(a.earliest + q, reach(a, 0)), a.latest)
        out[(a.id, 0)] = (a.earliest, hi)
        lo = max(b.earliest, hi + seq.min_gap)
        out[(b.id, 0)] = (lo, max(lo, a.earliest + seq.max_gap))
    return out


def to_assignment(built: _Built, sol: Solution) -> tuple[Assignment, list[Job]]:
    asg: Assignment = {}
    used = [0] * len(built.type_carers)
    served: set[Job] = set()
    for route in sol.routes():
        t = route.vehicle_type()
        cid = built.type_carers[t][used[t]]
        used[t] += 1
        calls = [built.client_jobs[a.idx] for a in route if a.is_client()]
        asg[cid] = calls
        served.update(calls)
    missing = [j for j in built.client_jobs if j not in served]
    return asg, missing


def to_solution(built: _Built, asg: Assignment) -> Solution:
    carer_type = {cid: t for t, ids in enumerate(built.type_carers) for cid in ids}
    routes = [
        PyRoute(built.data, [built.job_index[j] for j in calls if j in built.job_index], carer_type[cid])
        for cid, calls in asg.items()
        if calls
    ]
    return Solution(built.data, routes)


def assignment_of(plan: Plan) -> Assignment:
    return {r.carer_id: [(s.visit_id, s.slot) for s in r.stops] for r in plan.routes}
