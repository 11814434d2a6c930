"""Benchmark runner: solve each instance, check it with the evaluator, compare to the best known.

Gap to the best known solution (BKS), per instance, in percent:

* ``distance`` objective (and the HHCRSP cost): ``100 * (value - bks) / bks``.
* ``hierarchical`` objective (fewest vehicles first, then distance) is compared
  lexicographically. With ``dist_gap = 100 * (distance - bks_distance) / bks_distance`` and
  ``vehicle_gap = 100 * (routes - bks_routes) / bks_routes``:

  - same number of routes as the BKS: ``gap = dist_gap``;
  - more routes than the BKS: ``gap = max(dist_gap, vehicle_gap)``, always positive. A
    shorter distance bought with extra vehicles is never a gain, and each extra
    vehicle costs at least its share of the BKS fleet;
  - fewer routes than the BKS (better on the first objective):
    ``gap = min(dist_gap, vehicle_gap)``, always negative.

  Each row also shows ``veh_diff = routes - bks_routes`` and the plain ``dist_gap``. The
  summary gives ``mean_gap`` (the gap above, over all instances), how many instances
  used more / the same / fewer vehicles than the BKS, the mean ``dist_gap`` over all
  instances and over those with the same number of vehicles, and the vehicle and
  distance totals (CNV / CTD) against the BKS totals.

With ``solutions`` (``--solutions DIR``) each plan is also written in its family's public format,
named after its instance so that the community's tools find it: ``<instance>.json`` in the JSON
solution format of the home health care instances' authors (iolab-uniud/hhcrsp, checked by their
``validator.py check-solution``), ``<instance>.sol`` in the VRPLIB route format read by ``vrplib``
and ``pyvrp.read_solution`` for Solomon and Gehring-Homberger.
"""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from .evaluate import evaluate
from .formats import FormatError, instance_name
from .formats.bks import BestTable, lookup, read_bks
from .formats.hhcrsp import hhcrsp_solution, read_hhcrsp
from .formats.solomon import read_solomon, sol_text
from .model import Plan, Problem
from .params import SolveParams, Solver
from .solve import solve


@dataclass
class BenchRow:
    instance: str
    solver: str
    feasible: bool
    violations: int
    objective: float
    distance: float
    total_tardiness: float
    max_tardiness: float
    routes: int
    runtime: float
    bks: float | None
    bks_routes: int | None
    gap_pct: float | None
    first_violation: str = ""
    vehicle_diff: int | None = None  # routes - bks_routes (hierarchical objective only)
    dist_gap_pct: float | None = None  # distance-only gap (hierarchical objective only)


def gap_pct(value: float, best: float, routes: int | None = None, best_routes: int | None = None) -> float:
    """Gap in percent to the best known; lexicographic when both route counts are given.

    See the module docstring: with more routes than the best known the gap is at least
    the relative vehicle excess and never negative; with fewer it is never positive.
    """
    dist_gap = 100.0 * (value - best) / best
    if routes is None or best_routes is None or routes == best_routes:
        return dist_gap
    vehicle_gap = 100.0 * (routes - best_routes) / max(best_routes, 1)
    return max(dist_gap, vehicle_gap) if routes > best_routes else min(dist_gap, vehicle_gap)


def load(fmt: str, path: str | Path, objective: str) -> Problem:
    if fmt == "solomon":
        p = read_solomon(path)
        p.minimise_carers = objective == "hierarchical"
        return p
    if fmt == "hhcrsp":
        return read_hhcrsp(path)
    raise ValueError(f"unknown format {fmt!r}")


def run_one(
    fmt: str,
    path: str | Path,
    seconds: float,
    solver: Solver,
    seed: int,
    objective: str,
    bks: BestTable | None,
    problem: Problem | None = None,
    solutions: Path | None = None,
) -> BenchRow:
    problem = problem or load(fmt, path, objective)
    plan = solve(problem, SolveParams(seconds=seconds, seed=seed, solver=solver))
    ev = evaluate(problem, plan)
    if solutions is not None:
        write_solution(fmt, problem, plan, solutions / instance_name(path), ev.distance)
    value = ev.mankowska_cost if fmt == "hhcrsp" else ev.distance
    kind = "mankowska" if fmt == "hhcrsp" else objective
    best = lookup(bks, kind, instance_name(path)) if bks else None
    gap, dist_gap, vehicle_diff = None, None, None
    if best is not None:
        gap = gap_pct(value, best.value)
        if kind == "hierarchical" and best.vehicles is not None:
            dist_gap, vehicle_diff = gap, ev.routes_used - best.vehicles
            gap = gap_pct(value, best.value, ev.routes_used, best.vehicles)
    return BenchRow(
        instance=instance_name(path),
        solver=solver,
        feasible=ev.feasible,
        violations=len(ev.violations),
        objective=round(value, 3),
        distance=round(ev.distance, 3),
        total_tardiness=round(ev.total_tardiness, 3),
        max_tardiness=round(ev.max_tardiness, 3),
        routes=ev.routes_used,
        runtime=round(plan.runtime, 2),
        bks=best.value if best else None,
        bks_routes=best.vehicles if best else None,
        gap_pct=round(gap, 3) if gap is not None else None,
        first_violation=f"{ev.violations[0].kind}: {ev.violations[0].detail}" if ev.violations else "",
        vehicle_diff=vehicle_diff,
        dist_gap_pct=round(dist_gap, 3) if dist_gap is not None else None,
    )


