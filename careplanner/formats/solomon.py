"""Solomon / Gehring-Homberger VRPTW text format.

Travel time equals the (unrounded) Euclidean distance; time windows constrain the start
of service; node 0 is the depot whose due date is the horizon.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..model import Carer, Plan, Problem, Travel, Visit
from . import FormatError, instance_name, read_text


def parse_solomon(text: str, name: str = "") -> Problem:
    lines = [ln.strip() for ln in text.splitlines()]
    fleet = capacity = None
    rows: list[list[float]] = []
    section = ""
    for ln in lines:
        if not ln:
            continue
        upper = ln.upper()
        if upper.startswith("VEHICLE"):
            section = "vehicle"
            continue
        if upper.startswith("CUSTOMER"):
            section = "customer"
            continue
        parts = ln.split()
        if not all(_is_number(p) for p in parts):
            if not name and section == "":
                name = ln
            continue
        if section == "vehicle" and fleet is None:
            fleet, capacity = int(parts[0]), int(parts[1])
        elif section == "customer":
            rows.append([float(p) for p in parts[:7]])
    if fleet is None or capacity is None or not rows:
        raise FormatError(
            ["not a Solomon VRPTW file: needs a VEHICLE section (number, capacity) and CUSTOMER rows"]
        )
    data = np.array(rows)
    xy = data[:, 1:3]
    diff = xy[:, None, :] - xy[None, :, :]
    matrix = np.sqrt((diff**2).sum(axis=2))
    horizon = float(data[0, 5])
    carers = [
        Carer(
            id=f"v{k + 1}",
            start_location=0,
            shift_start=float(data[0, 4]),
            shift_end=horizon,
            capacity=capacity,
        )
        for k in range(fleet)
    ]
    visits = [
        Visit(id=str(int(r[0])), location=i, earliest=r[4], latest=r[5], duration=r[6], demand=int(r[3]))
        for i, r in enumerate(data)
        if i > 0
    ]
    return Problem(carers=carers, visits=visits, travel=Travel.same(matrix), allow_unplanned=False, name=name)


def read_solomon(path: str | Path) -> Problem:
    problem = parse_solomon(read_text(path))
    problem.name = instance_name(path)
    return problem


def sol_text(problem: Problem, plan: Plan, cost: float) -> str:
    """The plan in the VRPLIB solution format read by ``vrplib.read_solution`` and
    ``pyvrp.read_solution``: one ``Route #k: a b c`` line per route that is used, numbering each
    customer by its location (the depot is 0, customers 1..n as in the instance file), then
    ``Cost <cost>``."""
    where = {v.id: v.location for v in problem.visits}
    lines = [
        f"Route #{k}: " + " ".join(str(where[s.visit_id]) for s in route.stops)
        for k, route in enumerate(plan.used_routes(), start=1)
    ]
    lines.append(f"Cost {cost:.3f}")
    return "\n".join(lines) + "\n"


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True
