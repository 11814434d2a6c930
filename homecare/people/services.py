"""Business operations on people's records. Every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError
from homecare.geography.postcodes import lookup
from homecare.people.models import Person
from homecare.people.nhs import normalise_nhs_number

EDITABLE = [
    "nhs_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "contact_name",
    "contact_phone",
    "communication_needs",
]


def _location(postcode: str) -> dict[str, Any]:
    """Resolve a postcode to its ward and zone; an empty postcode leaves the location unknown."""
    if not postcode.strip():
        return {"postcode": "", "postcode_ref": None, "ward": None, "zone": None}
    try:
        found = lookup(postcode)
    except ValidationError as exc:
        raise DomainError({"postcode": exc.messages}) from exc
    return {
        "postcode": found.postcode,
        "postcode_ref": found,
        "ward": found.ward,
        "zone": found.ward.zone,
    }


def _clean(values: dict[str, Any], *, exclude_pk: int = 0) -> dict[str, Any]:
    cleaned = dict(values)
    nhs = (cleaned.get("nhs_number") or "").strip()
    if nhs:
        try:
            cleaned["nhs_number"] = normalise_nhs_number(nhs)
        except ValidationError as exc:
            raise DomainError({"nhs_number": exc.messages}) from exc
        clash = Person.objects.filter(nhs_number=cleaned["nhs_number"]).exclude(pk=exclude_pk)
        if clash.exists():
            raise DomainError({"nhs_number": "Another person already has this NHS number"})
    else:
        cleaned["nhs_number"] = ""
    for name in ("first_name", "last_name"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
            if not cleaned[name]:
                raise DomainError({name: "Enter the person's name"})
    born = cleaned.get("date_of_birth")
    if born is not None and born > dt.date.today():
        raise DomainError({"date_of_birth": "The date of birth must be in the past"})
    if "postcode" in cleaned:
        cleaned.update(_location(cleaned["postcode"] or ""))
    return cleaned


@transaction.atomic
def create_person(*, by: Actor, council_ref: str, **values: Any) -> Person:
    council_ref = council_ref.strip().upper()
    if not council_ref:
        raise DomainError({"council_ref": "Enter the council reference"})
    if Person.objects.filter(council_ref=council_ref).exists():
        raise DomainError({"council_ref": f"A person with the reference {council_ref} already exists"})
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(council_ref=council_ref, **_clean(values))
    person.save()
    # The audit trail names the fields set, never their values (special category data).
    audit.record(
        by=by, action="created", obj=person, changes={"fields": sorted(k for k, v in values.items() if v)}
    )
    return person


@transaction.atomic
def update_person(*, by: Actor, person: Person, **values: Any) -> Person:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    cleaned = _clean(values, exclude_pk=person.pk)
    changed = [name for name, value in cleaned.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, cleaned[name])
    if changed:
        person.save(update_fields=changed)
        audit.record(by=by, action="updated", obj=person, changes={"fields": sorted(changed)})
    return person


def find_by_ref(council_ref: str) -> Person | None:
    return Person.objects.filter(council_ref=council_ref.strip().upper()).first()
