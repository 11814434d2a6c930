from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.test import Client

from homecare.accounts.models import User
from homecare.core.context import acting_as
from homecare.demo.generator import SIZES, DemoContext, discover_steps
from homecare.providers.models import (
    Contract,
    ContractStatus,
    ContractTier,
    CqcRating,
    Location,
    Lot,
    Provider,
    ProviderStatus,
    Rate,
    Uplift,
)
from homecare.providers.services import rate_in_force

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


#: Only the steps of the apps the provider register builds on, so other apps' data does not matter.
OWN_STEPS = ("homecare.core.", "homecare.geography.", "homecare.providers.", "homecare.accounts.")


@pytest.fixture
def demo() -> DemoContext:
    ctx = DemoContext(seed=7, size=SIZES["small"], today=TODAY)
    with acting_as(ctx.actor):
        for step in discover_steps():
            if step.run.__module__.startswith(OWN_STEPS):
                step.run(ctx)
    return ctx


def test_demo_framework_has_a_lot_per_zone_with_lead_and_two_secondaries(demo: DemoContext) -> None:
    for lot in Lot.objects.all():
        shares = sorted(Contract.objects.filter(lot=lot).values_list("tier", "target_share"))
        assert shares == [("lead", Decimal("60")), ("secondary", Decimal("20")), ("secondary", Decimal("20"))]
    assert Lot.objects.count() == 4


def test_demo_has_eight_framework_providers_some_in_two_lots(demo: DemoContext) -> None:
    per_provider = Counter(Contract.objects.filter(lot__isnull=False).values_list("provider_id", flat=True))
    assert len(per_provider) == 8
    assert max(per_provider.values()) == 2


def test_demo_other_providers_are_off_framework(demo: DemoContext) -> None:
    off = Contract.objects.filter(tier__in=[ContractTier.SPOT, ContractTier.LEGACY])
    assert off.count() == Provider.objects.count() - 8
    assert not off.filter(lot__isnull=False).exists()


def test_demo_exited_providers_have_ended_contracts(demo: DemoContext) -> None:
    for provider in Provider.objects.filter(status=ProviderStatus.EXITED):
        contract = provider.contracts.get()
        assert contract.status == ContractStatus.ENDED and contract.ends_on == provider.exited_on
        assert contract.actions.exists()


def test_demo_has_one_suspended_contract(demo: DemoContext) -> None:
    suspended = Contract.objects.get(status=ContractStatus.SUSPENDED)
    assert not suspended.accepts_new_packages(TODAY)
    assert suspended.actions.get().decided_by_label == "demo"


def test_demo_ratings_have_history_and_some_not_inspected(demo: DemoContext) -> None:
    assert Location.objects.count() >= Provider.objects.count()
    assert CqcRating.objects.count() > Location.objects.count()
    assert Provider.objects.filter(cqc_rating="good").count() > Provider.objects.count() / 2


def test_demo_rates_are_around_22_to_25_pounds_with_uplifts(demo: DemoContext) -> None:
    assert Uplift.objects.count() == 2
    framework = list(Contract.objects.filter(lot__isnull=False))
    current = [rate_in_force(c, on=TODAY) for c in framework]
    assert all(r is not None and Decimal("22") <= r.hourly_rate <= Decimal("25") for r in current)
    assert Rate.objects.filter(uplift__isnull=False).exists()


def test_demo_framework_providers_sent_capacity_returns(demo: DemoContext) -> None:
    members = Provider.objects.filter(contracts__lot__isnull=False).distinct()
    assert all(p.capacity_returns.count() == 4 for p in members)


def test_demo_provider_token_reads_the_demo_users_provider(demo: DemoContext) -> None:
    user = User.objects.get(username="provider")
    response = Client().get(
        "/api/v1/providers/", HTTP_AUTHORIZATION=f"Bearer {demo.data['provider_api_token']}"
    )
    assert user.provider is not None
    assert [p["ref"] for p in response.json()] == [user.provider.council_ref]


def test_demo_active_providers_have_a_quality_officer(demo: DemoContext) -> None:
    active = Provider.objects.filter(status=ProviderStatus.ACTIVE)
    assert not active.filter(quality_officer__isnull=True).exists()
    assert active.exclude(qaf_level="").exists()


def test_demo_pages_render_for_the_commissioner(demo: DemoContext) -> None:
    client = Client()
    client.force_login(User.objects.get(username="commissioner"))
    suspended = Contract.objects.get(status=ContractStatus.SUSPENDED)
    framework = suspended.framework
    assert framework is not None
    for url in (
        "/providers/",
        f"/providers/{suspended.provider.council_ref}/",
        f"/providers/frameworks/{framework.reference}/",
        "/providers/capacity/",
    ):
        assert client.get(url).status_code == 200, url
