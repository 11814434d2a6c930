"""Call-monitoring ingest: the one code path for the API and for files.

Each event is checked on its own and gets a result: accepted, duplicate (the provider already sent
this event id; re-sending adds nothing) or rejected (with the field and the reason). The accepted
events of a batch are stored in one transaction with the package-days they touch queued for
matching, so a batch is either wholly stored or not at all, whatever happens to the process.
With `all_or_nothing`, one rejected event rejects the whole batch and nothing is stored.

Every text field is checked by the one text rule (`homecare.core.text`: no NUL, unpaired surrogate
or control character, a length limit) and refused with its field and reason, never cleaned: a
changed `carer_ref` or `visit_ref` would match the wrong visit. Should the database still refuse a
value that passed every check, the batch is split until the failing events are found: they are
rejected ("could not be stored") and the others are stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from homecare.brokerage.models import Package
from homecare.core.bulk import insert_rows
from homecare.core.calendar import LONDON
from homecare.core.errors import DomainError
from homecare.core.text import BadText, check_text
from homecare.visits.matching import days_touched
from homecare.visits.models import EventMethod, EventType, Visit, VisitEvent
from homecare.visits.services.matching import queue

logger = logging.getLogger(__name__)

MAX_BATCH = 1000
EVENT_FIELDS = (
    "provider_id",
    "event_id",
    "carer_ref",
    "package_id",
    "visit_ref",
    "event_type",
    "occurred_at",
    "method",
    "latitude",
    "longitude",
    "exception_code",
    "received_at",
    "batch",
)
FUTURE_LIMIT = dt.timedelta(minutes=15)
PAST_LIMIT = dt.timedelta(days=400)
EVENT_ID = re.compile(r"^[A-Za-z0-9._:\-/]{1,100}$")
PACKAGE_REF = re.compile(r"^PKG0*(\d+)$")
VISIT_REF = re.compile(r"^V(\d+)$")
FIELDS = (
    "event_id",
    "provider",
    "carer_ref",
    "package_ref",
    "person_ref",
    "visit_ref",
    "event_type",
    "timestamp",
    "method",
    "latitude",
    "longitude",
    "exception_code",
)


@dataclass
class EventResult:
    index: int
    event_id: str
    status: str  # accepted | duplicate | rejected
    field: str = ""
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "event_id": self.event_id, "status": self.status}
        if self.status == "rejected":
            data |= {"field": self.field, "reason": self.reason}
        return data


@dataclass
class BatchResult:
    results: list[EventResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("accepted", "duplicate", "rejected")}


class Rejected(DomainError):
    """One event refused: the field at fault ("" for the event as a whole) and the reason."""

    def __init__(self, field: str, reason: str):
        super().__init__({field: reason} if field else reason)
        self.field, self.reason = field, reason


def _text(raw: dict[str, Any], name: str, *, required: bool = False, limit: int = 100) -> str:
    value = raw.get(name)
    if value is None or value == "":
        if required:
            raise Rejected(name, "is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Rejected(name, "must be text")
    if isinstance(value, int):
        if not -(10**limit) < value < 10**limit:
            raise Rejected(name, f"is longer than {limit} characters")
        value = str(value)
    try:
        text = check_text(value, max_length=limit)
    except BadText as exc:
        raise Rejected(name, exc.reason) from None
    if required and not text:
        raise Rejected(name, "is required")
    return text


def _coordinate(raw: dict[str, Any], name: str, bound: float) -> float | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Rejected(name, "must be a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise Rejected(name, "must be a number") from None
    if not math.isfinite(number) or abs(number) > bound:
        raise Rejected(name, f"must be between -{bound} and {bound}")
    return number


def parse_timestamp(value: Any) -> dt.datetime:
    if not isinstance(value, str) or not value.strip():
        raise Rejected("timestamp", "is required (ISO 8601 with an offset, e.g. 2026-11-22T08:01:00+00:00)")
    try:
        text = check_text(value, max_length=40)
    except BadText as exc:
        raise Rejected("timestamp", exc.reason) from None
    text = text.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise Rejected("timestamp", f"{value!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise Rejected("timestamp", "needs a time zone offset (e.g. +00:00 or +01:00)")
    return moment


@dataclass
class _Valid:
    index: int
    event_id: str
    carer_ref: str
    package_id: int | None
    person_ref: str
    visit_ref: str
    event_type: str
    occurred_at: dt.datetime
    method: str
    latitude: float | None
    longitude: float | None
    exception_code: str


def _validate(index: int, raw: Any, provider: Any, now: dt.datetime) -> _Valid:
    if not isinstance(raw, dict):
        raise Rejected("", "each event must be an object")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise Rejected(unknown[0], "is not a field of a visit event")
    event_id = _text(raw, "event_id", required=True)
    if not EVENT_ID.match(event_id):
        raise Rejected("event_id", "may hold only letters, digits and . _ : - /")
    named_provider = _text(raw, "provider")
    if named_provider and named_provider not in {provider.council_ref, provider.cqc_provider_id or ""}:
        raise Rejected("provider", "is not the provider this token belongs to")
    carer = _text(raw, "carer_ref", required=True)
    package_ref = _text(raw, "package_ref", limit=20)
    person_ref = _text(raw, "person_ref", limit=30)
    package_id = None
    if package_ref:
        match = PACKAGE_REF.match(package_ref.upper())
        if not match:
            raise Rejected("package_ref", "must look like PKG000123")
        package_id = int(match.group(1))
    elif not person_ref:
        raise Rejected("package_ref", "give package_ref or person_ref")
    visit_ref = _text(raw, "visit_ref", limit=20).upper()
    if visit_ref and not VISIT_REF.match(visit_ref):
        raise Rejected("visit_ref", "must look like V123")
    event_type = _text(raw, "event_type", required=True).lower().replace("-", "_")
    if event_type not in EventType.values:
        raise Rejected("event_type", f"must be one of {', '.join(EventType.values)}")
    occurred_at = parse_timestamp(raw.get("timestamp"))
    if occurred_at > now + FUTURE_LIMIT:
        raise Rejected("timestamp", "is in the future")
    if occurred_at < now - PAST_LIMIT:
        raise Rejected("timestamp", "is more than 400 days old")
    method = _text(raw, "method", required=True).lower()
    if method not in EventMethod.values:
        raise Rejected("method", f"must be one of {', '.join(EventMethod.values)}")
    code = _text(raw, "exception_code", limit=40)
    if method == EventMethod.MANUAL and not code:
        raise Rejected("exception_code", "is required for a manual entry")
    latitude = _coordinate(raw, "latitude", 90)
    longitude = _coordinate(raw, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise Rejected(
            "latitude" if latitude is None else "longitude", "give both latitude and longitude, or neither"
        )
    return _Valid(
        index,
        event_id,
        carer,
        package_id,
        person_ref,
        visit_ref,
        event_type,
        occurred_at,
        method,
        latitude,
        longitude,
        code,
    )


def ingest(
    *,
    provider: Any,
    events: list[Any],
    batch: str = "",
    all_or_nothing: bool = False,
    now: dt.datetime | None = None,
) -> BatchResult:
    """Check and store a batch of events sent by (or for) `provider`."""
    now = now or timezone.now()
    if len(events) > MAX_BATCH:
        raise ValueError(f"A batch holds at most {MAX_BATCH} events; this one has {len(events)}")
    results: list[EventResult | None] = [None] * len(events)
    valid: list[_Valid] = []
    for index, raw in enumerate(events):
        try:
            valid.append(_validate(index, raw, provider, now))
        except Rejected as exc:
            results[index] = EventResult(index, _event_id(raw), "rejected", exc.field, exc.reason)

    # Packages and visits must be this provider's own.
    package_ids = {v.package_id for v in valid if v.package_id}
    own_packages = set(
        Package.objects.filter(provider=provider, pk__in=package_ids).values_list("pk", flat=True)
    )
    person_refs = {v.person_ref for v in valid if v.package_id is None}
    by_person: dict[str, int] = {}
    if person_refs:
        for pk, ref in (
            Package.objects.filter(provider=provider, person__council_ref__in=person_refs)
            .order_by("started_on", "pk")
            .values_list("pk", "person__council_ref")
        ):
            by_person[ref] = pk  # the latest package with this provider
    visit_ids = {int(v.visit_ref[1:]) for v in valid if v.visit_ref}
    visit_package = dict(
        Visit.objects.filter(provider=provider, pk__in=visit_ids).values_list("pk", "package_id")
    )
    checked: list[_Valid] = []
    for v in valid:
        if v.package_id is None:
            v.package_id = by_person.get(v.person_ref)
            if v.package_id is None:
                results[v.index] = EventResult(
                    v.index,
                    v.event_id,
                    "rejected",
                    "person_ref",
                    "is not a person whose care this provider delivers",
                )
                continue
        elif v.package_id not in own_packages:
            results[v.index] = EventResult(
                v.index, v.event_id, "rejected", "package_ref", "is not a package this provider delivers"
            )
            continue
        if v.visit_ref and visit_package.get(int(v.visit_ref[1:])) != v.package_id:
            results[v.index] = EventResult(
                v.index, v.event_id, "rejected", "visit_ref", "is not a visit of this package"
            )
            continue
        checked.append(v)

    if all_or_nothing and any(r is not None and r.status == "rejected" for r in results):
        out = BatchResult()
        for i, r in enumerate(results):
            out.results.append(
                r
                if r is not None
                else EventResult(
                    i,
                    _event_id(events[i]),
                    "rejected",
                    "",
                    "not stored: another event in the batch was rejected",
                )
            )
        return out

    with transaction.atomic():
        ids = [v.event_id for v in checked]
        existing = set(
            VisitEvent.objects.filter(provider=provider, event_id__in=ids).values_list("event_id", flat=True)
        )
        fresh: list[tuple[int, tuple[Any, ...]]] = []
        seen: set[str] = set()
        for v in checked:
            if v.event_id in existing or v.event_id in seen:
                results[v.index] = EventResult(v.index, v.event_id, "duplicate")
                continue
            seen.add(v.event_id)
            results[v.index] = EventResult(v.index, v.event_id, "accepted")
            fresh.append(
                (
                    v.index,
                    (
                        provider.pk,
                        v.event_id,
                        v.carer_ref,
                        v.package_id,
                        v.visit_ref,
                        v.event_type,
                        v.occurred_at,
                        v.method,
                        v.latitude,
                        v.longitude,
                        v.exception_code,
                        now,
                        batch,
                    ),
                )
            )
        stored = _store(fresh, results)
        queue((row[3], day) for row in stored for day in days_touched(row[6], LONDON))
    return BatchResult([r for r in results if r is not None])


# The API's name for each stored column, to name the field the database refused.
_API_NAMES = {"package_id": "package_ref", "occurred_at": "timestamp"}
_STORE_ERRORS = (DatabaseError, ValueError, UnicodeError)


def _store(
    fresh: list[tuple[int, tuple[Any, ...]]], results: list[EventResult | None]
) -> list[tuple[Any, ...]]:
    """Insert the rows; if the database refuses the batch, split it until the refused events are
    found, reject those and store the others. Returns the rows stored."""
    if not fresh:
        return []
    rows = [row for _, row in fresh]
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the rest of the batch usable
            insert_rows(VisitEvent, EVENT_FIELDS, rows, ignore_conflicts=True)
        return rows
    except _STORE_ERRORS as exc:
        if len(fresh) > 1:
            middle = len(fresh) // 2
            return _store(fresh[:middle], results) + _store(fresh[middle:], results)
        index, row = fresh[0]
        logger.warning("call-monitoring event %s could not be stored: %r", index, exc)
        previous = results[index]
        results[index] = EventResult(
            index,
            previous.event_id if previous else "",
            "rejected",
            _refused_field(row),
            "could not be stored: the database refused a value",
        )
        return []


def _refused_field(row: tuple[Any, ...]) -> str:
    """The field whose text the database cannot hold (NUL, unpaired surrogate), or "" if unclear."""
    for name, value in zip(EVENT_FIELDS, row, strict=True):
        if isinstance(value, str) and ("\x00" in value or _unencodable(value)):
            return _API_NAMES.get(name, name)
    return ""


def _unencodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _event_id(raw: Any) -> str:
    """The event's id to echo in a result: only an id of the valid shape is echoed back."""
    value = raw.get("event_id") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and EVENT_ID.match(value) else ""
