"""Import historical packages: one CSV row per package episode.

Columns: person_ref, postcode, funding, referred_on, source, ready_for_discharge_on, hours_per_week,
placed_on, provider_ref, ended_on, end_reason, and optionally source_ref. Dates are ISO (YYYY-MM-DD),
empty when not applicable.
``funding`` is council, health (NHS Continuing Healthcare), joint, direct_payment or self_funder;
``source`` is community or hospital; ``provider_ref`` is the provider's council reference or CQC
provider ID. People are matched by ``person_ref`` (created when new).

The status follows from the dates: ended (or cancelled, when it ended before a placement), active
when placed, otherwise waiting ("brokering"). Imported episodes carry commissioned hours only, so
``hours_per_week`` is stored as both the visit hours and the carer hours.

Importing a file again never doubles an episode:

- ``source_ref`` (optional) is the other system's id for the episode, stored on the package (unique).
  A row whose reference is new creates its episode; a row whose reference is known updates that
  episode (and counts as unchanged when nothing differs). A reference belongs to one person: a row
  giving another person's reference is refused. A reference may appear once in a file.
- A row without a reference that matches an episode already recorded for the same person, provider
  and start date (the placement date, or the referral date for an episode never placed) is reported
  as already imported and left alone. A row with a reference that matches such an episode without
  one gives it the reference (an update) rather than adding a second one.
- An episode brokered here since it was imported (it has offers) is not changed by a re-import.

The whole file is checked first; if any row is wrong nothing is imported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from homecare.brokerage.hooks import package_changed
from homecare.brokerage.models import Funding, Package, PackageEvent, PackageStatus, Referral, ReferralSource
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.imports import (
    ErrorCollector,
    cell,
    csv_rows,
    find_header,
    open_text,
    record_import,
    require_columns,
)
from homecare.geography.models import Postcode
from homecare.geography.postcodes import normalise
from homecare.people.models import Person
from homecare.providers.models import Provider

COLUMNS = [
    "person_ref",
    "postcode",
    "funding",
    "referred_on",
    "source",
    "ready_for_discharge_on",
    "hours_per_week",
    "placed_on",
    "provider_ref",
    "ended_on",
    "end_reason",
]
OPTIONAL_COLUMNS = ["source_ref"]
MAX_SOURCE_REF = 100
FUNDING = {
    "council": Funding.COUNCIL,
    "health": Funding.NHS_CHC,
    "joint": Funding.JOINT,
    "direct_payment": Funding.DIRECT_PAYMENT,
    "self_funder": Funding.SELF_FUNDER,
}
SOURCES = {"community": ReferralSource.COMMUNITY, "hospital": ReferralSource.HOSPITAL}
MAX_HOURS = Decimal("168")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class _Row:
    line: int
    person_ref: str
    postcode: str
    funding: str
    referred_on: dt.date
    source: str
    ready_on: dt.date | None
    hours: Decimal
    placed_on: dt.date | None
    provider_ref: str
    ended_on: dt.date | None
    end_reason: str
    source_ref: str = ""

    @property
    def start(self) -> dt.date:
        """The episode's start for matching: its placement, or its referral if never placed."""
        return self.placed_on or self.referred_on


@dataclass
class PackageImportResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    already_imported: int = 0  # of the unchanged: rows without a reference matching a recorded episode
    people_created: int = 0
    people_matched: int = 0
    waiting: int = 0

    @property
    def packages(self) -> int:
        """Package episodes created by this import."""
        return self.new

    @property
    def rows(self) -> int:
        return self.new + self.updated + self.unchanged

    def summary(self) -> str:
        already = (
            f" ({self.already_imported} already imported: same person, provider and start date)"
            if self.already_imported
            else ""
        )
        return (
            f"{self.rows} package episodes: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged{already}; {self.waiting} still waiting; "
            f"{self.people_created} people created, {self.people_matched} matched"
        )


def _date(
    raw: str, line: int, column: str, errors: ErrorCollector, *, required: bool = False
) -> dt.date | None:
    if not raw:
        if required:
            errors.add(line, column, "A date is required (YYYY-MM-DD)")
        return None
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.add(line, column, f"{raw!r} is not a date in the form YYYY-MM-DD")
        return None


