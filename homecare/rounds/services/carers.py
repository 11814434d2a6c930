"""Carers a provider keeps: add, change (with their weekly shifts) and deactivate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.providers.models import Provider
from homecare.rounds.models import Carer, Shift
from homecare.rounds.services.errors import RoundsError

CARER_FIELDS = [
    "carer_ref",
    "name",
    "skills",
    "home_postcode",
    "home_latitude",
    "home_longitude",
    "travel_mode",
    "max_travel_minutes",
    "contracted_hours",
]

ShiftHours = tuple[dt.time, dt.time]


def _check_shifts(shifts: dict[int, ShiftHours | None]) -> None:
    for weekday, hours in shifts.items():
        if not 0 <= weekday <= 6:
            raise RoundsError(f"Unknown day of the week {weekday}")
        if hours is not None and hours[1] <= hours[0]:
            raise RoundsError("A shift must end after it starts")


def _set_shifts(*, by: Actor, carer: Carer, shifts: dict[int, ShiftHours | None]) -> None:
    before = {s.weekday: [s.start.isoformat(), s.end.isoformat()] for s in carer.shifts.all()}
    after = dict(before)
    for weekday, hours in shifts.items():
        if hours is None:
            after.pop(weekday, None)
        else:
            after[weekday] = [hours[0].isoformat(), hours[1].isoformat()]
    if after == before:
        return
    carer.shifts.all().delete()
    Shift.objects.bulk_create(
        [
            Shift(carer=carer, weekday=day, start=dt.time.fromisoformat(a), end=dt.time.fromisoformat(b))
            for day, (a, b) in sorted(after.items())
        ]
    )
    audit.record(by=by, action="shifts_changed", obj=carer, changes={"shifts": [before, after]})


def _check_ref(provider: Provider, carer_ref: str, carer: Carer | None) -> None:
    clash = provider.carers.filter(carer_ref=carer_ref)
    if carer is not None:
        clash = clash.exclude(pk=carer.pk)
    if clash.exists():
        raise RoundsError({"carer_ref": f"Another of your carers already has the reference {carer_ref}"})


@transaction.atomic
def add_carer(
    *, by: Actor, provider: Provider, shifts: dict[int, ShiftHours | None] | None = None, **values: Any
) -> Carer:
    unknown = set(values) - set(CARER_FIELDS)
    if unknown:
        raise RoundsError(f"Unknown carer fields: {sorted(unknown)}")
    _check_ref(provider, values.get("carer_ref", ""), None)
    _check_shifts(shifts or {})
    values.setdefault("contracted_hours", Decimal("0"))
    carer = Carer.objects.create(provider=provider, **values)
    audit.created(by=by, obj=carer)
    _set_shifts(by=by, carer=carer, shifts=shifts or {})
    return carer


@transaction.atomic
def change_carer(
    *, by: Actor, carer: Carer, shifts: dict[int, ShiftHours | None] | None = None, **values: Any
) -> dict:
    unknown = set(values) - set(CARER_FIELDS)
    if unknown:
        raise RoundsError(f"Unknown carer fields: {sorted(unknown)}")
    if "carer_ref" in values:
        _check_ref(carer.provider, values["carer_ref"], carer)
    _check_shifts(shifts or {})
    changes = audit.update_fields(by=by, obj=carer, **values)
    if shifts is not None:
        _set_shifts(by=by, carer=carer, shifts=shifts)
    return changes


@transaction.atomic
def set_active(*, by: Actor, carer: Carer, active: bool, reason: str = "") -> bool:
    """Deactivate (or reactivate) a carer: an inactive carer is left out of new plans."""
    if carer.active == active:
        state = "active" if active else "inactive"
        raise RoundsError(f"{carer.name} is already {state}")
    audit.update_fields(
        by=by, obj=carer, action="activated" if active else "deactivated", reason=reason, active=active
    )
    return active
