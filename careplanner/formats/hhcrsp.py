"""Home health care routing and scheduling (Mankowska et al. 2014) in the JSON format.

Patients needing two caregivers become either one double-up visit (``simultaneous``,
per-carer skills and durations) or two visits ``<id>#1``/``<id>#2`` linked by a
sequence with a min/max gap (``sequential``). Late starts are allowed and penalised
as tardiness; there are no shifts or breaks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import ProblemError
from ..model import Carer, Plan, Problem, Route, Sequence, Stop, Travel, Visit
from . import FormatError, instance_name, read_text


def _problems(data: Any) -> list[str]:
    """Everything wrong with an instance, each as ``where: what``; empty when it is usable."""
    if not isinstance(data, dict):
        return ["the file is not a JSON object"]
    out = [f"{key}: missing" for key in ("patients", "caregivers", "distances") if not data.get(key)]
    if out:
        return out
    services = {str(s.get("id")) for s in data.get("services", []) if isinstance(s, dict)}
    for i, c in enumerate(data["caregivers"]):
        if not isinstance(c, dict) or "id" not in c or not isinstance(c.get("abilities"), list):
            out.append(f"caregivers[{i}]: needs an id and a list of abilities")
    n = len(data.get("central_offices") or [{}]) + len(data["patients"])
    rows = data["distances"]
    if (
        not isinstance(rows, list)
        or len(rows) != n
        or any(not isinstance(r, list) or len(r) != n for r in rows)
    ):
        out.append(f"distances: must be a {n} x {n} matrix (offices then patients)")
    for i, p in enumerate(data["patients"]):
        where = f"patients[{i}]" + (f" ({p.get('id')})" if isinstance(p, dict) and "id" in p else "")
        if not isinstance(p, dict) or "id" not in p:
            out.append(f"{where}: needs an id")
            continue
        tw = p.get("time_window")
        if not (isinstance(tw, list) and len(tw) == 2 and all(isinstance(x, (int, float)) for x in tw)):
            out.append(f"{where}.time_window: must be [earliest, latest]")
        elif tw[0] > tw[1]:
            out.append(f"{where}.time_window: earliest {tw[0]} is after latest {tw[1]}")
        reqs = p.get("required_caregivers")
        if not (isinstance(reqs, list) and 1 <= len(reqs) <= 2 and all(isinstance(r, dict) for r in reqs)):
            out.append(f"{where}.required_caregivers: must list one or two services")
            continue
        for k, r in enumerate(reqs):
            if services and str(r.get("service")) not in services:
                out.append(f"{where}.required_caregivers[{k}].service: {r.get('service')!r} is not a service")
        sync = p.get("synchronization") or {}
        if len(reqs) == 2 and sync.get("type") not in ("simultaneous", "sequential"):
            out.append(f"{where}.synchronization.type: must be simultaneous or sequential")
        if sync.get("type") == "sequential":
            gap = sync.get("distance")
            if not (isinstance(gap, list) and len(gap) == 2 and gap[0] <= gap[1]):
                out.append(f"{where}.synchronization.distance: must be [min, max] with min <= max")
    return out


def parse_hhcrsp(data: dict[str, Any], name: str = "") -> Problem:
    problems = _problems(data)
    if problems:
        raise FormatError(problems)
    matrix = np.asarray(data["distances"], dtype=float)
    offices = data.get("central_offices") or [{"id": "d"}]
    n_off = len(offices)
    carers = [
        Carer(id=str(c["id"]), start_location=0, skills=frozenset(map(str, c["abilities"])))
        for c in data["caregivers"]
    ]
    defaults = {s["id"]: float(s.get("default_duration", 0)) for s in data.get("services", [])}
    visits: list[Visit] = []
    sequences: list[Sequence] = []
    for i, p in enumerate(data["patients"]):
        loc = n_off + i
        early, late = (float(x) for x in p["time_window"])
        reqs = p["required_caregivers"]
        skills = [frozenset([str(r["service"])]) for r in reqs]
        durs = [float(r.get("duration", defaults.get(r["service"], 0.0))) for r in reqs]
        pid = str(p["id"])
        sync = (p.get("synchronization") or {}).get("type")
        if len(reqs) == 1:
            visits.append(Visit(pid, loc, early, late, durs[0], skills=skills[0]))
        elif sync == "sequential":
            gap = p["synchronization"]["distance"]
            visits.append(Visit(f"{pid}#1", loc, early, late, durs[0], skills=skills[0]))
            visits.append(Visit(f"{pid}#2", loc, early, late, durs[1], skills=skills[1]))
            sequences.append(
                Sequence(f"{pid}#1", f"{pid}#2", float(gap[0]), float(gap[1]), distinct_carers=True)
            )
        else:
            visits.append(
                Visit(
                    pid,
                    loc,
                    early,
                    late,
                    max(durs),
                    carers_needed=len(reqs),
                    slot_skills=tuple(skills),
                    slot_durations=tuple(durs),
                )
            )
    return Problem(
        carers=carers,
        visits=visits,
        travel=Travel.same(matrix),
        sequences=sequences,
        allow_tardiness=True,
        allow_unplanned=False,
        name=name,
    )


def read_hhcrsp(path: str | Path) -> Problem:
    try:
        data = json.loads(read_text(path))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FormatError([f"not JSON: {err}"]) from err
    return parse_hhcrsp(data, instance_name(path))


def read_hhcrsp_solution(problem: Problem, data: dict[str, Any]) -> Plan:
    """Read a published solution (``arrival_time`` there is the service start)."""
    visits = problem.visit_by_id()
    carers = problem.carer_by_id()
    routes = []
    for r in data["routes"]:
        carer = carers[str(r["caregiver_id"])]
        stops = []
        for loc in r.get("locations", []):
            pid = str(loc.get("patient", loc.get("patient_id")))
            service = str(loc.get("service", loc.get("service_id")))
            vid, slot = _match(visits, pid, service)
            start = float(loc["arrival_time"])
            stops.append(Stop(vid, slot, start, start, start + visits[vid].duration_for(slot)))
        route = Route(carer_id=carer.id, stops=stops)
        if stops:
            first = visits[stops[0].visit_id].location
            route.departure = stops[0].start - float(problem.travel.duration("car")[0, first])
            last = visits[stops[-1].visit_id].location
            route.return_time = stops[-1].end + float(problem.travel.duration("car")[last, 0])
        routes.append(route)
    return Plan(routes=routes, solver="published")


def hhcrsp_solution(problem: Problem, plan: Plan) -> dict[str, Any]:
    """The plan in the instance authors' JSON solution format (iolab-uniud/hhcrsp, checked by their
    ``validator.py check-solution``): one route per caregiver, empty ones included (their validator
    expects one per caregiver), each call as ``patient_id``, ``service_id``, ``arrival_time`` (the
    service start, as in their format) and ``departure_time`` (its end); ``global_ordering`` lists
    the patients by their first service start. Works for problems read by :func:`parse_hhcrsp`,
    whose every carer slot needs exactly one service."""
    visits = problem.visit_by_id()
    patient = {v.id: v.id for v in problem.visits}
    for seq in problem.sequences:  # the two parts <id>#1 and <id>#2 of a sequential patient
        base = seq.first.removesuffix("#1")
        if seq.distinct_carers and seq.first == f"{base}#1" and seq.second == f"{base}#2":
            patient[seq.first] = patient[seq.second] = base
    routes = {r.carer_id: r for r in plan.routes}
    first_start: dict[str, float] = {}
    out = []
    for carer in problem.carers:
        route = routes.get(carer.id)
        locations = []
        for stop in route.stops if route is not None else []:
            v = visits[stop.visit_id]
            services = v.skills_for(stop.slot)
            if len(services) != 1:
                raise ProblemError(f"{v.id} slot {stop.slot}: needs {sorted(services)}, not one service")
            pid = patient[v.id]
            locations.append(
                {
                    "patient_id": pid,
                    "service_id": next(iter(services)),
                    "arrival_time": stop.start,
                    "departure_time": stop.end,
                }
            )
            first_start[pid] = min(first_start.get(pid, stop.start), stop.start)
        out.append({"caregiver_id": carer.id, "locations": locations})
    ordering = sorted(first_start, key=lambda pid: (first_start[pid], pid))
    return {"routes": out, "global_ordering": ordering}


def _match(visits: dict[str, Visit], pid: str, service: str) -> tuple[str, int]:
    if pid in visits:
        v = visits[pid]
        for slot in range(v.carers_needed):
            if service in v.skills_for(slot):
                return pid, slot
        return pid, 0
    for suffix in ("#1", "#2"):
        if service in visits[pid + suffix].skills:
            return pid + suffix, 0
    raise KeyError(f"{pid}/{service}")
