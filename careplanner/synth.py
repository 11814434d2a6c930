"""Synthetic branch day generator (realistic shape, fixed seed) and its planning run."""

from __future__ import annotations

import math
import random
import time
from collections import Counter

from .evaluate import evaluate
from .model import Break, Carer, Problem, TravelMode, Visit
from .params import SolveParams, Solver
from .solve import solve
from .travel import HaversineProvider

CENTRE = (52.9548, -1.1581)  # a mid-sized English town centre
CALL_WINDOWS = [(7 * 60, 10 * 60), (11 * 60 + 30, 13 * 60 + 30), (16 * 60, 18 * 60), (19 * 60, 21 * 60 + 30)]


def _near(rng: random.Random, centre: tuple[float, float], radius_km: float) -> tuple[float, float]:
    r = radius_km * rng.random() ** 0.5
    a = rng.uniform(0, 2 * math.pi)
    return (
        centre[0] + r / 111.0 * math.cos(a),
        centre[1] + r / (111.0 * math.cos(math.radians(centre[0]))) * math.sin(a),
    )


def branch_day(
    visits: int = 1000,
    carers: int = 80,
    double_ups: float = 0.1,
    seed: int = 0,
    radius_km: float = 6.0,
    patches: int = 10,
) -> Problem:
    """A branch covering ``patches`` neighbourhoods; carers live and work in their patch."""
    rng = random.Random(seed)
    hubs = [_near(rng, CENTRE, radius_km) for _ in range(patches)]
    homes = [_near(rng, hubs[k % patches], 1.5) for k in range(carers)]
    calls_at = [_near(rng, rng.choice(hubs), 1.5) for _ in range(visits)]
    travel = HaversineProvider().matrix(homes + calls_at)
    team = []
    for k in range(carers):
        # 20% early shifts, 20% late shifts, 60% long split days (paid 07:00-22:00)
        kind = k % 5
        start, end = [
            (7 * 60, 14 * 60 + 30),
            (14 * 60 + 30, 22 * 60),
            (7 * 60, 22 * 60),
            (7 * 60, 22 * 60),
            (7 * 60, 22 * 60),
        ][kind]
        mode: TravelMode = "car" if k % 10 < 8 else ("walking" if k % 10 == 8 else "bicycle")
        skills = {"personal_care"}
        if rng.random() < 0.7:
            skills.add("medication")
        if rng.random() < 0.5:
            skills.add("hoist")
        breaks = (Break(12 * 60, 14 * 60 + 30, 30),) if end - start > 8 * 60 else ()
        team.append(
            Carer(
                id=f"carer{k + 1:03d}",
                start_location=k,
                shift_start=start,
                shift_end=end,
                skills=frozenset(skills),
                travel_mode=mode,
                max_travel_between_calls=30.0,
                max_working_time=None if kind >= 2 else 8 * 60,
                breaks=breaks,
            )
        )
    calls = []
    for i in range(visits):
        lo, hi = rng.choice(CALL_WINDOWS)
        early = rng.randrange(lo, hi - 30, 15)
        width = rng.choice([45, 60, 60, 90])
        dbl = rng.random() < double_ups
        skills = {"personal_care"}
        if dbl:
            skills.add("hoist")
        elif rng.random() < 0.25:
            skills.add("medication")
        prefs = tuple(rng.sample([c.id for c in team], 2)) if rng.random() < 0.5 else ()
        calls.append(
            Visit(
                id=f"visit{i + 1:04d}",
                location=carers + i,
                earliest=early,
                latest=early + width,
                duration=rng.choice([15, 30, 30, 30, 45]),
                skills=frozenset(skills),
                carers_needed=2 if dbl else 1,
                time_critical="medication" in skills,
                preferred_carers=prefs,
            )
        )
    return Problem(
        carers=team,
        visits=calls,
        travel=travel,
        allow_unplanned=True,
        continuity_weight=0.5,
        travel_limit_penalty=1.0,
        name=f"synth-{seed}",
    )


def run_synth(
    visits: int, carers: int, double_ups: float, seconds: float, seed: int, solver: Solver = "pyvrp"
) -> int:
    t0 = time.perf_counter()
    problem = branch_day(visits, carers, double_ups, seed)
    t1 = time.perf_counter()
    plan = solve(problem, SolveParams(seconds=seconds, seed=seed, solver=solver))
    ev = evaluate(problem, plan)
    total = time.perf_counter() - t0
    dbl = sum(v.carers_needed > 1 for v in problem.visits)
    reasons = Counter(u.reason for u in plan.unplanned)
    print(f"synthetic day: {visits} visits ({dbl} double-ups), {carers} carers, seed {seed}")
    print(f"generate+matrix {t1 - t0:.1f}s, solve {plan.runtime:.1f}s, total wall {total:.1f}s")
    print(
        f"feasible={ev.feasible} violations={len(ev.violations)} planned={ev.planned_visits} "
        f"unplanned={ev.unplanned_visits} routes={ev.routes_used} "
        f"distance_km={ev.distance:.1f} travel_min={ev.travel_time:.0f} "
        f"continuity_hits={ev.continuity_hits}"
    )
    for reason, n in reasons.most_common():
        print(f"  unplanned x{n}: {reason}")
    for v in ev.violations[:5]:
        print(f"  violation {v.kind}: {v.detail}")
    return 0 if ev.feasible else 1
