"""Plans written in the public solution formats read back with the community's own tools.

Solomon / Gehring-Homberger: the VRPLIB ``.sol`` route format, read back by ``vrplib`` and by
PyVRP (whose own distance must equal the runner's). Home health care (Mankowska): the JSON
solution format of the instances' authors (iolab-uniud/hhcrsp); their validator needs pandas,
scipy, click and pyparsing and is not vendored here, so these tests check the fields it reads
and recompute its cost by its rules (the validator itself was run by hand: docs/adr/0012).
"""

from __future__ import annotations

import gzip
import io
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import vrplib

from careplanner import Plan, Problem, SolveParams, evaluate, solve
from careplanner.bench import run, write_solution
from careplanner.formats.hhcrsp import read_hhcrsp, read_hhcrsp_solution
from careplanner.formats.solomon import read_solomon

from .conftest import SHARED

C101 = SHARED / "vrptw_solomon_homberger" / "solomon" / "C101.txt"
HHC = SHARED / "hhcrsp_mankowska" / "instances" / "InstanzCPLEX_HCSRP_10_1.json.gz"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared benchmark data not found at {SHARED}")
pytestmark = needs_shared


@pytest.fixture(scope="module")
def c101() -> tuple[Problem, Plan]:
    problem = read_solomon(C101)
    return problem, solve(problem, SolveParams(seconds=1, seed=0))


@pytest.fixture(scope="module")
def hhc() -> tuple[Problem, Plan, dict[str, Any]]:
    problem = read_hhcrsp(HHC)
    return (
        problem,
        solve(problem, SolveParams(seconds=1, seed=0)),
        json.loads(gzip.decompress(HHC.read_bytes())),
    )


def _written(tmp_path: Path, fmt: str, problem: Problem, plan: Plan) -> Path:
    return write_solution(fmt, problem, plan, tmp_path / problem.name, evaluate(problem, plan).distance)


def test_sol_routes_read_back_by_vrplib_are_the_plans_routes(c101, tmp_path):
    problem, plan = c101
    sol = vrplib.read_solution(str(_written(tmp_path, "solomon", problem, plan)))
    where = {v.id: v.location for v in problem.visits}
    assert sol["routes"] == [[where[s.visit_id] for s in r.stops] for r in plan.used_routes()]


def test_sol_cost_is_the_runners_distance(c101, tmp_path):
    problem, plan = c101
    sol = vrplib.read_solution(str(_written(tmp_path, "solomon", problem, plan)))
    assert sol["cost"] == round(evaluate(problem, plan).distance, 3)


def _pyvrp_data(tmp_path: Path) -> Any:
    """C101 as PyVRP reads it: converted to VRPLIB by vrplib, read by pyvrp (distances x 1000)."""
    import pyvrp

    inst = vrplib.read_instance(str(C101), instance_format="solomon")
    path = tmp_path / "C101.vrp"
    vrplib.write_instance(
        str(path),
        {
            "NAME": "C101",
            "TYPE": "VRPTW",
            "DIMENSION": len(inst["node_coord"]),
            "VEHICLES": inst["vehicles"],
            "CAPACITY": inst["capacity"],
            "EDGE_WEIGHT_TYPE": "EUC_2D",
            "NODE_COORD_SECTION": inst["node_coord"],
            "DEMAND_SECTION": inst["demand"],
            "TIME_WINDOW_SECTION": inst["time_window"],
            "SERVICE_TIME_SECTION": inst["service_time"],
            "DEPOT_SECTION": [1],
        },
    )
    return pyvrp.read(path, round_func="exact")


def test_pyvrp_reads_the_sol_with_the_runners_distance(c101, tmp_path):
    import pyvrp

    problem, plan = c101
    data = _pyvrp_data(tmp_path)
    solution = pyvrp.read_solution(_written(tmp_path, "solomon", problem, plan), data)
    edges = sum(len(r.stops) + 1 for r in plan.used_routes())
    # PyVRP's "exact" rounding keeps each edge to 0.0005, so the totals agree to that per edge
    assert abs(solution.distance() / 1000 - evaluate(problem, plan).distance) <= 0.0005 * edges
    assert solution.num_routes() == len(plan.used_routes()) and solution.is_complete()


def test_pyvrp_finds_the_sol_feasible(c101, tmp_path):
    import pyvrp

    problem, plan = c101
    solution = pyvrp.read_solution(_written(tmp_path, "solomon", problem, plan), _pyvrp_data(tmp_path))
    assert solution.is_feasible()


def test_hhcrsp_json_has_one_route_per_caregiver_as_the_validator_expects(hhc, tmp_path):
    problem, plan, instance = hhc
    written = json.loads(_written(tmp_path, "hhcrsp", problem, plan).read_text())
    assert [r["caregiver_id"] for r in written["routes"]] == [c["id"] for c in instance["caregivers"]]


