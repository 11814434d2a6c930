"""Hierarchical objective (fewest carers first, then distance) with PyVRP.

:func:`reduce_fleet` starts from a plan found with a large fixed cost per carer and

1. eliminates rounds, one at a time, while elimination succeeds:

   - when every carer is alike (one depot, shift and capacity, nothing but windows and
     demand: the VRPTW benchmarks), by the ejection pool of :mod:`careplanner.routemin`,
     each success followed by a short distance polish;
   - otherwise, or when the ejection pool fails, by PyVRP: the fleet is capped at one
     carer fewer, the calls of the shortest round are spread over the others and PyVRP
     is warm-started from that (infeasible) solution until it finds a feasible one;

2. polishes distance with the fleet capped at the size reached, warm-started from the
   best plan, for the rest of the time, with low initial penalties for time warp and
   load so that the search can pass through infeasible plans of a tight fleet.

The number of carers the problem is known to need is never an input: only the plan
found so far.
"""

from __future__ import annotations

import math
import time

import numpy as np
from pyvrp import ProblemData, RandomNumberGenerator, Result, Solution, SolveParams
from pyvrp.IteratedLocalSearch import IteratedLocalSearch, IteratedLocalSearchParams
from pyvrp.PenaltyManager import PenaltyManager
from pyvrp.search import LocalSearch, PerturbationManager, PerturbationParams, compute_neighbours
from pyvrp.stop import FirstFeasible, MaxRuntime, MultipleCriteria, StoppingCriterion

from . import routemin
from .evaluate import evaluate
from .jobs import Jobs, objective
from .model import Plan, Problem
from .pyvrp_model import Job, _Built, assignment_of, build, to_assignment, to_solution
from .repair import finalise
from .sync import Assignment

POLISH_SHARE = 0.3  # share of the whole time kept for the distance polish at the end
ATTEMPT_SHARE = 0.06  # longest single attempt at one carer fewer, as a share of the time
MAX_ATTEMPTS = 2  # rounds tried for elimination at one fleet size before giving up
STEP_POLISH_SHARE = 0.05  # distance polish after each elimination by the ejection pool
# Initial time-warp penalty of the polish (PyVRP integer units, 1/1000 minute), instead of
# PyVRP's midpoint (50,000): the polish starts from a barely feasible plan and must be
# able to cross infeasible solutions with a tight fleet to shorten the rounds.
POLISH_PENALTY = 1000.0
# Initial load penalty of the polish (per unit of demand over capacity; PyVRP's midpoint is
# 50,000): with the fewest rounds the loads are often within a few units of the capacity
# (c1_4_9: 7,190 units on 36 rounds of 200), and calls can only be moved between rounds
# through overloaded ones.
POLISH_LOAD_PENALTY = 50.0
# PyVRP's iterated local search perturbs 1-25 calls per iteration and accepts against the
# cost 300 iterations ago (late acceptance). With short rounds at a tight fleet (r1/rc1/c1
# of Gehring-Homberger 400: about 11 calls a round) it runs about 300 iterations a second,
# too few for that history to settle within a minute; perturbing at most 10 calls and a
# history of 100 shortened those plans by about 2.5 % in 40 s. With long rounds (r2/rc2:
# 50 calls a round) PyVRP's defaults stay better by about 1 % (docs/adr/0104).
SHORT_ROUND = 20  # calls per carer up to which rounds count as short
SHORT_PERTURBATIONS = PerturbationParams(min_perturbations=1, max_perturbations=10)
SHORT_HISTORY = 100


def reduce_fleet(
    problem: Problem, jobs: Jobs, plan: Plan, deadline: float, seed: int, seconds: float, alike: bool
) -> Plan:
    """Hierarchical objective: eliminate rounds while time allows, then polish distance.

    ``alike``: :func:`careplanner.routemin.applies` holds, so the ejection pool is used.
    """
    best, best_cost = plan, objective(problem, evaluate(problem, plan))
    started = deadline - seconds
    trace: list[tuple[int, float]] = [(len(best.used_routes()), round(time.perf_counter() - started, 2))]
    elim_end = deadline - POLISH_SHARE * seconds
    attempt = 0
    # with alike carers: the ejection pool first, then one search by PyVRP
    while attempt < MAX_ATTEMPTS and elim_end - time.perf_counter() > 0.02 * seconds:
        asg = {c: calls for c, calls in assignment_of(best).items() if calls}
        if len(asg) <= 1:
            break
        budget = min(ATTEMPT_SHARE * seconds, elim_end - time.perf_counter())
        if alike and attempt == 0:
            cand = _eliminate_by_ejection(problem, jobs, asg, budget, seed, seconds)
        else:
            cand = _eliminate_by_search(problem, jobs, asg, budget, seed + attempt, attempt - alike)
        if cand is not None and (cost := objective(problem, evaluate(problem, cand))) < best_cost:
            best, best_cost = cand, cost
            attempt = 0
        else:
            attempt += 1
        trace.append((len(best.used_routes()), round(time.perf_counter() - started, 2)))
    left = deadline - time.perf_counter()
    if left > 0.5:
        best = _polish(problem, jobs, best, left, seed, best_cost)
    best.meta["fleet_trace"] = trace
    return best