def write_solution(fmt: str, problem: Problem, plan: Plan, stem: Path, distance: float) -> Path:
    """Write ``plan`` next to ``stem`` in its family's public format; returns the file written."""
    if fmt == "hhcrsp":
        path = stem.with_name(stem.name + ".json")
        path.write_text(json.dumps(hhcrsp_solution(problem, plan), indent=1) + "\n", encoding="utf-8")
    else:
        path = stem.with_name(stem.name + ".sol")
        path.write_text(sol_text(problem, plan, distance), encoding="utf-8")
    return path


def run(
    fmt: str,
    files: list[str],
    seconds: float,
    solver: Solver = "pyvrp",
    seed: int = 0,
    objective: str = "distance",
    bks_file: str | None = None,
    as_json: bool = False,
    out: TextIO = sys.stdout,
    solutions: str | Path | None = None,
) -> list[BenchRow]:
    bks = read_bks(bks_file) if bks_file else None
    solutions_dir = Path(solutions) if solutions is not None else None
    bad, problems = [], {}
    for f in files:  # every file is read before any is solved: one bad file stops the run
        try:
            problems[f] = load(fmt, f, objective)
        except OSError as err:
            bad.append(f"{f}: {err.strerror or err}")
        except FormatError as err:
            bad.extend(f"{f}: {p}" for p in err.problems)
    if bad:
        raise FormatError(bad)
    if solutions_dir is not None:
        solutions_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    if not as_json:
        print(
            f"{'instance':28} {'solver':7} {'feas':5} {'objective':>10} {'distance':>10} "
            f"{'tot_tard':>9} {'max_tard':>9} {'routes':>6} {'bks':>10} {'bks_r':>5} "
            f"{'gap%':>7} {'veh+':>4} {'dgap%':>7} {'secs':>6}",
            file=out,
            flush=True,
        )
    for f in files:
        row = run_one(fmt, f, seconds, solver, seed, objective, bks, problems[f], solutions_dir)
        rows.append(row)
        if as_json:
            print(json.dumps(asdict(row)), file=out, flush=True)
        else:
            print(
                f"{row.instance:28} {row.solver:7} {row.feasible!s:5} {row.objective:10.2f} "
                f"{row.distance:10.2f} {row.total_tardiness:9.2f} {row.max_tardiness:9.2f} "
                f"{row.routes:6d} {_f(row.bks, 10)} {_f(row.bks_routes, 5)} "
                f"{_f(row.gap_pct, 7)} {_f(row.vehicle_diff, 4, signed=True)} {_f(row.dist_gap_pct, 7)} "
                f"{row.runtime:6.1f} {row.first_violation}",
                file=out,
                flush=True,
            )
    print(summary(rows), file=out, flush=True)
    return rows


def summary(rows: list[BenchRow]) -> str:
    gaps = [r.gap_pct for r in rows if r.gap_pct is not None]
    feas = sum(r.feasible for r in rows)
    mean = f"{statistics.fmean(gaps):.3f}%" if gaps else "n/a"
    routes = sum(r.routes for r in rows)
    bks_routes = sum(r.bks_routes or 0 for r in rows)
    out = (
        f"SUMMARY instances={len(rows)} feasible={feas} mean_gap={mean} "
        f"routes={routes} bks_routes={bks_routes} "
        f"mean_objective={statistics.fmean([r.objective for r in rows]) if rows else 0:.3f}"
    )
    hier = [r for r in rows if r.vehicle_diff is not None and r.dist_gap_pct is not None]
    if hier:
        more = sum(r.vehicle_diff > 0 for r in hier if r.vehicle_diff is not None)
        fewer = sum(r.vehicle_diff < 0 for r in hier if r.vehicle_diff is not None)
        equal = [r.dist_gap_pct for r in hier if r.vehicle_diff == 0 and r.dist_gap_pct is not None]
        dist_all = [r.dist_gap_pct for r in hier if r.dist_gap_pct is not None]
        ctd = sum(r.distance for r in hier)
        bks_ctd = sum(r.bks or 0.0 for r in hier)
        out += (
            f"\nHIERARCHICAL instances={len(hier)} vehicles_more={more} vehicles_equal={len(equal)} "
            f"vehicles_fewer={fewer} extra_vehicles={sum(r.vehicle_diff or 0 for r in hier)} "
            f"mean_dist_gap_all={_pct(dist_all)} mean_dist_gap_equal_vehicles={_pct(equal)} "
            f"CNV={sum(r.routes for r in hier)}/{sum(r.bks_routes or 0 for r in hier)} "
            f"CTD={ctd:.2f}/{bks_ctd:.2f}"
        )
    return out


def _pct(xs: list[float]) -> str:
    return f"{statistics.fmean(xs):.3f}%" if xs else "n/a"


def _f(x: float | int | None, w: int, signed: bool = False) -> str:
    if x is None:
        return "-".rjust(w)
    if isinstance(x, float):
        return f"{x:{w}.2f}"
    return f"{x:+{w}d}" if signed else f"{x:{w}d}"
