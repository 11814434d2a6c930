"""Working out each visit's outcome from its call-monitoring events. Pure functions on plain data,
so that the rules can be read, tested and timed on their own.

Rules (per visit, at time `now`):
- A check-in matches the visit it names (visit_ref), else the package's planned visit whose
  planned start is nearest, within MATCH_WINDOW, that still needs a carer. A check-out matches the
  visit its carer last checked in to, else the nearest planned end within MATCH_WINDOW.
- Check-ins that match no planned visit make an unplanned visit, closed by the same carer's next
  check-out.
- Outcomes, first that applies:
  missed: no check-in by the end of the visit's window (planned end + the late allowance);
  in progress / scheduled: the window has not closed yet;
  manual: a check-in or check-out was entered manually (with its exception code);
  no check-out (unverified): a carer checked in but never out by the window's end;
  one carer: a double-up attended by fewer than two different carers;
  late: the first check-in came after the planned start + allowance (time-critical visits: their
  own tolerance, either side of the planned start); otherwise the contract's late allowance;
  short: the shortest carer's time was below the contract's percentage of the planned duration;
  on time: otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

MATCH_WINDOW = dt.timedelta(hours=2)

SCHEDULED, IN_PROGRESS = "scheduled", "in_progress"
ON_TIME, LATE, SHORT, MISSED = "on_time", "late", "short", "missed"
ONE_CARER, UNVERIFIED, MANUAL, UNPLANNED = "one_carer", "unverified", "manual", "unplanned"


@dataclass(frozen=True)
class Rule:
    late_after_minutes: int = 30
    short_below_percent: int = 85


@dataclass
class PlannedFacts:
    id: int
    planned_start: dt.datetime
    planned_end: dt.datetime
    duration_minutes: int
    carers_needed: int
    time_critical: bool
    tolerance_minutes: int
    rule: Rule = field(default_factory=Rule)

    def allowance(self) -> dt.timedelta:
        minutes = self.tolerance_minutes if self.time_critical else self.rule.late_after_minutes
        return dt.timedelta(minutes=minutes)

    def window_closes(self) -> dt.datetime:
        return self.planned_end + self.allowance()


@dataclass(frozen=True)
class EventFacts:
    id: int
    carer_ref: str
    event_type: str  # check_in | check_out
    occurred_at: dt.datetime
    method: str
    exception_code: str = ""
    visit_ref_id: int | None = None
    home: bool = True  # False: from the edge of a neighbouring day, may only join a planned visit


@dataclass
class Outcome:
    status: str
    actual_start: dt.datetime | None = None
    actual_end: dt.datetime | None = None
    actual_minutes: int | None = None
    carers_seen: int = 0
    exception_code: str = ""


@dataclass
class UnplannedVisit:
    carer_ref: str
    start: dt.datetime
    end: dt.datetime | None
    event_ids: list[int]
    outcome: Outcome


@dataclass
class DayResult:
    outcomes: dict[int, Outcome]
    assignment: dict[int, int | None]  # event id -> planned visit id (None: unplanned or unmatched)
    unplanned: list[UnplannedVisit]


def _nearest(candidates: Sequence[PlannedFacts], at: dt.datetime, key: str) -> PlannedFacts | None:
    best, gap = None, MATCH_WINDOW
    for visit in candidates:
        distance = abs(getattr(visit, key) - at)
        if distance <= gap:
            best, gap = visit, distance
    return best


def days_touched(moment: dt.datetime, zone: dt.tzinfo) -> set[dt.date]:
    """The local dates whose visits an event at `moment` may belong to (its own, and the
    neighbouring one when it falls within the matching window of midnight)."""
    local = moment.astimezone(zone)
    days = {local.date()}
    days.add((local - MATCH_WINDOW).date())
    days.add((local + MATCH_WINDOW).date())
    return days


def match_day(visits: Sequence[PlannedFacts], events: Sequence[EventFacts], now: dt.datetime) -> DayResult:
    """Match one package-day's events to its planned visits and work out every outcome."""
    by_id = {v.id: v for v in visits}
    carers: dict[int, set[str]] = defaultdict(set)
    open_visit: dict[str, int] = {}  # carer -> planned visit id they are checked in to
    assigned: dict[int, list[EventFacts]] = defaultdict(list)
    assignment: dict[int, int | None] = {}
    unplanned: list[UnplannedVisit] = []
    open_unplanned: dict[str, UnplannedVisit] = {}

    for event in sorted(events, key=lambda e: (e.occurred_at, e.event_type != "check_in", e.id)):
        target: PlannedFacts | None = None
        if event.event_type == "check_in":
            if event.visit_ref_id in by_id:
                target = by_id[event.visit_ref_id]
            else:
                needing = [
                    v
                    for v in visits
                    if event.carer_ref not in carers[v.id] and len(carers[v.id]) < v.carers_needed
                ]
                target = _nearest(needing, event.occurred_at, "planned_start")
            if target is None and not event.home:
                continue
            if target is None:
                record = UnplannedVisit(
                    event.carer_ref, event.occurred_at, None, [event.id], Outcome(UNPLANNED)
                )
                unplanned.append(record)
                open_unplanned[event.carer_ref] = record
                assignment[event.id] = None
                continue
            carers[target.id].add(event.carer_ref)
            open_visit[event.carer_ref] = target.id
        else:
            if event.carer_ref in open_visit:
                target = by_id[open_visit.pop(event.carer_ref)]
            elif event.carer_ref in open_unplanned:
                record = open_unplanned.pop(event.carer_ref)
                record.end = event.occurred_at
                record.event_ids.append(event.id)
                assignment[event.id] = None
                continue
            elif event.visit_ref_id in by_id:
                target = by_id[event.visit_ref_id]
            else:
                target = _nearest(visits, event.occurred_at, "planned_end")
        if target is None and not event.home:
            continue
        assignment[event.id] = target.id if target else None
        if target is not None:
            assigned[target.id].append(event)

    outcomes = {v.id: outcome(v, assigned.get(v.id, []), now) for v in visits}
    for record in unplanned:
        minutes = int((record.end - record.start).total_seconds() // 60) if record.end else None
        record.outcome = Outcome(UNPLANNED, record.start, record.end, minutes, 1)
    return DayResult(outcomes, assignment, unplanned)


def outcome(visit: PlannedFacts, events: Sequence[EventFacts], now: dt.datetime) -> Outcome:
    """The outcome of one planned visit given the events matched to it."""
    ins: dict[str, dt.datetime] = {}
    outs: dict[str, dt.datetime] = {}
    manual_code = ""
    manual = False
    for e in events:
        if e.method == "manual":
            manual = True
            manual_code = manual_code or e.exception_code
        if e.event_type == "check_in":
            ins[e.carer_ref] = min(ins.get(e.carer_ref, e.occurred_at), e.occurred_at)
        else:
            outs[e.carer_ref] = max(outs.get(e.carer_ref, e.occurred_at), e.occurred_at)
    closed = now >= visit.window_closes()
    if not ins:
        return Outcome(MISSED if closed else SCHEDULED)
    start = min(ins.values())
    end = max(outs.values()) if outs else None
    per_carer = [
        int((outs[c] - ins[c]).total_seconds() // 60) for c in ins if c in outs and outs[c] >= ins[c]
    ]
    actual = min(per_carer) if per_carer else None
    result = Outcome(IN_PROGRESS, start, end, actual, len(ins), manual_code)
    missing_out = any(c not in outs for c in ins)
    if not closed and (missing_out or len(ins) < visit.carers_needed):
        return result
    if manual:
        result.status = MANUAL
    elif missing_out:
        result.status = UNVERIFIED
    elif len(ins) < visit.carers_needed:
        result.status = ONE_CARER
    elif _late(visit, start):
        result.status = LATE
    elif actual is not None and actual * 100 < visit.duration_minutes * visit.rule.short_below_percent:
        result.status = SHORT
    else:
        result.status = ON_TIME
    return result


def _late(visit: PlannedFacts, start: dt.datetime) -> bool:
    allowance = visit.allowance()
    if start > visit.planned_start + allowance:
        return True
    return visit.time_critical and start < visit.planned_start - allowance
