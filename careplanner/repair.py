"""Turn solver sequences into an exactly synchronised, checked plan.

Steps: split double-ups that a solver gave twice to the same carer, time everything
with :func:`careplanner.sync.schedule` (waiting aligns the two carers of a double-up),
undo deadlocks by re-inserting the partner jobs one at a time, and finally move to the
unplanned list any visit whose hard time window cannot be kept once synchronised.
"""

from __future__ import annotations

import contextlib
import time

from .evaluate import Evaluation, evaluate
from .improve import QuickCost
from .jobs import Jobs, objective
from .model import Plan, Problem, Unplanned
from .sync import Assignment, DeadlockError, schedule

Job = tuple[str, int]
NO_ROOM = "no carer has room for it in their round (shifts, time windows, working time)"


def _partner_jobs(problem: Problem) -> set[Job]:
    out: set[Job] = {(v.id, s) for v in problem.visits for s in range(1, v.carers_needed)}
    out |= {(seq.second, 0) for seq in problem.sequences}
    return out


def _undo_deadlocks(problem: Problem, asg: Assignment, cost: QuickCost) -> list[Job]:
    """Take out partner jobs of visits caught in a synchronisation cycle until none is left."""
    partners = _partner_jobs(problem)
    taken: list[Job] = []
    for _ in range(len(partners) + 1):
        try:
            cost(asg)
            return taken
        except DeadlockError as err:
            stuck = set(err.visits)
        out = [j for cid in asg for j in asg[cid] if j in partners and j[0] in stuck]
        if not out:  # no information: take every partner job out
            out = [j for cid in asg for j in asg[cid] if j in partners]
        # the earliest-window half of the stuck partners is enough to break most cycles
        visits = problem.visit_by_id()
        out.sort(key=lambda j: visits[j[0]].earliest)
        out = out[: max(1, len(out) // 2)]
        chosen = set(out)
        for cid in asg:
            asg[cid] = [j for j in asg[cid] if j not in chosen]
        taken += out
    return taken


def _try(problem: Problem, asg: Assignment) -> tuple[Plan, Evaluation, float] | None:
    try:
        plan = schedule(problem, asg)
    except DeadlockError:
        return None
    ev = evaluate(problem, plan)
    return plan, ev, objective(problem, ev)


def insert_job(
    problem: Problem,
    asg: Assignment,
    job: Job,
    carers: list[int],
    width: int = 10,
    quick: QuickCost | None = None,
    apart: set[str] | None = None,
) -> bool:
    """Insert ``job`` at the best of the cheapest-detour positions; False if impossible.

    A carer who already does another slot of the visit, or one of the ``apart`` visits,
    is not considered.
    """
    visits = problem.visit_by_id()
    v = visits[job[0]]
    dist = problem.travel.distance
    cands: list[tuple[float, str, int]] = []
    for ci in carers:
        c = problem.carers[ci]
        calls = asg.setdefault(c.id, [])
        if any(vid == v.id or vid in (apart or ()) for vid, _ in calls):
            continue
        locs = [c.start_location] + [visits[vid].location for vid, _ in calls] + [c.end]
        for p in range(len(locs) - 1):
            a, b = locs[p], locs[p + 1]
            delta = dist[a, v.location] + dist[v.location, b] - dist[a, b]
            cands.append((float(delta), c.id, p))
    cands.sort()
    quick = quick or QuickCost(problem)
    ranked: list[tuple[float, str, int]] = []
    for _, cid, p in cands[:width]:
        asg[cid].insert(p, job)
        with contextlib.suppress(DeadlockError):
            ranked.append((quick(asg), cid, p))
        asg[cid].pop(p)
    ranked.sort()
    if ranked and _quick_is_exact(problem):
        _, cid, p = ranked[0]
        asg[cid].insert(p, job)
        return True
    # The quick cost ignores breaks and travel limits: confirm with the full check.
    for _, cid, p in ranked[:3]:
        asg[cid].insert(p, job)
        res = _try(problem, asg)
        if res is not None and not _hard_violations(res[1]):
            return True
        asg[cid].pop(p)
    return False


def _quick_is_exact(problem: Problem) -> bool:
    """No breaks, working-time or travel limits, hard windows only if tardiness is not allowed:
    then the quick cost checks everything insertion can break."""
    return (
        problem.allow_tardiness
        and not any(
            c.breaks
            or c.max_working_time is not None
            or c.max_travel_between_calls is not None
            or c.max_distance_between_calls is not None
            or c.capacity is not None
            for c in problem.carers
        )
        and not any(v.time_critical for v in problem.visits)
    )


def _hard_violations(ev: Evaluation) -> bool:
    return any(v.kind not in {"missing", "carers", "synchronisation", "sequence"} for v in ev.violations)


def finalise(
    problem: Problem,
    asg: Assignment,
    jobs: Jobs,
    solver: str,
    dropped: list[Job] | None = None,
    insert_dropped: bool = False,
    deadline: float | None = None,
) -> Plan:
    """Exactly timed plan from solver sequences.

    ``dropped`` jobs were left out by the solver: a whole optional visit the solver chose
    not to plan goes to ``unplanned`` unless ``insert_dropped`` asks to try inserting it.
    """
    asg = {c.id: list(asg.get(c.id, [])) for c in problem.carers}
    unplanned = list(jobs.unplanned)
    gone = {u.visit_id for u in unplanned}
    todo: list[Job] = []
    # A double-up given twice to one carer (or both parts of a distinct-carer sequence),
    # or a job given to a carer who cannot do it (a solver's infeasible answer): take it
    # out and re-insert it.
    carer_idx = {c.id: i for i, c in enumerate(problem.carers)}
    for cid, calls in asg.items():
        seen: set[str] = set()
        keep = []
        for job in calls:
            clash = job[0] in seen or bool(jobs.apart.get(job[0], set()) & seen)
            if clash or carer_idx[cid] not in jobs.capable.get(job, ()):
                todo.append(job)
            else:
                seen.add(job[0])
                keep.append(job)
        asg[cid] = keep
    quick = QuickCost(problem)
    todo += _undo_deadlocks(problem, asg, quick)
    dropped = list(dropped or [])
    if problem.allow_unplanned and not insert_dropped:
        whole = {v for v, _ in dropped}
        for vid, _ in [j for cid in asg for j in asg[cid]]:
            whole.discard(vid)
        for vid in sorted(whole):
            _unplan(problem, asg, vid, NO_ROOM, unplanned, gone)
        dropped = [j for j in dropped if j[0] not in whole]
    for job in todo + dropped:
        if job[0] in gone:
            continue
        out_of_time = deadline is not None and time.perf_counter() > deadline
        able = jobs.capable.get(job, [])
        if out_of_time or not insert_job(problem, asg, job, able, quick=quick, apart=jobs.apart.get(job[0])):
            linked = job[1] > 0 or any(job[0] in (q.first, q.second) for q in problem.sequences)
            reason = (
                "no second carer (or sequenced call) could be fitted at a synchronised time"
                if linked and not out_of_time
                else NO_ROOM
            )
            _unplan(problem, asg, job[0], reason, unplanned, gone)
    for _ in range(len(problem.visits) + 1):
        res = _try(problem, asg)
        assert res is not None
        plan, ev, _ = res
        late = [x for x in ev.violations if x.kind in {"time_window", "shift", "working_time"}]
        if not late or not problem.allow_unplanned:
            break
        late_vids = _late_visits(problem, plan)
        if not late_vids:
            break
        for late_vid in late_vids[: max(1, len(late_vids) // 4)]:
            _unplan(
                problem,
                asg,
                late_vid,
                "does not fit a carer's round within its time window and shift",
                unplanned,
                gone,
            )
    plan.unplanned = unplanned
    plan.solver = solver
    return plan


def _late_visits(problem: Problem, plan: Plan) -> list[str]:
    """Visits breaking a hard window (or on a round overrunning its shift), worst first."""
    visits = problem.visit_by_id()
    carers = problem.carer_by_id()
    found: dict[str, float] = {}
    for r in plan.routes:
        c = carers[r.carer_id]
        over = max(0.0, r.return_time - c.shift_end)
        if c.max_working_time is not None:
            over = max(over, r.return_time - r.departure - c.max_working_time)
        for s in r.stops:
            v = visits[s.visit_id]
            late = s.start - v.latest if (v.time_critical or not problem.allow_tardiness) else 0
            score = late
            if score > 1e-6:
                found[v.id] = max(found.get(v.id, 0.0), score)
        if over > 1e-6 and r.stops:
            last = r.stops[-1].visit_id
            found[last] = max(found.get(last, 0.0), over)
    return sorted(found, key=lambda vid: -found[vid])


def _unplan(
    problem: Problem, asg: Assignment, vid: str, reason: str, unplanned: list[Unplanned], gone: set[str]
) -> None:
    linked = {vid}
    for seq in problem.sequences:
        if vid in (seq.first, seq.second):
            linked |= {seq.first, seq.second}
    for x in linked:
        if x in gone:
            continue
        gone.add(x)
        unplanned.append(Unplanned(x, reason if x == vid else f"linked visit {vid}: {reason}"))
    for cid in asg:
        asg[cid] = [j for j in asg[cid] if j[0] not in linked]
