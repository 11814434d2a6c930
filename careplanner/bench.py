"""Benchmark runner: solve each instance, check it with the evaluator, compare to the best known."""

from __future__ import annotations

import json
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from .evaluate import evaluate
from .formats import instance_name
from .formats.bks import BestTable, lookup, read_bks
from .formats.hhcrsp import read_hhcrsp
from .formats.solomon import read_solomon
from .model import Problem
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


def load(fmt: str, path: str | Path, objective: str) -> Problem:
    if fmt == "solomon":
        p = read_solomon(path)
        p.minimise_carers = objective == "hierarchical"
        return p
    if fmt == "hhcrsp":
        return read_hhcrsp(path)
    raise ValueError(f"unknown format {fmt!r}")


def run_one(
    fmt: str, path: str | Path, seconds: float, solver: str, seed: int, objective: str, bks: BestTable | None
) -> BenchRow:
    problem = load(fmt, path, objective)
    plan = solve(problem, seconds=seconds, seed=seed, solver=solver)
    ev = evaluate(problem, plan)
    value = ev.mankowska_cost if fmt == "hhcrsp" else ev.distance
    kind = "mankowska" if fmt == "hhcrsp" else objective
    best = lookup(bks, kind, instance_name(path)) if bks else None
    gap = 100.0 * (value - best.value) / best.value if best else None
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
    )


def run(
    fmt: str,
    files: list[str],
    seconds: float,
    solver: str = "pyvrp",
    seed: int = 0,
    objective: str = "distance",
    bks_file: str | None = None,
    as_json: bool = False,
    out: TextIO = sys.stdout,
) -> list[BenchRow]:
    bks = read_bks(bks_file) if bks_file else None
    rows = []
    if not as_json:
        print(
            f"{'instance':28} {'solver':7} {'feas':5} {'objective':>10} {'distance':>10} "
            f"{'tot_tard':>9} {'max_tard':>9} {'routes':>6} {'bks':>10} {'bks_r':>5} "
            f"{'gap%':>7} {'secs':>6}",
            file=out,
            flush=True,
        )
    for f in files:
        row = run_one(fmt, f, seconds, solver, seed, objective, bks)
        rows.append(row)
        if as_json:
            print(json.dumps(asdict(row)), file=out, flush=True)
        else:
            print(
                f"{row.instance:28} {row.solver:7} {row.feasible!s:5} {row.objective:10.2f} "
                f"{row.distance:10.2f} {row.total_tardiness:9.2f} {row.max_tardiness:9.2f} "
                f"{row.routes:6d} {_f(row.bks, 10)} {_f(row.bks_routes, 5)} "
                f"{_f(row.gap_pct, 7)} {row.runtime:6.1f} {row.first_violation}",
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
    return (
        f"SUMMARY instances={len(rows)} feasible={feas} mean_gap={mean} "
        f"routes={routes} bks_routes={bks_routes} "
        f"mean_objective={statistics.fmean([r.objective for r in rows]) if rows else 0:.3f}"
    )


def _f(x: float | int | None, w: int) -> str:
    if x is None:
        return "-".rjust(w)
    return f"{x:{w}.2f}" if isinstance(x, float) else f"{x:{w}d}"
