"""Brokerage fit: can a provider's current rounds absorb a new package of care, and at what cost?

The new visits are inserted into the provider's planned rounds (existing calls keep
their carer and order; times may shift where waiting allows), optionally followed by
a short re-optimisation of the whole day. The fit reports extra travel and whether
every new visit found a carer, with the reason for each one that did not.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .evaluate import Evaluation, evaluate
from .exceptions import ProblemError
from .jobs import expand
from .model import Plan, Problem, Sequence, Unplanned, Visit
from .params import SolveParams
from .repair import finalise
from .sync import assignment_of


@dataclass
class Fit:
    extra_travel_minutes: float
    extra_distance_km: float
    absorbable: bool
    unplanned: list[Unplanned] = field(default_factory=list)
    plan: Plan | None = None
    evaluation: Evaluation | None = None


def estimate_fit(
    problem: Problem,
    current: Plan,
    new_visits: list[Visit],
    sequences: list[Sequence] | None = None,
    replan: SolveParams | None = None,
) -> Fit:
    """Estimate the cost of adding ``new_visits`` to ``current`` rounds of ``problem``.

    Without ``replan`` the new visits are only inserted; with it, a re-plan of the whole day
    within ``replan`` is also tried and the better plan kept. ``ProblemError`` when a new visit's
    id is already in the problem."""
    base = evaluate(problem, current)
    known = {v.id for v in problem.visits}
    clash = [v.id for v in new_visits if v.id in known]
    if clash:
        raise ProblemError(f"visit ids already in the plan: {clash}")
    merged = replace(
        problem,
        visits=problem.visits + list(new_visits),
        sequences=problem.sequences + list(sequences or []),
        allow_unplanned=True,
    )
    jobs = expand(merged)
    new_ids = {v.id for v in new_visits}
    new_jobs = [(v.id, s) for v, s in jobs.jobs if v.id in new_ids]
    plan = finalise(merged, assignment_of(current), jobs, "insertion", new_jobs, insert_dropped=True)
    if replan is not None:
        from .solve import solve

        alt = solve(merged, replan)
        if _better(merged, alt, plan):
            plan = alt
    ev = evaluate(merged, plan)
    unplanned = [u for u in plan.unplanned if u.visit_id in new_ids]
    lost = [
        u
        for u in plan.unplanned
        if u.visit_id not in new_ids and u.visit_id not in {x.visit_id for x in current.unplanned}
    ]
    return Fit(
        extra_travel_minutes=ev.travel_time - base.travel_time,
        extra_distance_km=ev.distance - base.distance,
        absorbable=not unplanned and not lost and ev.feasible,
        unplanned=unplanned + lost,
        plan=plan,
        evaluation=ev,
    )


def _better(problem: Problem, a: Plan, b: Plan) -> bool:
    ea, eb = evaluate(problem, a), evaluate(problem, b)
    return (ea.unplanned_visits, ea.travel_time) < (eb.unplanned_visits, eb.travel_time)
