"""Display values for the rounds pages: each carer's round as rows, the unplanned visits, and the
map (server-rendered SVG shapes, with the same figures in a table beside it)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from homecare.core.calendar import to_local
from homecare.rounds.models import WEEKDAYS, Carer, PlanStatus, RoundAssignment, RoundPlan, UnplannedVisit

#: Distinguishable colours from the GOV.UK palette, in turn for each carer.
COLOURS = [
    "#1d70b8",
    "#d4351c",
    "#00703c",
    "#4c2c92",
    "#f47738",
    "#912b88",
    "#28a197",
    "#b58840",
    "#5694ca",
    "#85994b",
    "#6f72af",
    "#d53880",
]
MAP_WIDTH = 640
MAP_HEIGHT = 480
MAP_PAD = 24
STATUS_TAGS = {
    PlanStatus.QUEUED: "govuk-tag--grey",
    PlanStatus.RUNNING: "govuk-tag--blue",
    PlanStatus.DONE: "govuk-tag--green",
    PlanStatus.FAILED: "govuk-tag--red",
}


def clock(value: dt.datetime | None) -> str:
    return to_local(value).strftime("%H:%M") if value else ""


def day(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def minutes(value: float | None) -> str:
    if value is None:
        return ""
    total = round(value)
    hours, mins = divmod(total, 60)
    if not hours:
        return f"{mins} min"
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def km(value: float | None) -> str:
    return "" if value is None else f"{value:.1f} km"


def signed(value: float, unit: str) -> str:
    return f"{'+' if value >= 0 else '-'}{abs(value):.1f} {unit}"


def status_tag(plan: RoundPlan) -> dict[str, str]:
    return {"text": plan.get_status_display(), "css": STATUS_TAGS.get(PlanStatus(plan.status), "")}


def carer_row(carer: Carer) -> dict[str, Any]:
    shifts = sorted(carer.shifts.all(), key=lambda s: s.weekday)
    return {
        "carer": carer,
        "skills": ", ".join(carer.skill_labels) or "None recorded",
        "travel": carer.get_travel_mode_display(),
        "hours": f"{carer.contracted_hours:g}",
        "days": ", ".join(f"{WEEKDAYS[s.weekday][:3]} {s.start:%H:%M} to {s.end:%H:%M}" for s in shifts)
        or "No shifts",
        "home": carer.home_postcode or "Your office",
    }


def _where(visit: Any) -> tuple[str, str]:
    person = visit.package.person
    postcode = person.postcode_ref
    district = postcode.district if postcode is not None else "Unknown"
    ward = (
        person.ward.name if person.ward is not None else (postcode.ward.name if postcode is not None else "")
    )
    return district, ward or "Unknown ward"


@dataclass
class Round:
    carer: Carer
    colour: str
    calls: list[dict[str, Any]] = field(default_factory=list)
    travel_minutes: float = 0.0
    travel_km: float = 0.0
    care_minutes: int = 0

    @property
    def summary(self) -> str:
        count = len(self.calls)
        return (
            f"{count} call{'s' if count != 1 else ''}, {minutes(self.care_minutes)} of care, "
            f"{minutes(self.travel_minutes)} and {km(self.travel_km)} of travel between calls"
        )


def rounds(assignments: list[RoundAssignment]) -> list[Round]:
    grouped: OrderedDict[int, Round] = OrderedDict()
    for row in sorted(assignments, key=lambda a: (a.carer.name, a.carer_id, a.order)):
        entry = grouped.get(row.carer_id)
        if entry is None:
            entry = grouped[row.carer_id] = Round(row.carer, COLOURS[len(grouped) % len(COLOURS)])
        district, ward = _where(row.visit)
        entry.calls.append(
            {
                "assignment": row,
                "start": clock(row.planned_start),
                "arrive": clock(row.planned_arrival),
                "booked": clock(row.visit.planned_start),
                "visit": row.visit.reference,
                "district": district,
                "ward": ward,
                "duration": minutes(row.visit.duration_minutes),
                "travel": f"{minutes(row.travel_minutes)}, {km(row.travel_km)}"
                if row.order
                else f"{minutes(row.travel_minutes)} from home",
                "double_up": row.visit.carers_needed > 1,
                "time_critical": row.visit.time_critical,
            }
        )
        entry.care_minutes += row.visit.duration_minutes
        if row.order:
            entry.travel_minutes += row.travel_minutes
            entry.travel_km += row.travel_km
    return list(grouped.values())


def reason_text(reason: str) -> str:
    """The planner's reason as a sentence: "no carer has the skills ['hoist']" -> "No carer has the
    skills hoist"."""
    plain = re.sub(r"\[([^\]]*)\]", lambda m: m.group(1).replace("'", ""), reason)
    return plain[:1].upper() + plain[1:]


