"""Demo people: everyone receiving care (the size's `people`), plus those waiting for care and
those whose care ended in the last year (about 30% more records). Names, addresses and NHS numbers
are synthetic; NHS numbers carry a valid check digit and start with 999 (never issued)."""

from __future__ import annotations

import datetime as dt

from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.core.demo_names import person_name
from homecare.geography.models import Postcode
from homecare.people.models import Person
from homecare.people.nhs import check_digit

STREETS = [
    "High Street",
    "Church Lane",
    "Mill Road",
    "Station Road",
    "The Green",
    "Park Avenue",
    "Orchard Close",
    "Victoria Road",
]
NEEDS = [
    "",
    "",
    "",
    "",
    "",
    "Hard of hearing: speak clearly, face the person",
    "Speaks Gujarati; son translates",
    "Large print",
    "British Sign Language",
    "Dementia: short, simple sentences",
]
#: Records beyond those receiving care: waiting and ended in the last year.
EXTRA_SHARE = 0.3


def people_count(ctx: DemoContext) -> int:
    return round(ctx.size.people * (1 + EXTRA_SHARE))


def _nhs_number(serial: int) -> str:
    """A distinct test NHS number (999 range) for each serial below 90,909, with a valid check digit."""
    for k in range(11):
        nine = f"999{(serial * 11 + k) % 1_000_000:06d}"
        digit = check_digit(nine)
        if digit is not None:
            return f"{nine}{digit}"
    raise AssertionError("unreachable: one of eleven consecutive numbers has a check digit")


def people(ctx: DemoContext) -> None:
    rng = ctx.rng_for("people")
    postcodes = list(
        Postcode.objects.order_by("postcode").values_list("pk", "postcode", "ward_id", "ward__zone_id")
    )
    rows = []
    used_nhs: set[str] = set()
    for i in range(1, people_count(ctx) + 1):
        first, last = person_name(rng)
        pk, code, ward_id, zone_id = rng.choice(postcodes)
        nhs = ""
        if rng.random() < 0.85:
            nhs = _nhs_number(i)
            if nhs in used_nhs:
                nhs = ""
            used_nhs.add(nhs)
        age = min(104, max(18, int(rng.gauss(81, 9))))
        rows.append(
            Person(
                council_ref=f"ASC{i:06d}",
                nhs_number=nhs,
                first_name=first,
                last_name=last,
                date_of_birth=ctx.today - dt.timedelta(days=age * 365 + rng.randint(0, 364)),
                address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
                postcode=code,
                postcode_ref_id=pk,
                ward_id=ward_id,
                zone_id=zone_id,
                phone=f"01632 {rng.randint(100000, 999999)}",
                communication_needs=rng.choice(NEEDS),
            )
        )
    Person.objects.bulk_create(rows, batch_size=2000)
    ctx.data["people"] = list(Person.objects.order_by("council_ref").values_list("pk", "zone_id"))


STEPS = [DemoStep(40, "people", people)]
