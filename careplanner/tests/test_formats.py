from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from careplanner.evaluate import evaluate
from careplanner.formats.bks import lookup, read_bks
from careplanner.formats.hhcrsp import parse_hhcrsp, read_hhcrsp, read_hhcrsp_solution
from careplanner.formats.solomon import parse_solomon, read_solomon

SOLOMON = """TINY1

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0       100          0
    1      3         4          5          0        50         10
    2      6         8          4         10        60         10
"""


def test_parse_solomon_inline() -> None:
    p = parse_solomon(SOLOMON)
    assert p.name == "TINY1"
    assert len(p.carers) == 2 and p.carers[0].capacity == 10
    assert [v.id for v in p.visits] == ["1", "2"]
    assert p.visits[1].earliest == 10 and p.visits[1].latest == 60 and p.visits[1].demand == 4
    assert p.travel.distance[0, 1] == pytest.approx(5.0)
    assert p.travel.distance[1, 2] == pytest.approx(5.0)
    assert p.carers[0].shift_end == 100


def test_parse_hhcrsp_inline_double_up_and_sequence() -> None:
    data = {
        "patients": [
            {
                "id": "p1",
                "time_window": [0, 10],
                "required_caregivers": [{"service": "s1", "duration": 5}, {"service": "s2", "duration": 7}],
                "synchronization": {"type": "simultaneous"},
            },
            {
                "id": "p2",
                "time_window": [0, 50],
                "required_caregivers": [{"service": "s1", "duration": 5}, {"service": "s1", "duration": 5}],
                "synchronization": {"type": "sequential", "distance": [10, 20]},
            },
        ],
        "services": [{"id": "s1"}, {"id": "s2"}],
        "caregivers": [{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s2"]}],
        "central_offices": [{"id": "d"}],
        "distances": [[0, 1, 2], [1, 0, 1], [2, 1, 0]],
    }
    p = parse_hhcrsp(data)
    by = p.visit_by_id()
    assert by["p1"].carers_needed == 2
    assert by["p1"].skills_for(1) == frozenset({"s2"}) and by["p1"].duration_for(1) == 7
    assert {"p2#1", "p2#2"} <= set(by)
    assert p.sequences[0].min_gap == 10 and p.sequences[0].max_gap == 20
    assert p.allow_tardiness and not p.allow_unplanned


def test_toy_instance_and_optimal_solution(shared: Path) -> None:
    folder = shared / "hhcrsp_mankowska"
    p = read_hhcrsp(folder / "toy.json")
    plan = read_hhcrsp_solution(p, json.loads((folder / "sol_toy_optimal.json").read_text()))
    ev = evaluate(p, plan)
    assert ev.feasible, ev.violations
    assert ev.routes_used == 3


def test_published_solution_cost_matches_table(shared: Path) -> None:
    folder = shared / "hhcrsp_mankowska"
    p = read_hhcrsp(folder / "instances" / "InstanzCPLEX_HCSRP_10_3.json.gz")
    sol = next((folder / "solutions").glob("sol-InstanzCPLEX_HCSRP_10_3-*.json.gz"))
    plan = read_hhcrsp_solution(p, json.loads(gzip.decompress(sol.read_bytes())))
    ev = evaluate(p, plan)
    best = lookup(read_bks(folder / "mankowska_best.md"), "mankowska", "InstanzCPLEX_HCSRP_10_3")
    assert ev.feasible
    assert best is not None and ev.mankowska_cost == pytest.approx(best.value, abs=1e-2)


def test_solomon_file_and_bks(shared: Path) -> None:
    folder = shared / "vrptw_solomon_homberger"
    p = read_solomon(folder / "solomon" / "R101.txt")
    assert p.name == "R101" and len(p.visits) == 100
    csv_table = read_bks(folder / "bks.csv")
    json_table = read_bks(folder / "BKS.json")
    for table in (csv_table, json_table):
        dist = lookup(table, "distance", "R101")
        assert dist is not None and dist.value == pytest.approx(1642.88, abs=0.01)
        hier = lookup(table, "hierarchical", "r101")
        assert hier is not None and hier.vehicles == 19


def test_bks_markdown_inline(tmp_path: Path) -> None:
    f = tmp_path / "best.md"
    f.write_text("| instance | total_cost |\n|:--|--:|\n| InstanzX_1.json | 12.5 |\n")
    best = lookup(read_bks(f), "mankowska", "InstanzX_1")
    assert best is not None and best.value == 12.5
