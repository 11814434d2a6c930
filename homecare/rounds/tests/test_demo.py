import datetime as dt

import pytest

from homecare.demo.generator import SIZES, DemoContext
from homecare.geography.factories import PostcodeFactory
from homecare.rounds.demo import carers
from homecare.rounds.factories import client_with_visits, visit_line
from homecare.rounds.models import Carer, Shift

pytestmark = pytest.mark.django_db


def _ctx(**data):
    ctx = DemoContext(seed=1, size=SIZES["small"], today=dt.date(2026, 3, 9))
    ctx.data.update(data)
    return ctx


def test_demo_carers_use_the_call_monitoring_references(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))])
    PostcodeFactory.create_batch(5, latitude=52.621, longitude=-1.121)
    carers(_ctx(carer_refs={provider.pk: ["PRV1-C001", "PRV1-C002", "PRV1-C003"]}))
    assert sorted(provider.carers.values_list("carer_ref", flat=True)) == [
        "PRV1-C001",
        "PRV1-C002",
        "PRV1-C003",
    ]
    assert Shift.objects.filter(carer__provider=provider).exists()
    assert all(c.home_latitude is not None for c in Carer.objects.all())


def test_demo_carers_are_sized_to_the_package_hours_without_references(provider, day):
    client_with_visits(
        provider, day, [visit_line(dt.time(6 + h), minutes=60) for h in range(8)]
    )  # 56 h a week
    PostcodeFactory.create_batch(5, latitude=52.621, longitude=-1.121)
    carers(_ctx())
    assert provider.carers.count() == 3  # one per 27.5 hours
    assert provider.carers.first().carer_ref.startswith(f"{provider.council_ref}-C")


def test_demo_carers_are_deterministic(provider, day):
    client_with_visits(provider, day, [visit_line(dt.time(8))])
    PostcodeFactory.create_batch(5, latitude=52.621, longitude=-1.121)
    carers(_ctx())
    first = list(Carer.objects.order_by("carer_ref").values_list("name", "skills", "travel_mode"))
    Carer.objects.all().delete()
    carers(_ctx())
    assert list(Carer.objects.order_by("carer_ref").values_list("name", "skills", "travel_mode")) == first
