"""Best known values: ``bks.csv`` / ``BKS.json`` (VRPTW) and ``mankowska_best.md`` (HHCRSP)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from . import read_text


@dataclass(frozen=True)
class Best:
    value: float
    vehicles: int | None = None


BestTable = dict[str, dict[str, Best]]  # objective -> lower-case instance name -> best


def read_bks(path: str | Path) -> BestTable:
    text = read_text(path)
    name = Path(path).name.lower()
    if name.endswith(".md") or text.lstrip().startswith("|"):
        return _markdown(text)
    if text.lstrip().startswith("{"):
        return _json(json.loads(text))
    return _csv(text)


def _csv(text: str) -> BestTable:
    out: BestTable = {"hierarchical": {}, "distance": {}}
    for row in csv.DictReader(io.StringIO(text)):
        key = row["instance"].strip().lower()
        if row.get("hier_distance"):
            out["hierarchical"][key] = Best(float(row["hier_distance"]), _int(row.get("hier_vehicles")))
        if row.get("distonly_distance"):
            out["distance"][key] = Best(float(row["distonly_distance"]), _int(row.get("distonly_vehicles")))
    return out


def _json(data: dict[str, dict[str, float]]) -> BestTable:
    out: BestTable = {"hierarchical": {}, "distance": {}}
    for key, row in data.items():
        veh = row.get("solved_with_vehicles")
        best = Best(float(row["best_known_cost"]), int(veh) if veh is not None else None)
        if key.endswith("_distance"):
            out["distance"][key[: -len("_distance")].lower()] = best
        else:
            out["hierarchical"][key.lower()] = best
    return out


def _markdown(text: str) -> BestTable:
    rows = [ln.strip().strip("|").split("|") for ln in text.splitlines() if ln.strip().startswith("|")]
    header = [h.strip() for h in rows[0]]
    col = header.index("total_cost")
    out: BestTable = {"mankowska": {}}
    for cells in rows[2:]:
        name = cells[0].strip()
        for suffix in (".gz", ".json"):
            name = name.removesuffix(suffix)
        out["mankowska"][name.lower()] = Best(float(cells[col]))
    return out


def lookup(table: BestTable, objective: str, instance: str) -> Best | None:
    key = instance.lower()
    best = table.get(objective, {}).get(key)
    if best is None and objective == "distance":
        return None
    return best


def _int(x: str | None) -> int | None:
    return int(float(x)) if x else None
