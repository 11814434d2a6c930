from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from homecare.geography.factories import ZoneFactory
from homecare.providers.models import (
    CapacityReturn,
    Contract,
    ContractTier,
    CqcRating,
    CqcRatingValue,
    Framework,
    Location,
    Lot,
    Provider,
    Rate,
)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Care {n} Ltd")
    council_ref = factory.Sequence(lambda n: f"PRV{n:05d}")
    cqc_provider_id = factory.Sequence(lambda n: f"1-{100000000 + n}")

    @factory.post_generation
    def zones(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.zones.set(extracted)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    provider = factory.SubFactory(ProviderFactory)
    cqc_location_id = factory.Sequence(lambda n: f"1-{2000000000 + n}")
    name = factory.Sequence(lambda n: f"Branch {n}")
    postcode = "FN1 1AB"


class CqcRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CqcRating

    location = factory.SubFactory(LocationFactory)
    published_on = dt.date(2024, 3, 1)
    overall = CqcRatingValue.GOOD


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Home care framework {n}")
    reference = factory.Sequence(lambda n: f"FW{n:03d}")
    starts_on = dt.date(2024, 4, 1)


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot
        skip_postgeneration_save = True

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"L{n}")
    name = factory.Sequence(lambda n: f"Lot {n}")

    @factory.post_generation
    def zones(obj, create, extracted, **kwargs):
        if create:
            obj.zones.set(extracted if extracted is not None else [ZoneFactory()])


class ContractFactory(factory.django.DjangoModelFactory):
    """A lead-provider contract on a framework lot; pass tier=SPOT with lot=None, framework=None for spot."""

    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"C{n:05d}")
    provider = factory.SubFactory(ProviderFactory)
    lot = factory.SubFactory(LotFactory)
    framework = factory.LazyAttribute(lambda o: o.lot.framework if o.lot else None)
    tier = ContractTier.LEAD
    target_share = Decimal("60")
    starts_on = dt.date(2024, 4, 1)


class RateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rate

    contract = factory.SubFactory(ContractFactory)
    effective_from = dt.date(2025, 4, 7)
    hourly_rate = Decimal("22.50")


class CapacityReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityReturn

    provider = factory.SubFactory(ProviderFactory)
    week_commencing = dt.date(2026, 11, 16)
    staff_in_post = 40
    vacancies = 3
    leavers = 1
    submitted_by_label = "factory"
