"""Capacity and workforce returns from providers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.geography.models import Zone
from homecare.providers.models import CapacityLine, CapacityReturn, Provider, TimeBand


@dataclass(frozen=True)
class LineInput:
    zone: str  # zone code
    time_band: str
    hours: Decimal | int | float | str


def _validate(
    provider: Provider,
    *,
    week_commencing: dt.date,
    staff_in_post: int,
    vacancies: int,
    leavers: int,
    lines: list[LineInput],
) -> list[tuple[Zone, str, Decimal]]:
    errors: dict[str, str] = {}
    if week_commencing.weekday() != 0:
        errors["week_commencing"] = (
            f"{week_commencing:%d/%m/%Y} is not a Monday: give the Monday the week starts"
        )
    for name, value in (("staff_in_post", staff_in_post), ("vacancies", vacancies), ("leavers", leavers)):
        if value is None or value < 0:
            errors[name] = "Enter a whole number of 0 or more"
    served = {z.code.upper(): z for z in provider.zones.all()}
    bands = {b.value for b in TimeBand}
    seen: set[tuple[str, str]] = set()
    clean: list[tuple[Zone, str, Decimal]] = []
    for i, line in enumerate(lines):
        code = (line.zone or "").strip().upper()
        zone = served.get(code)
        if zone is None:
            known = ", ".join(sorted(served)) or "none recorded"
            errors[f"lines.{i}.zone"] = f"Zone {code or '(empty)'} is not one you serve (yours: {known})"
        if line.time_band not in bands:
            errors[f"lines.{i}.time_band"] = f"Time band must be one of {', '.join(sorted(bands))}"
        try:
            hours = Decimal(str(line.hours))
        except InvalidOperation:
            errors[f"lines.{i}.hours"] = "Enter a number of hours"
            continue
        if not hours.is_finite() or hours < 0:
            errors[f"lines.{i}.hours"] = "Hours must be 0 or more"
            continue
        if zone is not None and line.time_band in bands:
            key = (code, line.time_band)
            if key in seen:
                errors[f"lines.{i}.time_band"] = f"Zone {code} {line.time_band} is given twice"
            seen.add(key)
            clean.append((zone, line.time_band, hours.quantize(Decimal("0.01"))))
    if errors:
        raise DomainError(errors)
    return clean


@transaction.atomic
def save_capacity_return(
    *,
    by: Actor,
    provider: Provider,
    week_commencing: dt.date,
    staff_in_post: int,
    vacancies: int,
    leavers: int,
    lines: Iterable[LineInput],
    capacity_return: CapacityReturn | None = None,
) -> tuple[CapacityReturn, bool]:
    """Create a provider's return for a week, or replace it (the one given, or the one already sent
    for that week). Returns (return, created)."""
    lines = list(lines)
    clean = _validate(
        provider,
        week_commencing=week_commencing,
        staff_in_post=staff_in_post,
        vacancies=vacancies,
        leavers=leavers,
        lines=lines,
    )
    if capacity_return is not None and capacity_return.provider_id != provider.pk:
        raise DomainError("This return belongs to another provider")
    same_week = CapacityReturn.objects.filter(provider=provider, week_commencing=week_commencing).first()
    if capacity_return is not None and same_week is not None and same_week.pk != capacity_return.pk:
        raise DomainError(
            {"week_commencing": "You have already sent a return for that week: change that one"}
        )
    existing = capacity_return or same_week
    user = by.user
    label = by.label
    values: dict[str, Any] = {
        "week_commencing": week_commencing,
        "staff_in_post": staff_in_post,
        "vacancies": vacancies,
        "leavers": leavers,
    }
    if existing is None:
        record = CapacityReturn.objects.create(
            provider=provider, submitted_by=user, submitted_by_label=label, **values
        )
        audit.created(by=by, obj=record, fields=["provider_id", *values])
        created = True
    else:
        record = existing
        audit.update_fields(by=by, obj=record, submitted_by=user, submitted_by_label=label, **values)
        created = False
    before = {
        f"{line.zone.code} {line.time_band}": str(line.hours) for line in record.lines.select_related("zone")
    }
    record.lines.all().delete()
    CapacityLine.objects.bulk_create(
        [CapacityLine(capacity_return=record, zone=z, time_band=b, hours=h) for z, b, h in clean]
    )
    after = {f"{z.code} {b}": str(h) for z, b, h in clean}
    if before != after:
        audit.record(by=by, action="capacity_lines_set", obj=record, changes={"lines": [before, after]})
    return record, created
