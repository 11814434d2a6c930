"""Display formatting for people's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from homecare.core.extensions import ExtensionPoint
from homecare.people.models import Person
from homecare.people.nhs import format_nhs_number

PERSON_FLAGS = ExtensionPoint(
    "people.person_flags",
    "Called with person ids; returns {person id: [short flag, ...]} to show next to each person in "
    "lists (brokerage: 'In hospital')",
)


def person_flags(person_ids: Iterable[int]) -> dict[int, list[str]]:
    """Every app's flags for these people (one query per app, whatever the number of people)."""
    ids = list(person_ids)
    found: dict[int, list[str]] = {pk: [] for pk in ids}
    for flags_of in PERSON_FLAGS.implementations():
        for pk, flags in flags_of(ids).items():
            found.setdefault(pk, []).extend(flags)
    return found


def person_in_list(person: Person, *, flags: Iterable[str] = ()) -> dict[str, Any]:
    """What a list shows of a person to someone who may see people's records (people.view): who
    they are at a glance. The caller logs each person shown (`audit.log_views`, ADR 0010)."""
    return {
        "ref": person.council_ref,
        "name": person.full_name or "Name not recorded",
        "born": f"{person.date_of_birth:%-d %b %Y}" if person.date_of_birth else "not recorded",
        "flags": list(flags),
    }


def person_summary(person: Person, *, today: dt.date | None = None) -> list[tuple[str, str]]:
    today = today or dt.date.today()
    age = person.age_on(today)
    born = f"{person.date_of_birth:%-d %B %Y} (age {age})" if person.date_of_birth else "Not recorded"
    zone = person.zone.name if person.zone else "Unknown"
    ward = person.ward.display_name if person.ward else "Unknown"
    rows = [
        ("Council reference", person.council_ref),
        ("NHS number", format_nhs_number(person.nhs_number) if person.nhs_number else "Not recorded"),
        ("Name", person.full_name),
        ("Date of birth", born),
        (
            "Address",
            ", ".join(line.strip() for line in person.address.splitlines() if line.strip()) or "Not recorded",
        ),
        ("Postcode", person.postcode or "Not recorded"),
        ("Ward", ward),
        ("Zone", zone),
        ("Phone", person.phone or "Not recorded"),
        ("Contact", " ".join(filter(None, [person.contact_name, person.contact_phone])) or "None"),
        ("Communication needs", person.communication_needs or "None recorded"),
    ]
    return rows


def person_initial(person: Person) -> dict[str, Any]:
    return {
        "nhs_number": format_nhs_number(person.nhs_number) if person.nhs_number else "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.date_of_birth,
        "address": person.address,
        "postcode": person.postcode,
        "phone": person.phone,
        "contact_name": person.contact_name,
        "contact_phone": person.contact_phone,
        "communication_needs": person.communication_needs,
    }
