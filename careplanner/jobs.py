"""Solver-neutral preparation: one job per carer slot of a visit, and plan cost.

Both solvers route *jobs*: a single-carer visit is one job, a double-up is two jobs (one
per carer slot) at the same place. Visits no carer could ever do are set aside with a
reason before solving, so nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evaluate import Evaluation
from .model import Carer, Plan, Problem, Unplanned, Visit

HIERARCHY_WEIGHT = 1e4  # cost of one extra carer/route when minimising carers first
UNPLANNED_WEIGHT = 1e7


@dataclass
class Jobs:
    jobs: list[tuple[Visit, int]] = field(default_factory=list)
    unplanned: list[Unplanned] = field(default_factory=list)
    capable: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # job -> carer idx
    # visit -> other visits its carer may not also do (the parts of a distinct-carer sequence)
    apart: dict[str, set[str]] = field(default_factory=dict)


def can_reach(problem: Problem, carer: Carer, v: Visit, slot: int) -> bool:
    tt = problem.travel.duration(carer.travel_mode)
    arrive = max(v.earliest, carer.shift_start + float(tt[carer.start_location, v.location]))
    hard = v.time_critical or not problem.allow_tardiness
    if hard and arrive > v.latest + 1e-6:
        return False
    back = arrive + v.duration_for(slot) + float(tt[v.location, carer.end])
    if back > carer.shift_end + 1e-6:
        return False
    work = (
        float(tt[carer.start_location, v.location]) + v.duration_for(slot) + float(tt[v.location, carer.end])
    )
    return carer.max_working_time is None or work <= carer.max_working_time + 1e-6


def expand(problem: Problem) -> Jobs:
    out = Jobs()
    dropped: set[str] = set()
    for v in problem.visits:
        reason = ""
        slots: list[list[int]] = []
        for slot in range(v.carers_needed):
            need = v.skills_for(slot)
            skilled = [i for i, c in enumerate(problem.carers) if need <= c.skills]
            if not skilled:
                reason = f"no carer has the skills {sorted(need)}"
                break
            reach = [i for i in skilled if can_reach(problem, problem.carers[i], v, slot)]
            if not reach:
                reason = "no skilled carer can reach it within its time window and shift"
                break
            slots.append(reach)
        if not reason and v.carers_needed > 1 and len(set().union(*map(set, slots))) < v.carers_needed:
            reason = f"needs {v.carers_needed} carers but fewer are able to do it"
        if reason:
            out.unplanned.append(Unplanned(v.id, reason))
            dropped.add(v.id)
            continue
        for slot, reach in enumerate(slots):
            out.capable[(v.id, slot)] = reach
    for seq in problem.sequences:
        for a, b in ((seq.first, seq.second), (seq.second, seq.first)):
            if a in dropped and b not in dropped:
                out.unplanned.append(Unplanned(b, f"its sequenced part {a} cannot be planned"))
                dropped.add(b)
    for v in problem.visits:
        if v.id not in dropped:
            out.jobs.extend((v, slot) for slot in range(v.carers_needed))
    for seq in problem.sequences:
        if seq.distinct_carers:
            out.apart.setdefault(seq.first, set()).add(seq.second)
            out.apart.setdefault(seq.second, set()).add(seq.first)
    return out


def objective(problem: Problem, ev: Evaluation) -> float:
    """Single comparable cost used to pick the best plan (lower is better)."""
    cost = ev.distance
    if problem.allow_tardiness:
        cost += problem.tardiness_weight * (ev.total_tardiness + ev.max_tardiness)
    if problem.minimise_carers:
        cost += HIERARCHY_WEIGHT * ev.routes_used
    if problem.travel_limit_penalty is not None:
        cost += problem.travel_limit_penalty * (ev.travel_limit_excess + ev.distance_limit_excess)
    cost -= problem.continuity_weight * ev.continuity_hits
    cost += UNPLANNED_WEIGHT * ev.unplanned_visits
    cost += UNPLANNED_WEIGHT * 10 * len(ev.violations)
    return cost


def plan_summary(plan: Plan) -> str:
    return f"{len(plan.used_routes())} routes, {len(plan.unplanned)} unplanned"
