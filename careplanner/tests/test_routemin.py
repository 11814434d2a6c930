"""Route minimisation by the ejection pool: exact ejection search, feasible squeeze, no call lost."""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter

import numpy as np
import pytest

from careplanner import routemin
from careplanner.evaluate import evaluate
from careplanner.formats.solomon import read_solomon
from careplanner.jobs import expand
from careplanner.model import Break, Carer, Problem, Travel, Visit
from careplanner.solver_pyvrp import solve_pyvrp
from careplanner.sync import schedule


def _vrptw(seed: int, n: int = 24, capacity: int = 40, width: float = 60.0) -> Problem:
    rng = random.Random(seed)
    pts = np.array([[50.0, 50.0]] + [[rng.uniform(0, 100), rng.uniform(0, 100)] for _ in range(n)])
    matrix = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    visits = []
    for i in range(n):
        early = rng.uniform(0, 300)
        visits.append(Visit(f"v{i}", i + 1, early, early + width, 10, demand=rng.randint(1, 10)))
    carers = [Carer(f"c{k}", 0, shift_start=0, shift_end=600, capacity=capacity) for k in range(n)]
    return Problem(carers=carers, visits=visits, travel=Travel.same(matrix), allow_unplanned=False)


def _one_call_each(problem: Problem) -> dict[str, list[tuple[str, int]]]:
    return {c.id: [(v.id, 0)] for c, v in zip(problem.carers, problem.visits, strict=False)}


def test_applies_only_to_alike_carers_and_plain_calls() -> None:
    problem = _vrptw(1)
    assert routemin.applies(problem, expand(problem))
    two = Visit("two", 1, 0, 500, 10, carers_needed=2)
    double = Problem(problem.carers, [*problem.visits, two], problem.travel)
    assert not routemin.applies(double, expand(double))
    carers = [problem.carers[0], Carer("x", 0, shift_end=600, capacity=40, breaks=(Break(0, 100, 10),))]
    on_break = Problem(carers, problem.visits, problem.travel)
    assert not routemin.applies(on_break, expand(on_break))
    other_home = Problem(
        [problem.carers[0], Carer("y", 3, shift_end=600, capacity=40)], problem.visits, problem.travel
    )
    assert not routemin.applies(other_home, expand(other_home))


def _ejection_case(seed: int) -> tuple[int, int]:
    """One round built feasible, one more call to insert: DFS result against brute force.

    Returns (cheapest sum of counters, number of calls ejected) of the brute force.
    """
    rng = random.Random(seed)
    problem = _vrptw(seed, n=10, capacity=rng.randint(20, 45), width=rng.uniform(30.0, 120.0))
    probe = routemin._State(problem, {"c0": [("v0", 0)]})
    tt, _, early, late, s, q, cap, tend = probe.args()
    route: list[int] = []
    for c in sorted(range(1, 10), key=lambda c: early[c]):  # calls 1..9 by window, if they fit
        trial = np.array([*route, c], dtype=np.int64)
        if routemin._seq_ok(trial, len(trial), tt, early, late, s, q, cap, tend):
            route.append(c)
    st = routemin._State(problem, {"c0": [(f"v{c - 1}", 0) for c in route]})
    v = 10  # the tenth call, never in the round
    pen = np.array([1] + [rng.randint(1, 6) for _ in range(10)], dtype=np.int64)
    kmax = 3
    out = np.empty(routemin.K_MAX + 1, dtype=np.int64)
    a = np.empty(st.R.shape[1])
    z = np.empty(st.R.shape[1])
    got, pos = routemin._eject_search(  # no budget: every search node may be visited
        v, 0, kmax, 1 << 60, st.R, st.L, st.load, pen, tt, early, late, s, q, cap, tend, a, z, out, 10**9
    )
    best, size = 1 << 60, -1
    for p in range(len(route) + 1):
        seq = [*route[:p], v, *route[p:]]
        others = [i for i in range(len(seq)) if seq[i] != v]
        for k in range(kmax + 1):
            for gone in itertools.combinations(others, k):
                kept = np.array([c for i, c in enumerate(seq) if i not in gone], dtype=np.int64)
                cost = sum(int(pen[seq[i]]) for i in gone)
                if cost < best and routemin._seq_ok(kept, len(kept), tt, early, late, s, q, cap, tend):
                    best, size = cost, k
    assert got == best, f"seed {seed}"
    if best < 1 << 60:  # the ejection it names is feasible and costs what it says
        seq = [*route[:pos], v, *route[pos:]]
        ejected = {int(x) for x in out[: list(out).index(-1)]}
        assert v not in {seq[i] for i in ejected}
        kept = np.array([c for i, c in enumerate(seq) if i not in ejected], dtype=np.int64)
        assert routemin._seq_ok(kept, len(kept), tt, early, late, s, q, cap, tend)
        assert sum(int(pen[seq[i]]) for i in ejected) == best
    return best, size


