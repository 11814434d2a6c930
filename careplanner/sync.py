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

from collections import deque
from dataclasses import dataclass

from .exceptions import DeadlockError
from .model import Break, BreakTaken, Carer, Plan, Problem, Route, Stop, Visit

Assignment = dict[str, list[tuple[str, int]]]  # carer id -> [(visit id, slot)]
EPS = 1e-7


@dataclass
class _Node:
    visit: Visit | None
    slot: int
    location: int  # for a break: location of the previous call
    duration: float
    lower: float
    brk: Break | None = None


def _first_visit(route: list[_Node]) -> str:
    return next((n.visit.id for n in route if n.visit is not None), "")


def _build_nodes(
    problem: Problem, carer: Carer, calls: list[tuple[str, int]], visits: dict[str, Visit]
) -> list[_Node]:
    nodes = []
    for vid, slot in calls:
        v = visits[vid]
        nodes.append(_Node(v, slot, v.location, v.duration_for(slot), v.earliest))
    return nodes


def least_starts(
    lower: list[float],
    edges: list[list[tuple[int, float]]],
    same: list[list[int]],
    gaps: list[tuple[int, int, float, float]],
    names: dict[int, str] | None = None,
) -> list[float]:
    """Least solution of s_j >= s_i + w (edges), s >= lower, equal starts within ``same``,
    and min <= s_b - s_a <= max for ``gaps`` (a, b, min, max).

    Nodes starting together are merged; rounds and min gaps form a graph that is acyclic
    unless the sequences deadlock, so one pass in topological order (Kahn) solves it.
    Max gaps point backwards: the few first parts they delay are then propagated by
    label correcting. Raises DeadlockError on a cycle.
    """
    n = len(lower)
    rep = list(range(n))
    for members in same:
        for m in members[1:]:
            rep[m] = members[0]
    base = [0.0] * n
    for i in range(n):
        r = rep[i]
        if lower[i] > base[r]:
            base[r] = lower[i]
    out: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    indeg = [0] * n
    for i in range(n):
        ri = rep[i]
        for j, w in edges[i]:
            rj = rep[j]
            out[ri].append((rj, w))
            indeg[rj] += 1
    for a, b, lo_gap, _ in gaps:
        out[rep[a]].append((rep[b], lo_gap))
        indeg[rep[b]] += 1
    n_rep = sum(1 for i in range(n) if rep[i] == i)
    s = base
    roots = [i for i in range(n) if rep[i] == i and indeg[i] == 0]
    done = 0
    while roots:
        u = roots.pop()
        done += 1
        su = s[u]
        for v, w in out[u]:
            if su + w > s[v]:
                s[v] = su + w
            indeg[v] -= 1
            if indeg[v] == 0:
                roots.append(v)
    if done < n_rep:
        stuck = {i for i in range(n) if indeg[rep[i]] > 0}
        raise DeadlockError(sorted({(names or {}).get(i, str(i)) for i in stuck}))
    backs = [(rep[a], rep[b], hi_gap) for a, b, _, hi_gap in gaps]
    for a, b, hi_gap in backs:
        out[b].append((a, -hi_gap))
    queue = deque(b for a, b, hi_gap in backs if s[b] - s[a] > hi_gap + EPS)
    queued = [False] * n
    for b in queue:
        queued[b] = True
    pushes, limit = 0, 20 * n + 100
    while queue:
        u = queue.popleft()
        queued[u] = False
        su = s[u]
        for v, w in out[u]:
            if su + w > s[v] + EPS:
                s[v] = su + w
                if not queued[v]:
                    queued[v] = True
                    queue.append(v)
                    pushes += 1
        if pushes > limit:
            raise DeadlockError(sorted({(names or {}).get(i, str(i)) for i in range(n) if queued[rep[i]]}))
    return [s[rep[i]] for i in range(n)]


def _relax(
    problem: Problem,
    carers: list[Carer],
    routes: list[list[_Node]],
    starts: list[list[float]],
    links: list[tuple[int, int, int, int, float]],
) -> None:
    """Set ``starts`` to the least schedule of the given rounds (see least_starts)."""
    ids: list[list[int]] = []
    lower: list[float] = []
    edges: list[list[tuple[int, float]]] = []
    names: dict[int, str] = {}
    for carer, nodes in zip(carers, routes, strict=True):
        tt = problem.travel.as_lists(carer.travel_mode)
        here = carer.start_location
        row = []
        for k, node in enumerate(nodes):
            i = len(lower)
            row.append(i)
            travel = 0.0 if node.brk else tt[here][node.location]
            if k == 0:
                lower.append(max(node.lower, carer.shift_start + travel))
            else:
                lower.append(node.lower)
                edges[i - 1].append((i, nodes[k - 1].duration + travel))
            edges.append([])
            if node.visit is not None:
                names[i] = node.visit.id
            here = node.location
        ids.append(row)
    same: list[list[int]] = []
    gaps: list[tuple[int, int, float, float]] = []
    pairs: dict[tuple[int, int], float] = {}
    for r1, k1, r2, k2, w in links:
        pairs[(ids[r1][k1], ids[r2][k2])] = w
    seen: set[tuple[int, int]] = set()
    for (a, b), w in pairs.items():
        if (a, b) in seen:
            continue
        back = pairs.get((b, a))
        seen |= {(a, b), (b, a)}
        if w == 0.0 and back == 0.0:
            same.append([a, b])
        elif back is not None and w >= 0 >= back:
            gaps.append((a, b, w, -back))
        elif back is not None:
            gaps.append((b, a, back, -w))
    s = least_starts(lower, edges, _merge(same), gaps, names)
    for r, row in enumerate(ids):
        for k, i in enumerate(row):
            starts[r][k] = s[i]


def _merge(pairs: list[list[int]]) -> list[list[int]]:
    """Union of overlapping groups (a visit needing three carers links three nodes)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in pairs:
        for m in group[1:]:
            parent[find(m)] = find(group[0])
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return [g for g in groups.values() if len(g) > 1]


def _links(problem: Problem, routes: list[list[_Node]]) -> list[tuple[int, int, int, int, float]]:
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
    tt = problem.travel.as_lists(carer.travel_mode)
    dd = problem.travel.as_lists(None)
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
        travel = tt[loc][node.location]
        if prev_end is None:
            route.departure = s[k] - travel  # leave home just in time
            prev_end = route.departure
        elif not route.stops:
            route.departure = s[0]  # break taken at home before the first call
        route.stops.append(
            Stop(
                node.visit.id,  # type: ignore[union-attr]
                node.slot,
                prev_end + travel,
                s[k],
                s[k] + node.duration,
            )
        )
        route.distance += dd[loc][node.location]
        route.travel_time += travel
        loc = node.location
        prev_end = s[k] + node.duration
    back = tt[loc][carer.end]
    route.distance += dd[loc][carer.end]
    route.travel_time += back
    route.return_time = (prev_end or 0.0) + back
    return route


def assignment_of(plan: Plan) -> Assignment:
    return {r.carer_id: [(s.visit_id, s.slot) for s in r.stops] for r in plan.routes}
