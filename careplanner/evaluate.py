"""Independent check of a plan against every constraint of its problem.

The evaluator trusts nothing computed by a solver: it recomputes travel, arrival times,
tardiness and distances from the problem data and the stop times written in the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Break, BreakTaken, Plan, Problem

TOL = 1e-4


@dataclass
class Violation:
    kind: str
    detail: str


@dataclass
class Evaluation:
    violations: list[Violation] = field(default_factory=list)
    distance: float = 0.0
    travel_time: float = 0.0
    total_tardiness: float = 0.0
    max_tardiness: float = 0.0
    routes_used: int = 0
    planned_visits: int = 0
    unplanned_visits: int = 0
    continuity_hits: int = 0
    travel_limit_excess: float = 0.0  # minutes of travel between calls over carers' time limits
    distance_limit_excess: float = 0.0  # distance between calls over carers' distance limits
    working_time: float = 0.0

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def mankowska_cost(self) -> float:
        """Mankowska et al. (2014): equally weighted distance, total and max tardiness."""
        return (self.distance + self.total_tardiness + self.max_tardiness) / 3.0

    def kinds(self) -> set[str]:
        return {v.kind for v in self.violations}


def evaluate(problem: Problem, plan: Plan) -> Evaluation:
    ev = Evaluation()
    bad = ev.violations.append
    visits = problem.visit_by_id()
    carers = problem.carer_by_id()
    served: dict[str, list[tuple[str, int, float]]] = defaultdict(list)  # visit -> (carer, slot, start)
    dist = problem.travel.as_lists(None)

    seen_carers: set[str] = set()
    for route in plan.routes:
        carer = carers.get(route.carer_id)
        if carer is None:
            bad(Violation("unknown_carer", route.carer_id))
            continue
        if route.carer_id in seen_carers:
            bad(Violation("duplicate_route", route.carer_id))
        seen_carers.add(route.carer_id)
        if not route.stops:
            continue
        ev.routes_used += 1
        tt = problem.travel.as_lists(carer.travel_mode)
        loc = carer.start_location
        t = route.departure
        if t < carer.shift_start - TOL:
            bad(Violation("shift", f"{carer.id} leaves at {t:.2f} before shift start"))
        load = 0
        busy: list[tuple[float, float]] = []
        for i, stop in enumerate(route.stops):
            v = visits.get(stop.visit_id)
            if v is None:
                bad(Violation("unknown_visit", stop.visit_id))
                continue
            if not 0 <= stop.slot < v.carers_needed:
                bad(Violation("slot", f"{v.id} slot {stop.slot}"))
            travel = tt[loc][v.location]
            leg = dist[loc][v.location]
            ev.distance += leg
            ev.travel_time += travel
            if i > 0 and carer.max_travel_between_calls is not None:
                excess = travel - carer.max_travel_between_calls
                if excess > TOL:
                    if problem.travel_limit_penalty is None:
                        bad(Violation("max_travel", f"{carer.id} -> {v.id}: {travel:.1f} min"))
                    ev.travel_limit_excess += excess
            if i > 0 and carer.max_distance_between_calls is not None:
                over = leg - carer.max_distance_between_calls
                if over > TOL:
                    if problem.travel_limit_penalty is None:
                        bad(
                            Violation(
                                "max_distance",
                                f"{carer.id} -> {v.id}: {leg:.2f} > {carer.max_distance_between_calls:g}",
                            )
                        )
                    ev.distance_limit_excess += over
            # Breaks taken between the previous call and this one delay the arrival.
            brk_time = sum(b.end - b.start for b in route.breaks if t - TOL <= b.start < stop.start)
            if stop.start < t + travel + brk_time - TOL:
                bad(Violation("travel_time", f"{carer.id} cannot start {v.id} at {stop.start:.2f}"))
            if stop.start < v.earliest - TOL:
                bad(Violation("time_window", f"{v.id} starts {stop.start:.2f} < {v.earliest}"))
            late = stop.start - v.latest
            if late > TOL:
                if v.time_critical or not problem.allow_tardiness:
                    bad(Violation("time_window", f"{v.id} starts {stop.start:.2f} > {v.latest}"))
                ev.total_tardiness += late
                ev.max_tardiness = max(ev.max_tardiness, late)
            need = v.skills_for(stop.slot)
            if not need <= carer.skills:
                bad(Violation("skills", f"{carer.id} lacks {sorted(need - carer.skills)} for {v.id}"))
            if abs(stop.end - stop.start - v.duration_for(stop.slot)) > TOL:
                bad(Violation("duration", f"{v.id} by {carer.id}"))
            if carer.id in v.preferred_carers:
                ev.continuity_hits += 1
            load += v.demand
            served[v.id].append((carer.id, stop.slot, stop.start))
            busy.append((stop.start, stop.end))
            t = stop.end
            loc = v.location
        back = tt[loc][carer.end]
        ev.distance += dist[loc][carer.end]
        ev.travel_time += back
        brk_after = sum(b.end - b.start for b in route.breaks if b.start >= t - TOL)
        if route.return_time < t + back + brk_after - TOL:
            bad(Violation("travel_time", f"{carer.id} back at {route.return_time:.2f} too early"))
        end = max(route.return_time, t + back + brk_after)
        if end > carer.shift_end + TOL:
            bad(Violation("shift", f"{carer.id} back at {end:.2f} after shift end {carer.shift_end}"))
        worked = end - route.departure
        ev.working_time += worked
        if carer.max_working_time is not None and worked > carer.max_working_time + TOL:
            bad(Violation("working_time", f"{carer.id} works {worked:.1f} min"))
        if carer.capacity is not None and load > carer.capacity:
            bad(Violation("capacity", f"{carer.id} load {load} > {carer.capacity}"))
        _check_breaks(carer.id, carer.breaks, route.breaks, busy, bad)

    unplanned = {u.visit_id for u in plan.unplanned}
    for u in plan.unplanned:
        if not u.reason:
            bad(Violation("unplanned_reason", f"{u.visit_id} has no reason"))
        if not problem.allow_unplanned:
            bad(Violation("unplanned", f"{u.visit_id}: {u.reason}"))
    for v in problem.visits:
        got = served.get(v.id, [])
        if v.id in unplanned:
            if got:
                bad(Violation("unplanned", f"{v.id} is both planned and unplanned"))
            continue
        if not got:
            bad(Violation("missing", f"{v.id} neither planned nor reported unplanned"))
            continue
        ev.planned_visits += 1
        if len(got) != v.carers_needed or len({c for c, _, _ in got}) != len(got):
            bad(
                Violation(
                    "carers",
                    f"{v.id} served by {[c for c, _, _ in got]}, needs {v.carers_needed} different carers",
                )
            )
        if len({s for _, s, _ in got}) != len(got):
            bad(Violation("slot", f"{v.id} slot served twice"))
        starts = [s for _, _, s in got]
        if max(starts) - min(starts) > TOL:
            bad(Violation("synchronisation", f"{v.id} starts at {sorted(starts)}"))
    ev.unplanned_visits = len(unplanned)
    for seq in problem.sequences:
        a, b = served.get(seq.first), served.get(seq.second)
        if not a or not b:
            if bool(a) != bool(b):
                bad(Violation("sequence", f"{seq.first}/{seq.second}: only one part planned"))
            continue
        gap = b[0][2] - a[0][2]
        if gap < seq.min_gap - TOL or gap > seq.max_gap + TOL:
            bad(
                Violation(
                    "sequence",
                    f"{seq.first}->{seq.second} gap {gap:.2f} not in [{seq.min_gap}, {seq.max_gap}]",
                )
            )
        if seq.distinct_carers and a[0][0] == b[0][0]:
            bad(Violation("carers", f"{seq.first} and {seq.second} both by {a[0][0]}, need different carers"))
    return ev


def _check_breaks(
    carer_id: str,
    required: tuple[Break, ...],
    taken: list[BreakTaken],
    busy: list[tuple[float, float]],
    bad: Callable[[Violation], None],
) -> None:
    for b in required:
        ok = any(
            b.earliest - TOL <= t.start <= b.latest + TOL and t.end - t.start >= b.duration - TOL
            for t in taken
        )
        if not ok:
            bad(Violation("break", f"{carer_id} has no {b.duration} min break in [{b.earliest}, {b.latest}]"))
    for t in taken:
        for s, e in busy:
            if t.start < e - TOL and s < t.end - TOL:
                bad(Violation("break", f"{carer_id} break {t.start:.1f} overlaps a call"))