def test_ejection_search_finds_the_cheapest_feasible_ejection() -> None:
    """The pruned depth-first search agrees with trying every position and every subset."""
    sizes = Counter(_ejection_case(seed)[1] for seed in range(60))
    # the cases cover plain insertions, ejections of one to three calls and no way at all
    assert sizes[0] and sizes[1] and sizes[2] and sizes[-1], sizes


@pytest.mark.parametrize("seed", range(4))
def test_squeeze_leaves_a_feasible_plan_or_the_plan_it_was_given(seed: int) -> None:
    problem = _vrptw(seed, n=30, capacity=45)
    rng = random.Random(seed)
    ids = [v.id for v in problem.visits[:-1]]
    rng.shuffle(ids)
    # rounds built greedily so that each one is feasible
    asg: dict[str, list[tuple[str, int]]] = {}
    for vid in ids:
        for cid in [c.id for c in problem.carers]:
            trial = [*asg.get(cid, []), (vid, 0)]
            trial.sort(key=lambda j: problem.visit_by_id()[j[0]].earliest)
            if evaluate(problem, schedule(problem, {cid: trial})).violations == []:
                asg[cid] = trial
                break
    st = routemin._State(problem, asg)
    v = len(problem.visits)  # the last call, left out above
    before = (st.R.copy(), st.L.copy())
    tt, dist, early, late, s, q, cap, tend = st.args()
    ok = routemin._squeeze(v, st.R, st.L, st.load, st.active, st.near, tt, dist, early, late, s, q, cap, tend)
    live = [r for r in range(len(st.L)) if st.L[r]]
    if ok:
        placed = Counter(int(c) for r in live for c in st.R[r, : st.L[r]])
        assert placed == Counter(range(1, len(problem.visits) + 1))
        for r in live:
            kept = st.R[r, : st.L[r]]
            assert routemin._seq_ok(kept, len(kept), tt, early, late, s, q, cap, tend)
    else:
        assert np.array_equal(st.L, before[1])
        for r in live:
            assert np.array_equal(st.R[r, : st.L[r]], before[0][r, : before[1][r]])


@pytest.mark.parametrize("seed", range(3))
def test_elimination_keeps_every_call_and_the_plan_feasible(seed: int) -> None:
    problem = _vrptw(seed, n=24)
    routemin.warm_up()
    asg = _one_call_each(problem)
    rounds = len(asg)
    for step in range(6):
        got = routemin.eliminate(problem, asg, time.perf_counter() + 5.0, seed * 10 + step)
        assert got is not None
        assert len([c for c in got.values() if c]) == rounds - 1
        calls = Counter(j for c in got.values() for j in c)
        assert calls == Counter((v.id, 0) for v in problem.visits)
        assert evaluate(problem, schedule(problem, got)).violations == []
        asg, rounds = got, rounds - 1


def test_hierarchical_solve_reaches_the_fewest_vehicles_known_on_r101(shared) -> None:
    """R101: 19 vehicles is the hierarchical best known; the distance-only best uses 20."""
    problem = read_solomon(shared / "vrptw_solomon_homberger" / "solomon" / "R101.txt")
    problem.minimise_carers = True
    routemin.warm_up()
    plan = solve_pyvrp(problem, 6.0, seed=1)
    ev = evaluate(problem, plan)
    assert ev.violations == [] and not plan.unplanned
    assert len(plan.used_routes()) == 19