def _eliminate_by_ejection(
    problem: Problem, jobs: Jobs, asg: Assignment, budget: float, seed: int, seconds: float
) -> Plan | None:
    """One round fewer by routemin's ejection pool, then a short distance polish."""
    got = routemin.eliminate(problem, asg, time.perf_counter() + budget, seed)
    if got is None:
        return None
    plan = finalise(problem, got, jobs, "pyvrp")
    if plan.unplanned:
        return None
    return _polish(problem, jobs, plan, STEP_POLISH_SHARE * seconds, seed)


def _eliminate_by_search(
    problem: Problem, jobs: Jobs, asg: Assignment, budget: float, seed: int, attempt: int
) -> Plan | None:
    """One round fewer by PyVRP: spread the calls of a short round, search until feasible."""
    order = sorted(asg, key=lambda c: (len(asg[c]), c))
    asg = dict(asg)
    dropped = asg.pop(order[attempt % len(order)])
    built = _capped(problem, jobs, len(asg))
    init = to_solution(built, _insert(built, asg, dropped))
    stop = MultipleCriteria([FirstFeasible(), MaxRuntime(budget)])
    res = _search(built.data, stop, seed, init)
    if not res.best.is_feasible():
        return None
    got, missing = to_assignment(built, res.best)
    return finalise(problem, got, jobs, "pyvrp", missing)


def _polish(
    problem: Problem, jobs: Jobs, plan: Plan, seconds: float, seed: int, cost: float | None = None
) -> Plan:
    """Shorter rounds with the fleet capped at the plan's number of rounds (or the plan).

    ``cost``: the plan's objective, when the caller already has it.
    """
    built = _capped(problem, jobs, len(plan.used_routes()))
    init = to_solution(built, assignment_of(plan))
    res = _search(built.data, MaxRuntime(seconds), seed, init, POLISH_PENALTY, POLISH_LOAD_PENALTY)
    asg, missing = to_assignment(built, res.best)
    cand = finalise(problem, asg, jobs, "pyvrp", missing)
    if cost is None:
        cost = objective(problem, evaluate(problem, plan))
    if cand.unplanned or objective(problem, evaluate(problem, cand)) >= cost:
        return plan
    cand.meta["fleet_polish_iterations"] = res.num_iterations
    return cand


def _capped(problem: Problem, jobs: Jobs, fleet: int) -> _Built:
    """PyVRP model with the fleet capped at ``fleet`` carers and no fixed cost per carer.

    Carers cannot be added beyond the cap, so the large fixed cost that ranks fewer
    carers first is not needed; without it the search runs about twice as many
    iterations and finds much shorter rounds.
    """
    built = build(problem, jobs, fleet=fleet)
    built.data = built.data.replace(
        vehicle_types=[vt.replace(fixed_cost=0) for vt in built.data.vehicle_types()]
    )
    return built


def _insert(built: _Built, asg: Assignment, dropped: list[Job]) -> Assignment:
    """``asg`` with the ``dropped`` jobs inserted where they add the least distance.

    Time windows are ignored here: the search that follows removes the time warp.
    """
    data = built.data
    dist = np.asarray(data.distance_matrix(0))
    carer_type = {cid: t for t, ids in enumerate(built.type_carers) for cid in ids}
    depot_loc = [d.location for d in data.depots()]
    client_loc = [c.location for c in data.clients()]
    out = {c: list(calls) for c, calls in asg.items()}

    for job in dropped:
        x = client_loc[built.job_index[job]]
        best_c, best_pos, best_add = "", 0, math.inf
        for cid, calls in out.items():
            vt = data.vehicle_type(carer_type[cid])
            seq = (
                [depot_loc[vt.start_depot]]
                + [client_loc[built.job_index[j]] for j in calls]
                + [depot_loc[vt.end_depot]]
            )
            for p in range(len(seq) - 1):
                add = dist[seq[p], x] + dist[x, seq[p + 1]] - dist[seq[p], seq[p + 1]]
                if add < best_add:
                    best_c, best_pos, best_add = cid, p, add
        if best_c:
            out[best_c].insert(best_pos, job)
    return out


def _search(
    data: ProblemData,
    stop: StoppingCriterion,
    seed: int,
    init: Solution,
    tw_penalty: float | None = None,
    load_penalty: float | None = None,
) -> Result:
    """PyVRP's iterated local search (as ``pyvrp.solve``) with given initial penalties.

    With short rounds, smaller perturbations and a shorter acceptance history (see
    ``SHORT_ROUND``).
    """
    params = SolveParams()
    rng = RandomNumberGenerator(seed=seed)
    neighbours = compute_neighbours(data, params.neighbourhood)
    perturbations, ils = _tuning(data)
    ls = LocalSearch(data, rng, neighbours, PerturbationManager(perturbations))
    for op in params.operators:
        if op.supports(data):
            ls.add_operator(op(data))
    loads, tw, dist = params.penalty.midpoint_penalties(data)
    if load_penalty is not None:
        loads = [load_penalty for _ in loads]
    pm = PenaltyManager((loads, tw if tw_penalty is None else tw_penalty, dist), params.penalty)
    return IteratedLocalSearch(data, pm, ls, init, ils).run(stop, collect_stats=False)


def _tuning(data: ProblemData) -> tuple[PerturbationParams, IteratedLocalSearchParams]:
    """Perturbation sizes and acceptance history for ``data``: smaller with short rounds."""
    if data.num_clients <= SHORT_ROUND * max(data.num_vehicles, 1):
        return SHORT_PERTURBATIONS, IteratedLocalSearchParams(history_length=SHORT_HISTORY)
    return PerturbationParams(), IteratedLocalSearchParams()
