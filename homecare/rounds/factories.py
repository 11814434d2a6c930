"""Test data for rounds: carers with shifts, and a provider's day of visits to plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from homecare.brokerage.services import VisitInput
from homecare.geography.factories import PostcodeFactory
from homecare.people.factories import PersonFactory
from homecare.providers.factories import ProviderFactory
from homecare.rounds.models import Carer, Shift
from homecare.visits.factories import package_in_care

DAILY = 127


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    carer_ref = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"Carer {n}")
    skills = factory.LazyFunction(lambda: ["double_up_trained", "medication"])
    home_latitude = 52.62
    home_longitude = -1.12
    contracted_hours = Decimal("30")

    @factory.post_generation
    def shift(obj, create, extracted, **kwargs):
        """Works every day, 07:00-22:00, unless `shift=(start, end)` or `shift=False`."""
        if not create or extracted is False:
            return
        start, end = extracted or (dt.time(7), dt.time(22))
        Shift.objects.bulk_create([Shift(carer=obj, weekday=d, start=start, end=end) for d in range(7)])


def person_at(latitude: float, longitude: float) -> Any:
    return PersonFactory(postcode_ref=PostcodeFactory(latitude=latitude, longitude=longitude))


def visit_line(
    start: dt.time,
    *,
    minutes: int = 30,
    carers: int = 1,
    time_critical: bool = False,
    tolerance: int = 0,
    tasks: str = "",
) -> VisitInput:
    return VisitInput(
        days=DAILY,
        start=start,
        duration_minutes=minutes,
        carers=carers,
        time_critical=time_critical,
        tolerance_minutes=tolerance,
        tasks=tasks,
    )


def client_with_visits(
    provider: Any, day: dt.date, lines: list[VisitInput], *, at: tuple[float, float] = (52.625, -1.125)
) -> Any:
    """A person near the provider, in care with `provider`, with dated visits on `day`."""
    return package_in_care(provider=provider, started_on=day, days=1, plan=lines, person=person_at(*at))