def _parse(source: Any) -> list[_Row]:
    handle = open_text(source)
    rows = csv_rows(handle)
    header_line, header = find_header(rows, ["person_ref"])
    index = require_columns(header, COLUMNS)
    lowered = [h.strip().lower() for h in header]
    index.update({name: lowered.index(name) for name in OPTIONAL_COLUMNS if name in lowered})
    errors = ErrorCollector()
    raw_rows: list[tuple[int, dict[str, str]]] = []
    for line, row in enumerate(rows, start=header_line + 1):
        if not any(c.strip() for c in row):
            continue
        raw_rows.append((line, {name: cell(row, index, name) for name in [*COLUMNS, *OPTIONAL_COLUMNS]}))

    postcodes_wanted = set()
    for _, r in raw_rows:
        with contextlib.suppress(ValidationError):
            postcodes_wanted.add(normalise(r["postcode"]))
    known_postcodes = set(
        Postcode.objects.filter(postcode__in=postcodes_wanted).values_list("postcode", flat=True)
    )
    refs = {r["provider_ref"] for _, r in raw_rows if r["provider_ref"]}
    known_providers = {
        key
        for ref, cqc in Provider.objects.filter(
            Q(council_ref__in=refs) | Q(cqc_provider_id__in=refs)
        ).values_list("council_ref", "cqc_provider_id")
        for key in (ref, cqc)
        if key
    }

    parsed = []
    ref_lines: dict[str, int] = {}
    for line, r in raw_rows:
        n = errors.total
        source_ref = r["source_ref"]
        if len(source_ref) > MAX_SOURCE_REF:
            errors.add(line, "source_ref", f"The source reference is longer than {MAX_SOURCE_REF} characters")
        elif source_ref in ref_lines:
            errors.add(
                line,
                "source_ref",
                f"The source reference {source_ref!r} is already used by row {ref_lines[source_ref]}",
            )
        elif source_ref:
            ref_lines[source_ref] = line
        person_ref = r["person_ref"].upper()
        if not person_ref:
            errors.add(line, "person_ref", "The person's reference is empty")
        elif len(person_ref) > 30:
            errors.add(line, "person_ref", "The person's reference is longer than 30 characters")
        postcode = ""
        try:
            postcode = normalise(r["postcode"])
        except ValidationError:
            errors.add(line, "postcode", f"{r['postcode']!r} is not a valid UK postcode")
        else:
            if postcode not in known_postcodes:
                errors.add(line, "postcode", f"{postcode} is not in the postcode directory")
        funding = FUNDING.get(r["funding"].lower())
        if funding is None:
            errors.add(line, "funding", f"{r['funding']!r} is not one of {', '.join(FUNDING)}")
        source = SOURCES.get(r["source"].lower())
        if source is None:
            errors.add(line, "source", f"{r['source']!r} is not community or hospital")
        referred_on = _date(r["referred_on"], line, "referred_on", errors, required=True)
        ready_on = _date(r["ready_for_discharge_on"], line, "ready_for_discharge_on", errors)
        placed_on = _date(r["placed_on"], line, "placed_on", errors)
        ended_on = _date(r["ended_on"], line, "ended_on", errors)
        hours = Decimal("0")
        try:
            hours = Decimal(r["hours_per_week"])
            if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
                raise InvalidOperation
        except InvalidOperation:
            errors.add(
                line, "hours_per_week", f"{r['hours_per_week']!r} is not a number of hours from 0 to 168"
            )
        if ready_on and source == ReferralSource.COMMUNITY:
            errors.add(line, "ready_for_discharge_on", "Only a hospital referral has a discharge date")
        if referred_on:
            if placed_on and placed_on < referred_on:
                errors.add(line, "placed_on", "The placement is before the referral")
            if ended_on and ended_on < referred_on:
                errors.add(line, "ended_on", "The end is before the referral")
        if placed_on and ended_on and ended_on < placed_on:
            errors.add(line, "ended_on", "The end is before the placement")
        provider_ref = r["provider_ref"]
        if placed_on and not provider_ref:
            errors.add(line, "provider_ref", "A placed package needs the provider's reference")
        if provider_ref and not placed_on:
            errors.add(line, "placed_on", "A package with a provider needs its placement date")
        if provider_ref and provider_ref not in known_providers:
            errors.add(
                line, "provider_ref", f"No provider has the council reference or CQC ID {provider_ref!r}"
            )
        if ended_on and not r["end_reason"]:
            errors.add(line, "end_reason", "An ended package needs a reason")
        if errors.total == n:
            assert referred_on is not None and funding is not None and source is not None
            parsed.append(
                _Row(
                    line,
                    person_ref,
                    postcode,
                    funding,
                    referred_on,
                    source,
                    ready_on,
                    hours.quantize(Decimal("0.01")),
                    placed_on,
                    provider_ref,
                    ended_on,
                    r["end_reason"][:300],
                    source_ref,
                )
            )
    if not raw_rows:
        errors.add(None, "", "The file has no package rows")
    errors.raise_if_any()
    return parsed