def unplanned_rows(rows: list[UnplannedVisit]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        district, ward = _where(row.visit)
        out.append(
            {
                "visit": row.visit.reference,
                "time": clock(row.visit.planned_start),
                "district": district,
                "ward": ward,
                "duration": minutes(row.visit.duration_minutes),
                "carers": row.visit.carers_needed,
                "reason": reason_text(row.reason),
            }
        )
    return out


def figures(plan: RoundPlan) -> list[tuple[str, str]]:
    rows = [
        ("Visits planned", f"{plan.visits_planned} of {plan.visits_total}"),
        ("Visits not planned", str(plan.visits_unplanned)),
        ("Carers working", f"{plan.carers_used} of {plan.carers_available} with a shift"),
        ("Travel", f"{minutes(plan.travel_minutes)}, {km(plan.travel_km)} (including to and from home)"),
        ("Calls by a carer the person knows", str(plan.continuity_hits)),
        (
            "Planner",
            f"{plan.solver or 'none'}, {plan.runtime_seconds or 0:.1f} s of {plan.seconds} s, seed {plan.seed}",
        ),
    ]
    if plan.changed_at:
        rows.append(("Changed by hand", f"{to_local(plan.changed_at):%d/%m/%Y %H:%M}"))
    return rows


# The map: an equirectangular projection of the day's points into the SVG box.


@dataclass
class MapShape:
    points: str = ""
    x: float = 0.0
    y: float = 0.0
    colour: str = ""
    label: str = ""


@dataclass
class RoundMap:
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT
    routes: list[MapShape] = field(default_factory=list)
    stops: list[MapShape] = field(default_factory=list)
    homes: list[MapShape] = field(default_factory=list)
    unplanned: list[MapShape] = field(default_factory=list)
    scale_km: str = ""
    scale_px: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.stops or self.unplanned)


def _position(visit: Any) -> tuple[float, float] | None:
    person = visit.package.person
    if person.postcode_ref is not None:
        return (person.postcode_ref.latitude, person.postcode_ref.longitude)
    if person.ward is not None and person.ward.latitude is not None:
        return (person.ward.latitude, person.ward.longitude)
    return None


def _home(carer: Carer, base: tuple[float, float] | None) -> tuple[float, float] | None:
    if carer.home_latitude is not None and carer.home_longitude is not None:
        return (carer.home_latitude, carer.home_longitude)
    return base


def round_map(
    rounds_: list[Round], unplanned: list[UnplannedVisit], base: tuple[float, float] | None
) -> RoundMap:
    out = RoundMap()
    paths: list[tuple[Round, list[tuple[float, float]], tuple[float, float] | None]] = []
    everything: list[tuple[float, float]] = []
    for entry in rounds_:
        home = _home(entry.carer, base)
        stops = [p for p in (_position(c["assignment"].visit) for c in entry.calls) if p is not None]
        paths.append((entry, stops, home))
        everything += stops + ([home] if home else [])
    loose = [(row, _position(row.visit)) for row in unplanned]
    everything += [p for _, p in loose if p is not None]
    if not everything:
        return out
    lat0 = sum(p[0] for p in everything) / len(everything)
    squash = math.cos(math.radians(lat0))
    xs = [p[1] * squash for p in everything]
    ys = [p[0] for p in everything]
    x_span, y_span = max(max(xs) - min(xs), 1e-4), max(max(ys) - min(ys), 1e-4)
    scale = min((MAP_WIDTH - 2 * MAP_PAD) / x_span, (MAP_HEIGHT - 2 * MAP_PAD) / y_span)
    x0, y1 = min(xs), max(ys)

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return (round(MAP_PAD + (p[1] * squash - x0) * scale, 1), round(MAP_PAD + (y1 - p[0]) * scale, 1))

    for entry, stops, home in paths:
        line = ([home] if home else []) + stops + ([home] if home else [])
        out.routes.append(
            MapShape(
                points=" ".join(f"{x},{y}" for x, y in map(xy, line)),
                colour=entry.colour,
                label=entry.carer.name,
            )
        )
        for n, p in enumerate(stops, start=1):
            x, y = xy(p)
            out.stops.append(MapShape(x=x, y=y, colour=entry.colour, label=f"{entry.carer.name}, call {n}"))
        if home:
            x, y = xy(home)
            out.homes.append(
                MapShape(x=x - 5, y=y - 5, colour=entry.colour, label=f"{entry.carer.name}'s home")
            )
    for row, spot in loose:
        if spot is not None:
            x, y = xy(spot)
            out.unplanned.append(MapShape(x=x, y=y, label=f"{row.visit.reference} not planned"))
    km_per_degree = 111.2
    nice = next((k for k in (0.5, 1, 2, 5, 10, 20, 50) if k * scale / km_per_degree >= 60), 50)
    out.scale_km, out.scale_px = f"{nice:g} km", round(nice * scale / km_per_degree, 1)
    return out
