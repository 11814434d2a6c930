"""Moving one call of a planned round to another carer.

The call goes into the new carer's round at the position that keeps every hard rule (skills,
time windows, shifts, double-ups starting together) at the least cost; every round is re-timed.
`check_move` says what would change; `move_visit` does it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from careplanner import Assignment, DeadlockError, Evaluation, Plan, Unplanned, evaluate, objective, schedule
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.rounds.adapter import Built, build_problem, carer_key, to_datetime, visit_key
from homecare.rounds.models import Carer, PlanStatus, RoundPlan, Skill
from homecare.rounds.services.errors import RoundsError
from homecare.rounds.services.planning import store_solution
from homecare.visits.models import Visit

SOFT = {"max_travel", "max_distance"}  # limits between calls are soft in the app (ADR 0007)
REASONS = {
    "time_window": "{carer} cannot start it within its time window",
    "shift": "it would take {carer} past the end of their shift",
    "travel_time": "{carer} cannot travel there in time",
    "synchronisation": "its two carers could not start together",
    "carers": "its two carers could not start together",
    "working_time": "{carer} would work too long",
}


@dataclass
class Retimed:
    visit: Visit
    carer: Carer
    before: dt.datetime | None
    after: dt.datetime


@dataclass
class MoveCheck:
    visit: Visit
    carer: Carer
    extra_travel_minutes: float
    extra_travel_km: float
    round_after: list[tuple[dt.datetime, Visit]]
    retimed: list[Retimed] = field(default_factory=list)
    built: Built | None = None
    solution: Plan | None = None


def _current(plan: RoundPlan, built: Built) -> tuple[Assignment, list[Unplanned]]:
    asg: Assignment = {key: [] for key in built.carers}
    for row in plan.assignments.order_by("carer_id", "order"):
        ckey, vkey = carer_key(row.carer_id), visit_key(row.visit_id)
        if ckey in asg and vkey in built.visits:
            asg[ckey].append((vkey, row.slot))
    unplanned = [
        Unplanned(visit_key(u.visit_id), u.reason)
        for u in plan.unplanned.all()
        if visit_key(u.visit_id) in built.visits
    ]
    return asg, unplanned


def _hard(ev: Evaluation, before: Evaluation) -> list[str]:
    known = {(v.kind, v.detail) for v in before.violations}
    return [v.kind for v in ev.violations if v.kind not in SOFT and (v.kind, v.detail) not in known]


def _timed(problem_plan: Plan) -> dict[tuple[str, int], tuple[str, float]]:
    return {(s.visit_id, s.slot): (r.carer_id, s.start) for r in problem_plan.routes for s in r.stops}


def check_move(*, plan: RoundPlan, visit: Visit, carer: Carer, slot: int | None = None) -> MoveCheck:
    """What moving `visit` (its `slot`, for a double-up) to `carer` would do; raises RoundsError
    with the reason when the move breaks a rule."""
    if plan.status != PlanStatus.DONE:
        raise RoundsError("Only a finished plan can be changed")
    if carer.provider_id != plan.provider_id or visit.provider_id != plan.provider_id:
        raise RoundsError("The carer and the visit must both be this provider's")
    visit_ids = {
        *plan.assignments.values_list("visit_id", flat=True),
        *plan.unplanned.values_list("visit_id", flat=True),
    }
    if visit.pk not in visit_ids:
        raise RoundsError(f"Visit {visit.reference} is not in this plan")
    built = build_problem(plan.provider, plan.day, window_minutes=plan.window_minutes, visit_ids=visit_ids)
    vkey, ckey = visit_key(visit.pk), carer_key(carer.pk)
    if vkey not in built.visits:
        raise RoundsError(f"Visit {visit.reference} cannot be planned: its person has no map position")
    if ckey not in built.carers:
        raise RoundsError(f"{carer.name} is not working on {plan.day:%A %d %B %Y}")
    problem = built.problem
    spec = problem.visit_by_id()[vkey]
    asg, unplanned = _current(plan, built)
    held = {s: c for c, calls in asg.items() for v, s in calls if v == vkey}
    if slot is None:
        slot = next((s for s in range(spec.carers_needed) if s not in held), 0)
    if not 0 <= slot < spec.carers_needed:
        raise RoundsError(f"Visit {visit.reference} has no carer {slot + 1}")
    if held.get(slot) == ckey:
        raise RoundsError(f"{carer.name} already does visit {visit.reference}")
    if ckey in held.values():
        raise RoundsError(f"{carer.name} is already the other carer of this double-up")
    missing = spec.skills_for(slot) - frozenset(carer.skills)
    if missing:
        labels = dict(Skill.choices)
        named = ", ".join(str(labels.get(s, s)).lower() for s in sorted(missing))
        raise RoundsError(f"{carer.name} does not have the skills this visit needs: {named}")
    if spec.carers_needed > 1 and len(held) + (0 if slot in held else 1) < spec.carers_needed:
        raise RoundsError(
            f"Visit {visit.reference} is a double-up with no second carer yet: "
            "re-plan the day to give it two carers"
        )

    before_plan = schedule(problem, asg)
    before = evaluate(problem, before_plan)
    if slot in held:
        asg[held[slot]] = [job for job in asg[held[slot]] if job != (vkey, slot)]
    remaining = [u for u in unplanned if u.visit_id != vkey]
    target = asg[ckey]
    best: tuple[float, Plan, Evaluation] | None = None
    failure = ""
    for position in range(len(target) + 1):
        target.insert(position, (vkey, slot))
        try:
            candidate = schedule(problem, asg)
        except DeadlockError:
            target.pop(position)
            failure = failure or "synchronisation"
            continue
        target.pop(position)
        candidate.unplanned = list(remaining)
        ev = evaluate(problem, candidate)
        hard = _hard(ev, before)
        if hard:
            failure = failure or hard[0]
            continue
        cost = objective(problem, ev)
        if best is None or cost < best[0]:
            best = (cost, candidate, ev)
    if best is None:
        reason = REASONS.get(failure, "it breaks a rule of the round").format(carer=carer.name)
        raise RoundsError(f"Visit {visit.reference} cannot go to {carer.name}: {reason}")
    _cost, solution, after = best
    solution.solver = plan.solver or "manual"
    old_times = _timed(before_plan)
    new_times = _timed(solution)
    retimed = []
    for job, (c_after, start) in sorted(new_times.items(), key=lambda kv: kv[1][1]):
        previous = old_times.get(job)
        if previous is None or previous[0] != c_after or abs(previous[1] - start) > 0.5:
            retimed.append(
                Retimed(
                    visit=built.visits[job[0]],
                    carer=built.carers[c_after],
                    before=to_datetime(built.origin, previous[1]) if previous else None,
                    after=to_datetime(built.origin, start),
                )
            )
    route = next(r for r in solution.routes if r.carer_id == ckey)
    return MoveCheck(
        visit=visit,
        carer=carer,
        extra_travel_minutes=after.travel_time - before.travel_time,
        extra_travel_km=after.distance - before.distance,
        round_after=[(to_datetime(built.origin, s.start), built.visits[s.visit_id]) for s in route.stops],
        retimed=retimed,
        built=built,
        solution=solution,
    )


@transaction.atomic
def move_visit(
    *, by: Actor, plan: RoundPlan, visit: Visit, carer: Carer, slot: int | None = None
) -> MoveCheck:
    """Give `visit` to `carer` in `plan` and re-time the rounds; audited with its consequences."""
    plan = RoundPlan.objects.select_for_update().get(pk=plan.pk)
    check = check_move(plan=plan, visit=visit, carer=carer, slot=slot)
    assert check.built is not None and check.solution is not None
    store_solution(by=by, plan=plan, built=check.built, solution=check.solution, action="visit_moved")
    audit.record(
        by=by,
        action="visit_moved",
        obj=plan,
        changes={
            "visit": visit.pk,
            "carer": carer.pk,
            "extra_travel_minutes": round(check.extra_travel_minutes, 1),
            "extra_travel_km": round(check.extra_travel_km, 2),
        },
    )
    return check
