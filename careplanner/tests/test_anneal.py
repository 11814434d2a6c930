"""The compiled annealer times plans exactly as the synchronised scheduler and evaluator do."""

from __future__ import annotations

import math
import random
import time

import numpy as np
import pytest

from careplanner import anneal
from careplanner.evaluate import evaluate
from careplanner.jobs import expand, objective
from careplanner.model import Carer, Problem, Sequence, Travel, Visit
from careplanner.repair import finalise
from careplanner.sync import Assignment, DeadlockError, schedule


def _problem(seed: int) -> Problem:
    rng = random.Random(seed)
    n = 14
    pts = np.array([[50.0, 50.0]] + [[rng.uniform(0, 100), rng.uniform(0, 100)] for _ in range(n)])
    matrix = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    skills = ["s1", "s2", "s3"]
    carers = [
        Carer("c1", 0, skills=frozenset({"s1", "s2"})),
        Carer("c2", 0, skills=frozenset({"s2", "s3"})),
        Carer("c3", 0, skills=frozenset({"s1", "s3"})),
        Carer("c4", 0, skills=frozenset(skills)),
    ]
    visits = []
    for i in range(n):
        early = rng.uniform(0, 200)
        need = frozenset({rng.choice(skills)})
        if i < 4:  # double-ups with a different skill per carer
            other = frozenset({rng.choice(skills)})
            visits.append(
                Visit(f"v{i}", i + 1, early, early + 30, 15, carers_needed=2, slot_skills=(need, other))
            )
        else:
            prefer = ("c1",) if i % 3 == 0 else ()
            visits.append(Visit(f"v{i}", i + 1, early, early + 30, 15, skills=need, preferred_carers=prefer))
    sequences = [Sequence("v4", "v5", 10, 20, distinct_carers=True), Sequence("v6", "v7", 0, 5)]
    return Problem(
        carers=carers,
        visits=visits,
        travel=Travel.same(matrix),
        sequences=sequences,
        allow_tardiness=True,
        allow_unplanned=False,
        continuity_weight=7.5,
    )


def _random_assignment(problem: Problem, rng: random.Random) -> Assignment:
    jobs = expand(problem)
    asg: Assignment = {c.id: [] for c in problem.carers}
    for v, slot in jobs.jobs:
        able = [problem.carers[i].id for i in jobs.capable[(v.id, slot)]]
        apart = jobs.apart.get(v.id, set()) | {v.id}
        free = [c for c in able if all(vid not in apart for vid, _ in asg[c])]
        asg[rng.choice(free)].append((v.id, slot))
    for calls in asg.values():
        rng.shuffle(calls)
    return asg


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kernel_cost_equals_exact_schedule_and_evaluator(seed: int) -> None:
    problem = _problem(seed)
    model = anneal.Model(problem, expand(problem))
    rng = random.Random(seed)
    deadlocks = late = 0
    for _ in range(150):
        asg = _random_assignment(problem, rng)
        kernel = anneal.cost(model, asg)
        try:
            plan = schedule(problem, asg)
        except DeadlockError:
            deadlocks += 1
            assert math.isinf(kernel)
            continue
        ev = evaluate(problem, plan)
        assert ev.feasible, ev.violations[:1]
        late += ev.total_tardiness > 0
        assert kernel == pytest.approx(objective(problem, ev), abs=1e-6)
    # the random plans exercise both deadlocked and late schedules
    assert deadlocks > 0 and late > 0


def test_annealing_improves_a_random_plan_and_the_evaluator_agrees() -> None:
    problem = _problem(4)
    jobs = expand(problem)
    rng = random.Random(4)
    while True:
        start = _random_assignment(problem, rng)
        if not math.isinf(anneal.cost(anneal.Model(problem, jobs), start)):
            break
    before = anneal.cost(anneal.Model(problem, jobs), start)
    anneal.warm_up()  # compiling is not searching: keep it out of the one second
    asg, stats = anneal.anneal(problem, jobs, start, time.perf_counter() + 1.0, seed=3)
    after = anneal.cost(anneal.Model(problem, jobs), asg)
    assert stats["moves"] > 1000
    assert after < 0.8 * before
    assert sorted(j for calls in asg.values() for j in calls) == sorted(
        j for calls in start.values() for j in calls
    )
    doing = {vid: cid for cid, calls in asg.items() for vid, _ in calls}
    assert doing["v4"] != doing["v5"]  # the parts of a distinct-carer sequence stay apart
    plan = finalise(problem, asg, jobs, "anneal", [])
    ev = evaluate(problem, plan)
    assert ev.feasible and not plan.unplanned
    assert objective(problem, ev) == pytest.approx(after, abs=1e-6)


def test_jobs_left_out_by_earlier_phases_are_inserted_first() -> None:
    problem = _problem(5)
    jobs = expand(problem)
    rng = random.Random(5)
    model = anneal.Model(problem, jobs)
    while True:
        start = _random_assignment(problem, rng)
        # leave out one single visit and one copy of a double-up
        start = {cid: [j for j in calls if j not in {("v9", 0), ("v1", 1)}] for cid, calls in start.items()}
        if not math.isinf(anneal.cost(model, start)):
            break
    anneal.warm_up()
    asg, stats = anneal.anneal(problem, jobs, start, time.perf_counter() + 0.3, seed=1)
    assert stats["inserted"] == 2
    placed = [j for calls in asg.values() for j in calls]
    assert ("v9", 0) in placed and ("v1", 1) in placed and len(placed) == len(jobs.jobs)
    ev = evaluate(problem, finalise(problem, asg, jobs, "anneal", []))
    assert ev.feasible and ev.planned_visits == len(problem.visits)
