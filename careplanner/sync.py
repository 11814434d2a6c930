"""Exact timing of fixed carer sequences, with synchronised and sequential visits.

Given the order of calls of every carer, the earliest start times satisfying

* travel and service along each round (waiting is allowed),
* visit earliest start times and shift starts,
* double-ups: both carers start at the same time (s_a = s_b),
* sequential visits: min_gap <= s_second - s_first <= max_gap,

form a system of difference constraints. Its least solution is found by repeated
relaxation (a Bellman-Ford longest path). The least solution minimises every start
time at once, hence the total and the maximum tardiness for the given sequences. A
positive cycle (e.g. carer 1 does A before B, carer 2 does B before A, and both are
double-ups) means the sequences cannot be synchronised: ``DeadlockError``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Break, BreakTaken, Carer, Plan, Problem, Route, Stop, Visit

Assignment = dict[str, list[tuple[str, int]]]  # carer id -> [(visit id, slot)]
EPS = 1e-7


class DeadlockError(ValueError):
    def __init__(self, visits: list[str]) -> None:
        super().__init__("sequences cannot be synchronised: " + ", ".join(visits[:10]))
        self.visits = visits


@dataclass
class _Node:
    visit: Visit | None
    slot: int
    location: int  # for a break: location of the previous call
    duration: float
    lower: float
    brk: Break | None = None


def _build_nodes(
    problem: Problem, carer: Carer, calls: list[tuple[str, int]], visits: dict[str, Visit]
) -> list[_Node]:
    nodes = []
    for vid, slot in calls:
        v = visits[vid]
        nodes.append(_Node(v, slot, v.location, v.duration_for(slot), v.earliest))
    return nodes


def _relax(
    problem: Problem,
    carers: list[Carer],
    routes: list[list[_Node]],
    starts: list[list[float]],
    links: list[tuple[int, int, int, int, float]],
) -> None:
    """Raise start times until all constraints hold. links: (r1, k1, r2, k2, w): s2 >= s1 + w."""
    dist_cache = {c.travel_mode: problem.travel.duration(c.travel_mode) for c in carers}
    n_nodes = sum(len(r) for r in routes)
    for _ in range(n_nodes + 5):
        changed = False
        for r, (carer, nodes) in enumerate(zip(carers, routes, strict=True)):
            if not nodes:
                continue
            tt = dist_cache[carer.travel_mode]
            s = starts[r]
            loc = carer.start_location
            t = carer.shift_start
            for k, node in enumerate(nodes):
                arrive = t + (0.0 if node.brk else float(tt[loc, node.location]))
                if arrive > s[k] + EPS:
                    s[k] = arrive
                    changed = True
                t = s[k] + node.duration
                loc = node.location
        for r1, k1, r2, k2, w in links:
            need = starts[r1][k1] + w
            if need > starts[r2][k2] + EPS:
                starts[r2][k2] = need
                changed = True
        if not changed:
            return
    stuck = [n.visit.id for r in routes for n in r if n.visit is not None]
    raise DeadlockError(stuck)


def _links(
    problem: Problem, routes: list[list[_Node]]
) -> list[tuple[int, int, int, int, float]]:
    where: dict[tuple[str, int], tuple[int, int]] = {}
    for r, nodes in enumerate(routes):
        for k, n in enumerate(nodes):
            if n.visit is not None:
                where[(n.visit.id, n.slot)] = (r, k)
    links: list[tuple[int, int, int, int, float]] = []
    for v in problem.visits:
        if v.carers_needed < 2:
            continue
        placed = [where[(v.id, s)] for s in range(v.carers_needed) if (v.id, s) in where]
        for a in placed:
            for b in placed:
                if a != b:
                    links.append((*a, *b, 0.0))
    for seq in problem.sequences:
        first = where.get((seq.first, 0))
        second = where.get((seq.second, 0))
        if first is None or second is None:
            continue
        links.append((*first, *second, seq.min_gap))
        links.append((*second, *first, -seq.max_gap))
    return links


def _insert_breaks(carer: Carer, nodes: list[_Node], starts: list[float]) -> None:
    """Place each break after the last call that ends before the break must start."""
    for brk in sorted(carer.breaks, key=lambda b: b.earliest, reverse=True):
        pos = 0
        for k, node in enumerate(nodes):
            if node.brk is None and starts[k] + node.duration <= brk.latest:
                pos = k + 1
        loc = nodes[pos - 1].location if pos > 0 else carer.start_location
        nodes.insert(pos, _Node(None, 0, loc, brk.duration, brk.earliest, brk))
        starts.insert(pos, brk.earliest)


def schedule(problem: Problem, assignment: Assignment, solver: str = "") -> Plan:
    """Time the given sequences exactly; returns a plan without unplanned visits."""
    visits = problem.visit_by_id()
    carers = problem.carers
    routes = [_build_nodes(problem, c, assignment.get(c.id, []), visits) for c in carers]
    starts = [[n.lower for n in nodes] for nodes in routes]
    _relax(problem, carers, routes, starts, _links(problem, routes))
    if any(c.breaks and nodes for c, nodes in zip(carers, routes, strict=True)):
        for r, c in enumerate(carers):
            if c.breaks and routes[r]:
                _insert_breaks(c, routes[r], starts[r])
        _relax(problem, carers, routes, starts, _links(problem, routes))
    out = []
    for r, carer in enumerate(carers):
        out.append(_make_route(problem, carer, routes[r], starts[r]))
    return Plan(routes=out, solver=solver)


def _make_route(problem: Problem, carer: Carer, nodes: list[_Node], s: list[float]) -> Route:
    tt = problem.travel.duration(carer.travel_mode)
    dd = problem.travel.distance
    route = Route(carer_id=carer.id, stops=[])
    if not any(n.visit is not None for n in nodes):
        route.departure = route.return_time = carer.shift_start
        return route
    loc = carer.start_location
    prev_end = None
    for k, node in enumerate(nodes):
        if node.brk is not None:
            route.breaks.append(BreakTaken(s[k], s[k] + node.duration))
            prev_end = s[k] + node.duration
            continue
        travel = float(tt[loc, node.location])
        if prev_end is None:
            route.departure = s[k] - travel  # leave home just in time
            prev_end = route.departure
        route.stops.append(Stop(node.visit.id, node.slot, prev_end + travel, s[k],  # type: ignore[union-attr]
                                s[k] + node.duration))
        route.distance += float(dd[loc, node.location])
        route.travel_time += travel
        loc = node.location
        prev_end = s[k] + node.duration
    back = float(tt[loc, carer.end])
    route.distance += float(dd[loc, carer.end])
    route.travel_time += back
    route.return_time = (prev_end or 0.0) + back
    return route


def assignment_of(plan: Plan) -> Assignment:
    return {r.carer_id: [(s.visit_id, s.slot) for s in r.stops] for r in plan.routes}
