"""Test data for brokerage: packages made through the services, so they are in a real state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from homecare.brokerage import services
from homecare.brokerage.models import Package
from homecare.brokerage.services import VisitInput
from homecare.core.actor import Actor
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import PostcodeFactory, WardFactory
from homecare.geography.models import Zone
from homecare.people.factories import PersonFactory
from homecare.people.models import Person
from homecare.providers.factories import ContractFactory, LotFactory
from homecare.providers.models import Contract, ContractTier, Lot

DAILY = 127


def visits(*, calls: int = 2, minutes: int = 30, double_up: bool = False) -> list[VisitInput]:
    times = [dt.time(8), dt.time(12, 30), dt.time(17), dt.time(20, 30)]
    return [
        VisitInput(
            days=DAILY, start=times[i], duration_minutes=minutes, carers=2 if double_up and i == 0 else 1
        )
        for i in range(calls)
    ]


def person_in(zone: Zone, **kwargs: Any) -> Person:
    person: Person = PersonFactory(postcode_ref=PostcodeFactory(ward=WardFactory(zone=zone)), **kwargs)  # type: ignore[assignment]
    return person


def make_package(
    *, zone: Zone | None = None, person: Person | None = None, by: Actor = TEST_ACTOR, **kwargs: Any
) -> Package:
    if person is None:
        person = person_in(zone) if zone is not None else PersonFactory()  # type: ignore[assignment]
    values: dict[str, Any] = {
        "source": "community",
        "funding": "council",
        "service_type": "general",
        "urgency": "standard",
        "referred_on": dt.date.today(),
        "visits": visits(),
    }
    values.update(kwargs)
    return services.create_referral(by=by, person=person, **values)


def framework_lot(
    zone: Zone, *, policy: str = "zone_shares", shares: tuple[int, ...] = (60, 20, 20)
) -> tuple[Lot, list[Contract]]:
    """A lot covering `zone` with a lead and secondaries holding the given target shares."""
    lot: Lot = LotFactory(zones=[zone], framework__allocation_policy=policy)  # type: ignore[assignment]
    contracts: list[Contract] = []
    for i, share in enumerate(shares):
        contracts.append(
            ContractFactory(
                lot=lot,
                tier=ContractTier.LEAD if i == 0 else ContractTier.SECONDARY,
                target_share=Decimal(share),
                tender_rank=i + 1,
                provider__zones=[zone],
            )
        )
    return lot, contracts