def _status(row: _Row) -> str:
    if row.ended_on:
        return PackageStatus.ENDED if row.placed_on else PackageStatus.CANCELLED
    return PackageStatus.ACTIVE if row.placed_on else PackageStatus.BROKERING


Key = tuple[int, int | None, dt.date]


def _package_key(p: Package) -> Key:
    return (p.person_id, p.provider_id, p.started_on or p.placed_on or p.referred_on)


def _package_values(r: _Row, provider_id: int | None, zone_id: int | None) -> dict[str, Any]:
    return {
        "status": _status(r),
        "funding": r.funding,
        "zone_id": zone_id,
        "referred_on": r.referred_on,
        "placed_on": r.placed_on,
        "started_on": r.placed_on,
        "ended_on": r.ended_on,
        "end_reason": r.end_reason,
        "provider_id": provider_id,
        "hours_per_week": r.hours,
        "carer_hours_per_week": r.hours,
        "source_ref": r.source_ref,
    }


def _referral_values(r: _Row) -> dict[str, Any]:
    return {
        "source": r.source,
        "ready_for_discharge_on": r.ready_on,
        "funding": r.funding,
        "referred_on": r.referred_on,
    }


def _differs(obj: Any, values: dict[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


@dataclass
class _Plan:
    create: list[_Row]
    update: list[tuple[_Row, Package]]


def _plan(
    rows: list[_Row], people: dict[str, Person], providers: dict[str, int], zones: dict[str, int | None]
) -> tuple[_Plan, PackageImportResult]:
    """Decide, row by row, whether each episode is new, an update or unchanged (see the module
    docstring). Refuses the whole file if a row cannot be applied."""
    result = PackageImportResult()
    refs = {r.source_ref for r in rows if r.source_ref}
    existing = list(
        Package.objects.filter(Q(person_id__in={p.pk for p in people.values()}) | Q(source_ref__in=refs))
        .select_related("person", "referral")
        .annotate(offer_count=Count("offers"))
        .order_by("pk")
    )
    by_ref = {p.source_ref: p for p in existing if p.source_ref}
    by_key: dict[Key, Package] = {}
    for p in existing:
        by_key.setdefault(_package_key(p), p)
    errors = ErrorCollector()
    plan = _Plan([], [])
    seen: set[Key] = set()
    adopted: set[int] = set()
    for r in rows:
        person = people[r.person_ref]
        provider_id = providers.get(r.provider_ref) if r.provider_ref else None
        key: Key = (person.pk, provider_id, r.start)
        if not r.source_ref:
            if key in by_key or key in seen:
                result.unchanged += 1
                result.already_imported += 1
            else:
                plan.create.append(r)
                seen.add(key)
            continue
        package = by_ref.get(r.source_ref)
        if package is None:
            match = by_key.get(key)
            if match is not None and not match.source_ref and match.pk not in adopted:
                package = match
                adopted.add(match.pk)
        if package is None:
            plan.create.append(r)
            seen.add(key)
        elif package.person_id != person.pk:
            errors.add(
                r.line,
                "source_ref",
                f"The source reference {r.source_ref!r} is an episode of {package.person.council_ref}, "
                f"not of {r.person_ref}",
            )
        elif not _differs(package, _package_values(r, provider_id, zones[r.postcode])) and not (
            package.referral is not None and _differs(package.referral, _referral_values(r))
        ):
            result.unchanged += 1
        elif package.offer_count:  # type: ignore[attr-defined]
            errors.add(
                r.line,
                "source_ref",
                f"Package {package.reference} has been brokered here since it was imported: "
                "change it on its page",
            )
        else:
            plan.update.append((r, package))
    errors.raise_if_any()
    result.new = len(plan.create)
    result.updated = len(plan.update)
    return plan, result


def _apply_update(
    r: _Row, package: Package, *, by: Actor, provider_id: int | None, zone_id: int | None
) -> None:
    before = package.status
    values = _package_values(r, provider_id, zone_id)
    audit.update_fields(by=by, obj=package, action="updated_by_import", reason=f"Row {r.line}", **values)
    if package.referral is not None:
        audit.update_fields(
            by=by,
            obj=package.referral,
            action="updated_by_import",
            reason=f"Row {r.line}",
            **_referral_values(r),
        )
    if package.status != before:
        PackageEvent.objects.create(
            package=package,
            from_status=before,
            to_status=package.status,
            actor=by.user,
            actor_label=by.label,
            reason="Updated from a historical file",
        )


@transaction.atomic
def import_packages(source: str | Path | IO[bytes], *, by: Actor) -> PackageImportResult:
    rows = _parse(source)
    postcodes = {
        p.postcode: p
        for p in Postcode.objects.filter(postcode__in={r.postcode for r in rows}).select_related("ward")
    }
    people = {p.council_ref: p for p in Person.objects.filter(council_ref__in={r.person_ref for r in rows})}
    people_matched = len(people)
    new_people = []
    for r in rows:
        if r.person_ref in people:
            continue
        pc = postcodes[r.postcode]
        person = Person(
            council_ref=r.person_ref,
            postcode=pc.postcode,
            postcode_ref=pc,
            ward=pc.ward,
            zone_id=pc.ward.zone_id,
        )
        people[r.person_ref] = person
        new_people.append(person)
    Person.objects.bulk_create(new_people, batch_size=1000)
    people = {p.council_ref: p for p in Person.objects.filter(council_ref__in={r.person_ref for r in rows})}
    if new_people:
        audit.record_many(
            by=by,
            action="created_by_import",
            objs=Person.objects.filter(council_ref__in=[p.council_ref for p in new_people]),
        )
    providers: dict[str, int] = {}
    for pk, ref, cqc in Provider.objects.values_list("pk", "council_ref", "cqc_provider_id"):
        providers[ref] = pk
        if cqc:
            providers.setdefault(cqc, pk)
    zones = {code: pc.ward.zone_id for code, pc in postcodes.items()}

    plan, result = _plan(rows, people, providers, zones)
    result.people_matched = people_matched
    result.people_created = len(new_people)
    result.waiting = sum(1 for r in rows if _status(r) == PackageStatus.BROKERING)

    for r, package in plan.update:
        provider_id = providers.get(r.provider_ref) if r.provider_ref else None
        _apply_update(r, package, by=by, provider_id=provider_id, zone_id=zones[r.postcode])

    referrals = [
        Referral(
            person=people[r.person_ref],
            source=r.source,
            ready_for_discharge_on=r.ready_on,
            funding=r.funding,
            referred_on=r.referred_on,
            notes=f"Imported (row {r.line})",
        )
        for r in plan.create
    ]
    referrals = Referral.objects.bulk_create(referrals, batch_size=1000)
    packages = [
        Package(
            person=people[r.person_ref],
            referral=referral,
            off_framework=False,
            **_package_values(
                r, providers.get(r.provider_ref) if r.provider_ref else None, zones[r.postcode]
            ),
        )
        for r, referral in zip(plan.create, referrals, strict=True)
    ]
    packages = Package.objects.bulk_create(packages, batch_size=1000)
    PackageEvent.objects.bulk_create(
        [
            PackageEvent(
                package=p,
                to_status=p.status,
                actor=by.user,
                actor_label=by.label,
                reason="Imported from a historical file",
            )
            for p in packages
        ],
        batch_size=1000,
    )
    if packages:
        audit.record_many(by=by, action="imported", objs=packages)
    package_changed(by=by, package_ids=[p.pk for p in packages] + [p.pk for _, p in plan.update])
    record_import(
        by=by,
        kind="packages",
        file_name=getattr(source, "name", str(source)),
        summary={
            "summary": result.summary(),
            "packages": result.new,
            "new": result.new,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "people_created": result.people_created,
        },
    )
    return result
