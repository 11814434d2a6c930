"""OR-Tools routing back end, the comparison baseline.

Same jobs, same integer scaling and the same final timing/evaluation as the PyVRP back
end. OR-Tools can state synchronisation directly: equal time cumuls and different
vehicles for the two jobs of a double-up, and a bounded cumul difference for sequential
visits. Tardiness is a soft upper bound on the time cumul (linear cost); the maximum
tardiness term of Mankowska's objective is not modelled by this baseline.
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .jobs import HIERARCHY_WEIGHT, expand
from .model import Carer, Plan, Problem
from .pyvrp_model import SCALE
from .repair import finalise
from .sync import Assignment

FIRST = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC


def _int(x: float, up: bool = False) -> int:
    return math.ceil(x * SCALE - 1e-6) if up else math.floor(x * SCALE + 1e-6)


def _profile(c: Carer) -> tuple[str, float | None, float | None]:
    return (c.travel_mode, c.max_travel_between_calls, c.max_distance_between_calls)


def solve_ortools(problem: Problem, seconds: float, seed: int = 0) -> Plan:
    t0 = time.perf_counter()
    jobs = expand(problem)
    carers = problem.carers
    dep_locs = sorted({c.start_location for c in carers} | {c.end for c in carers})
    n_dep = len(dep_locs)
    idx = np.array(dep_locs + [v.location for v, _ in jobs.jobs], dtype=int)
    ix = np.ix_(idx, idx)
    dist = np.rint(problem.travel.distance[ix] * SCALE).astype(np.int64)
    horizon = max(
        [v.latest for v in problem.visits] + [c.shift_end for c in carers if math.isfinite(c.shift_end)]
    )
    horizon_i = _int(horizon * 3 + 1440)
    service = np.zeros(len(idx), dtype=np.int64)
    for j, (v, slot) in enumerate(jobs.jobs):
        service[n_dep + j] = _int(v.duration_for(slot), True)

    manager = pywrapcp.RoutingIndexManager(
        len(idx),
        len(carers),
        [dep_locs.index(c.start_location) for c in carers],
        [dep_locs.index(c.end) for c in carers],
    )
    routing = pywrapcp.RoutingModel(manager)
    profiles: dict[tuple[str, float | None, float | None], tuple[int, int]] = {}
    for c in carers:
        key = _profile(c)
        if key not in profiles:
            tt = problem.travel.duration(c.travel_mode)[ix]
            dur = np.ceil(tt * SCALE - 1e-6).astype(np.int64)
            d = dist.copy()
            pen = problem.travel_limit_penalty
            over: list[tuple[np.ndarray, np.ndarray]] = []
            if c.max_travel_between_calls is not None:
                over.append((tt > c.max_travel_between_calls + 1e-9, tt - c.max_travel_between_calls))
            if c.max_distance_between_calls is not None:
                km = problem.travel.distance[ix]
                over.append((km > c.max_distance_between_calls + 1e-9, km - c.max_distance_between_calls))
            for mask, over_by in over:
                mask[:n_dep, :] = False
                mask[:, :n_dep] = False
                extra = over_by * (pen if pen is not None else 1e3)
                d[mask] += np.rint(extra[mask] * SCALE).astype(np.int64)
            arc = routing.RegisterTransitMatrix(d.tolist())
            timed = routing.RegisterTransitMatrix((dur + service[:, None]).tolist())
            profiles[key] = (arc, timed)
    for k, c in enumerate(carers):
        arc, _ = profiles[_profile(c)]
        routing.SetArcCostEvaluatorOfVehicle(arc, k)
    routing.AddDimensionWithVehicleTransits(
        [profiles[_profile(c)][1] for c in carers],
        horizon_i,
        horizon_i,
        False,
        "Time",
    )
    tdim = routing.GetDimensionOrDie("Time")
    for k, c in enumerate(carers):
        end = _int(c.shift_end) if math.isfinite(c.shift_end) else horizon_i
        tdim.CumulVar(routing.Start(k)).SetRange(_int(c.shift_start, True), end)
        tdim.CumulVar(routing.End(k)).SetRange(_int(c.shift_start, True), end)
        if c.max_working_time is not None:
            tdim.SetSpanUpperBoundForVehicle(_int(c.max_working_time), k)
        if problem.minimise_carers:
            routing.SetFixedCostOfVehicle(_int(HIERARCHY_WEIGHT), k)
        elif c.fixed_cost:
            routing.SetFixedCostOfVehicle(_int(c.fixed_cost), k)
    if any(v.demand for v, _ in jobs.jobs) and any(c.capacity is not None for c in carers):
        demand = [0] * n_dep + [v.demand for v, _ in jobs.jobs]
        cb = routing.RegisterUnaryTransitVector(demand)
        routing.AddDimensionWithVehicleCapacity(
            cb, 0, [c.capacity if c.capacity is not None else 10**9 for c in carers], True, "Load"
        )

    solver = routing.solver()
    node_of: dict[tuple[str, int], int] = {}
    penalty = int(4 * dist.max()) + 1
    in_sequence = {x for seq in problem.sequences for x in (seq.first, seq.second)}
    for j, (v, slot) in enumerate(jobs.jobs):
        index = manager.NodeToIndex(n_dep + j)
        node_of[(v.id, slot)] = index
        hard = v.time_critical or not problem.allow_tardiness
        late = _int(v.latest) if hard else horizon_i
        tdim.CumulVar(index).SetRange(_int(v.earliest, True), late)
        if not hard:
            tdim.SetCumulVarSoftUpperBound(index, _int(v.latest), max(1, round(problem.tardiness_weight)))
        allowed = set(jobs.capable[(v.id, slot)])
        banned = [k for k in range(len(carers)) if k not in allowed]
        if banned:
            routing.VehicleVar(index).RemoveValues(banned)
        # Only single-carer visits are optional here: OR-Tools' local search moves one
        # node at a time and cannot insert both halves of a synchronised pair at once.
        if problem.allow_unplanned and v.carers_needed == 1 and v.id not in in_sequence:
            routing.AddDisjunction([index], penalty)
    for v in problem.visits:
        copies = [node_of[(v.id, s)] for s in range(v.carers_needed) if (v.id, s) in node_of]
        for a, b in itertools.pairwise(copies):
            solver.Add(tdim.CumulVar(a) == tdim.CumulVar(b))
            va, vb = routing.VehicleVar(a), routing.VehicleVar(b)
            solver.Add(va != vb)
    for seq in problem.sequences:
        first, second = node_of.get((seq.first, 0)), node_of.get((seq.second, 0))
        if first is None or second is None:
            continue
        if seq.distinct_carers:
            solver.Add(routing.VehicleVar(first) != routing.VehicleVar(second))
        solver.Add(tdim.CumulVar(second) >= tdim.CumulVar(first) + _int(seq.min_gap, True))
        solver.Add(tdim.CumulVar(second) <= tdim.CumulVar(first) + _int(seq.max_gap))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = FIRST
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    left = max(1.0, seconds - (time.perf_counter() - t0))
    params.time_limit.FromMilliseconds(int(left * 1000))
    sol = routing.SolveWithParameters(params)
    asg: Assignment = {}
    served: set[tuple[str, int]] = set()
    job_at = {index: job for job, index in node_of.items()}
    if sol is not None:
        for k, c in enumerate(carers):
            index = sol.Value(routing.NextVar(routing.Start(k)))
            calls = []
            while not routing.IsEnd(index):
                calls.append(job_at[index])
                index = sol.Value(routing.NextVar(index))
            asg[c.id] = calls
            served.update(calls)
    missing = [(v.id, s) for v, s in jobs.jobs if (v.id, s) not in served]
    plan = finalise(problem, asg, jobs, "ortools", missing)
    plan.runtime = time.perf_counter() - t0
    plan.meta["seed"] = seed
    plan.meta["found"] = sol is not None
    return plan
