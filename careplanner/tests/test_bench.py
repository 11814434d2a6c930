from __future__ import annotations

import pytest

from careplanner.bench import BenchRow, gap_pct, summary


def _row(name: str, distance: float, routes: int, bks: float, bks_routes: int) -> BenchRow:
    gap = gap_pct(distance, bks, routes, bks_routes)
    return BenchRow(
        instance=name,
        solver="pyvrp",
        feasible=True,
        violations=0,
        objective=distance,
        distance=distance,
        total_tardiness=0.0,
        max_tardiness=0.0,
        routes=routes,
        runtime=1.0,
        bks=bks,
        bks_routes=bks_routes,
        gap_pct=round(gap, 3),
        vehicle_diff=routes - bks_routes,
        dist_gap_pct=round(gap_pct(distance, bks), 3),
    )


def test_distance_gap_when_vehicles_equal() -> None:
    assert gap_pct(1100.0, 1000.0, 10, 10) == pytest.approx(10.0)
    assert gap_pct(990.0, 1000.0, 10, 10) == pytest.approx(-1.0)
    assert gap_pct(1100.0, 1000.0) == pytest.approx(10.0)  # distance objective


def test_extra_vehicles_are_never_a_gain() -> None:
    # 38 routes against 36 with 5% less distance: the vehicle excess (2/36) counts
    assert gap_pct(950.0, 1000.0, 38, 36) == pytest.approx(100 * 2 / 36)
    # a distance gap larger than the vehicle excess is kept
    assert gap_pct(1200.0, 1000.0, 41, 40) == pytest.approx(20.0)
    # never better than the same distance with the BKS number of vehicles
    for d in (900.0, 1000.0, 1030.0):
        assert gap_pct(d, 1000.0, 9, 8) > 0
        assert gap_pct(d, 1000.0, 9, 8) >= gap_pct(d, 1000.0, 8, 8)


def test_fewer_vehicles_are_a_gain() -> None:
    assert gap_pct(1100.0, 1000.0, 35, 36) == pytest.approx(-100 / 36)
    assert gap_pct(900.0, 1000.0, 35, 36) == pytest.approx(-10.0)


def test_summary_reports_vehicle_counts_and_both_means() -> None:
    rows = [
        _row("a", 1020.0, 10, 1000.0, 10),  # +2% distance, same vehicles
        _row("b", 950.0, 12, 1000.0, 10),  # 2 extra vehicles, -5% distance -> +20%
        _row("c", 1000.0, 10, 1000.0, 10),  # on the BKS
    ]
    text = summary(rows)
    assert "mean_gap=7.333%" in text
    assert "vehicles_more=1 vehicles_equal=2 vehicles_fewer=0 extra_vehicles=2" in text
    assert "mean_dist_gap_all=-1.000%" in text
    assert "mean_dist_gap_equal_vehicles=1.000%" in text
    assert "CNV=32/30" in text


def test_unreadable_files_stop_the_run_with_every_problem_listed(tmp_path, capsys) -> None:
    from careplanner.__main__ import main

    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"patients": [{"id": "p1", "time_window": [50, 10], "required_caregivers": [{"service": "s9"}]}],'
        ' "caregivers": [{"id": "c1", "abilities": ["s1"]}], "services": [{"id": "s1"}],'
        ' "distances": [[0, 1], [1, 0]]}'
    )
    code = main(["bench", "--format", "hhcrsp", str(bad), str(tmp_path / "missing.json"), "--seconds", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Nothing was solved" in err
    assert "patients[0] (p1).time_window: earliest 50 is after latest 10" in err
    assert "required_caregivers[0].service: 's9' is not a service" in err
    assert "missing.json: No such file or directory" in err
    assert "SUMMARY" not in capsys.readouterr().out