def test_hhcrsp_json_calls_carry_the_fields_the_validator_reads(hhc, tmp_path):
    problem, plan, _instance = hhc
    written = json.loads(_written(tmp_path, "hhcrsp", problem, plan).read_text())
    calls = [call for r in written["routes"] for call in r["locations"]]
    assert calls and all(
        set(call) == {"patient_id", "service_id", "arrival_time", "departure_time"}
        and isinstance(call["arrival_time"], float)
        and isinstance(call["departure_time"], float)
        for call in calls
    )


def test_hhcrsp_json_serves_each_patient_its_required_services_by_able_carers(hhc, tmp_path):
    problem, plan, instance = hhc
    written = json.loads(_written(tmp_path, "hhcrsp", problem, plan).read_text())
    abilities = {c["id"]: set(c["abilities"]) for c in instance["caregivers"]}
    served: dict[str, Counter[str]] = {p["id"]: Counter() for p in instance["patients"]}
    for route in written["routes"]:
        for call in route["locations"]:
            assert call["service_id"] in abilities[route["caregiver_id"]]
            served[call["patient_id"]][call["service_id"]] += 1
    required = {
        p["id"]: Counter(r["service"] for r in p["required_caregivers"]) for p in instance["patients"]
    }
    assert served == required
    assert sorted(written["global_ordering"]) == sorted(required)


def _validator_cost(instance: dict[str, Any], solution: dict[str, Any]) -> dict[str, float]:
    """The checks and cost of the authors' ``validate_solution`` (route tardiness off, as in their
    ``check-solution`` command), restated: patient i is row i + 1 of the distances; a caregiver
    leaves the depot at 0; arrival_time is the service start; cost = (distance + total tardiness
    + max tardiness) / 3. Raises AssertionError where their validator would."""
    patients = {p["id"]: (i + 1, p) for i, p in enumerate(instance["patients"])}
    dist = instance["distances"]
    distance, tardiness = 0.0, []
    starts: dict[str, dict[str, float]] = {pid: {} for pid in patients}
    for route in solution["routes"]:
        at, free = 0, 0.0
        for call in route["locations"]:
            index, p = patients[call["patient_id"]]
            duration = {r["service"]: r["duration"] for r in p["required_caregivers"]}[call["service_id"]]
            assert math.isclose(call["departure_time"] - call["arrival_time"], duration, abs_tol=1e-3)
            assert call["arrival_time"] >= free + dist[at][index] - 1e-3
            assert call["arrival_time"] >= p["time_window"][0] - 1e-3
            distance += dist[at][index]
            tardiness.append(max(call["arrival_time"] - p["time_window"][1], 0.0))
            starts[call["patient_id"]][call["service_id"]] = call["arrival_time"]
            at, free = index, call["departure_time"]
        distance += dist[at][0]
    for pid, (_index, p) in patients.items():
        if len(p["required_caregivers"]) == 2:
            first, second = (starts[pid][r["service"]] for r in p["required_caregivers"])
            sync = p["synchronization"]
            low, high = sync["distance"] if sync["type"] == "sequential" else (0, 0)
            assert low - 1e-3 <= second - first <= high + 1e-3
    return {"distance": distance, "total_cost": (distance + sum(tardiness) + max(tardiness)) / 3}


def test_hhcrsp_json_cost_by_the_validators_rules_is_the_runners(hhc, tmp_path):
    problem, plan, instance = hhc
    written = json.loads(_written(tmp_path, "hhcrsp", problem, plan).read_text())
    cost = _validator_cost(instance, written)
    assert cost["total_cost"] == pytest.approx(evaluate(problem, plan).mankowska_cost, abs=1e-6)


def test_hhcrsp_json_reads_back_as_the_same_plan(hhc, tmp_path):
    problem, plan, _instance = hhc
    written = json.loads(_written(tmp_path, "hhcrsp", problem, plan).read_text())
    again = evaluate(problem, read_hhcrsp_solution(problem, written))
    assert again.feasible and again.mankowska_cost == pytest.approx(evaluate(problem, plan).mankowska_cost)


def test_bench_writes_each_plan_named_after_its_instance(tmp_path):
    rows = run("hhcrsp", [str(HHC)], 0.5, out=io.StringIO(), solutions=tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["InstanzCPLEX_HCSRP_10_1.json"]
    written = json.loads((tmp_path / "out" / "InstanzCPLEX_HCSRP_10_1.json").read_text())
    instance = json.loads(gzip.decompress(HHC.read_bytes()))
    assert _validator_cost(instance, written)["total_cost"] == pytest.approx(rows[0].objective, abs=1e-3)


def test_command_line_solutions_option_writes_the_files(tmp_path, capsys):
    from careplanner.__main__ import main

    code = main(["bench", "--format", "solomon", str(C101), "--seconds", "0.3", "--solutions", str(tmp_path)])
    assert code == 0 and (tmp_path / "C101.sol").is_file()
    assert vrplib.read_solution(str(tmp_path / "C101.sol"))["routes"]
