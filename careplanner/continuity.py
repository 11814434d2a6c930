"""Continuity of care after routing: give a call to a carer the person knows when that costs less
than the continuity weight (in kilometres) and breaks no rule.

The planner's routing search minimises travel and counts calls by a preferred carer only when it
compares finished plans, so a plan straight from the solver rarely keeps people with the carers
they know. This pass moves single-carer calls to one of their preferred carers, trying the
positions that fit the call's time in that carer's round, and keeps a move only when the plan's
objective (travel, travel-limit penalty, minus the continuity weight per call by a known carer)
improves. :func:`careplanner.plan_rounds` runs it after the solver, in the same process.
"""

from __future__ import annotations

import bisect
import time

from .evaluate import evaluate
from .exceptions import DeadlockError
from .jobs import objective
from .model import Plan, Problem
from .sync import assignment_of, schedule


def improve_continuity(problem: Problem, plan: Plan, *, deadline: float) -> Plan:
    """A plan at least as good as `plan` with more calls by preferred carers, until `deadline`
    (a `time.monotonic()` value)."""
    if problem.continuity_weight <= 0 or not any(v.preferred_carers for v in problem.visits):
        return plan
    carers = problem.carer_by_id()
    asg = assignment_of(plan)
    for spec in problem.carers:
        asg.setdefault(spec.id, [])
    unplanned = list(plan.unplanned)
    current = plan
    cost = objective(problem, evaluate(problem, plan))
    where = {vid: cid for cid, calls in asg.items() for vid, _slot in calls}
    moved = 0
    for visit in problem.visits:
        if time.monotonic() > deadline:
            break
        source = where.get(visit.id)
        if visit.carers_needed != 1 or source is None or source in visit.preferred_carers:
            continue
        for target in visit.preferred_carers:
            carer = carers.get(target)
            if carer is None or not visit.skills <= carer.skills:
                continue
            index = asg[source].index((visit.id, 0))
            asg[source].pop(index)
            starts = [s.start for r in current.routes if r.carer_id == target for s in r.stops]
            k = bisect.bisect_left(starts, visit.earliest)
            best: tuple[float, int, Plan] | None = None
            for position in sorted({max(0, k - 1), k, min(len(starts), k + 1)}):
                asg[target].insert(position, (visit.id, 0))
                try:
                    candidate = schedule(problem, asg)
                except DeadlockError:
                    candidate = None
                asg[target].pop(position)
                if candidate is None:
                    continue
                candidate.unplanned = list(unplanned)
                value = objective(problem, evaluate(problem, candidate))
                if value < cost - 1e-6 and (best is None or value < best[0]):
                    best = (value, position, candidate)
            if best is None:
                asg[source].insert(index, (visit.id, 0))
                continue
            cost, position, current = best
            asg[target].insert(position, (visit.id, 0))
            where[visit.id] = target
            moved += 1
            break
    if current is not plan:
        current.solver = plan.solver
        current.meta = {**plan.meta, "continuity_moves": moved}
    return current
