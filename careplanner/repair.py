"""Turn solver sequences into an exactly synchronised, checked plan.

Steps: split double-ups that a solver gave twice to the same carer, time everything
with :func:`careplanner.sync.schedule` (waiting aligns the two carers of a double-up),
undo deadlocks by re-inserting the partner jobs one at a time, and finally move to the
unplanned list any visit whose hard time window cannot be kept once synchronised.
"""

from __future__ import annotations

from .evaluate import Evaluation, evaluate
from .jobs import Jobs, objective
from .model import Plan, Problem, Unplanned
from .sync import Assignment, DeadlockError, schedule

Job = tuple[str, int]
NO_ROOM = "no carer has room for it in their round (shifts, time windows, working time)"


def _partner_jobs(problem: Problem) -> set[Job]:
    out: set[Job] = {(v.id, s) for v in problem.visits for s in range(1, v.carers_needed)}
    out |= {(seq.second, 0) for seq in problem.sequences}
    return out


def _try(problem: Problem, asg: Assignment) -> tuple[Plan, Evaluation, float] | None:
    try:
        plan = schedule(problem, asg)
    except DeadlockError:
        return None
    ev = evaluate(problem, plan)
    return plan, ev, objective(problem, ev)


def insert_job(problem: Problem, asg: Assignment, job: Job, carers: list[int],
               width: int = 10) -> bool:
    """Insert ``job`` at the best of the cheapest-detour positions; False if impossible."""
    visits = problem.visit_by_id()
    v = visits[job[0]]
    dist = problem.travel.distance
    cands: list[tuple[float, str, int]] = []
    for ci in carers:
        c = problem.carers[ci]
        calls = asg.setdefault(c.id, [])
        if any(vid == v.id for vid, _ in calls):
            continue
        locs = [c.start_location] + [visits[vid].location for vid, _ in calls] + [c.end]
        for p in range(len(locs) - 1):
            a, b = locs[p], locs[p + 1]
            delta = dist[a, v.location] + dist[v.location, b] - dist[a, b]
            cands.append((float(delta), c.id, p))
    cands.sort()
    best: tuple[float, str, int] | None = None
    for _, cid, p in cands[:width]:
        asg[cid].insert(p, job)
        res = _try(problem, asg)
        asg[cid].pop(p)
        if res is not None and not _hard_violations(res[1]) and (best is None or res[2] < best[0]):
            best = (res[2], cid, p)
    if best is None:
        return False
    asg[best[1]].insert(best[2], job)
    return True


def _hard_violations(ev: Evaluation) -> bool:
    return any(v.kind not in {"missing", "carers", "synchronisation", "sequence"}
               for v in ev.violations)


def finalise(problem: Problem, asg: Assignment, jobs: Jobs, solver: str,
             dropped: list[Job] | None = None, insert_dropped: bool = False) -> Plan:
    """Exactly timed plan from solver sequences.

    ``dropped`` jobs were left out by the solver: a whole optional visit the solver chose
    not to plan goes to ``unplanned`` unless ``insert_dropped`` asks to try inserting it.
    """
    asg = {c.id: list(asg.get(c.id, [])) for c in problem.carers}
    unplanned = list(jobs.unplanned)
    gone = {u.visit_id for u in unplanned}
    todo: list[Job] = []
    # A double-up given twice to one carer, or a job given to a carer who cannot do it
    # (a solver's infeasible answer): take it out and re-insert it.
    carer_idx = {c.id: i for i, c in enumerate(problem.carers)}
    for cid, calls in asg.items():
        seen: set[str] = set()
        keep = []
        for job in calls:
            if job[0] in seen or carer_idx[cid] not in jobs.capable.get(job, ()):
                todo.append(job)
            else:
                seen.add(job[0])
                keep.append(job)
        asg[cid] = keep
    if _try(problem, asg) is None:
        partners = _partner_jobs(problem)
        for cid in asg:
            todo += [j for j in asg[cid] if j in partners]
            asg[cid] = [j for j in asg[cid] if j not in partners]
    dropped = list(dropped or [])
    if problem.allow_unplanned and not insert_dropped:
        whole = {v for v, _ in dropped}
        for vid, _ in [j for cid in asg for j in asg[cid]]:
            whole.discard(vid)
        for vid in sorted(whole):
            _unplan(problem, asg, vid, NO_ROOM, unplanned, gone)
        dropped = [j for j in dropped if j[0] not in whole]
    for job in todo + dropped:
        if not insert_job(problem, asg, job, jobs.capable.get(job, [])):
            _unplan(problem, asg, job[0], "no carer could take it at a synchronised time",
                    unplanned, gone)
    for _ in range(len(problem.visits) + 1):
        res = _try(problem, asg)
        assert res is not None
        plan, ev, _ = res
        late = [x for x in ev.violations if x.kind in {"time_window", "shift", "working_time"}]
        if not late or not problem.allow_unplanned:
            break
        late_vid = _late_visit(problem, plan)
        if late_vid is None:
            break
        _unplan(problem, asg, late_vid, "does not fit a carer's round within its time window "
                                   "and shift", unplanned, gone)
    plan.unplanned = unplanned
    plan.solver = solver
    return plan


def _late_visit(problem: Problem, plan: Plan) -> str | None:
    visits = problem.visit_by_id()
    carers = problem.carer_by_id()
    worst: tuple[float, str] | None = None
    for r in plan.routes:
        c = carers[r.carer_id]
        over = max(0.0, r.return_time - c.shift_end)
        if c.max_working_time is not None:
            over = max(over, r.return_time - r.departure - c.max_working_time)
        for s in r.stops:
            v = visits[s.visit_id]
            late = s.start - v.latest if (v.time_critical or not problem.allow_tardiness) else 0
            score = max(late, over)
            if score > 1e-6 and (worst is None or score > worst[0]):
                worst = (score, v.id)
    return None if worst is None else worst[1]


def _unplan(problem: Problem, asg: Assignment, vid: str, reason: str,
            unplanned: list[Unplanned], gone: set[str]) -> None:
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
