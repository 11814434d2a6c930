"""What each actor sees of the register (`.visible_to(actor)`)."""

from __future__ import annotations

import pytest

from homecare.accounts.factories import make_user
from homecare.core.actor import Actor
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.core.tokens import issue_token
from homecare.providers.factories import CapacityReturnFactory
from homecare.providers.models import CapacityReturn, Contract, Provider

pytestmark = pytest.mark.django_db


def test_providers_visible_to_staff_are_all(provider: Provider, other_provider: Provider) -> None:
    actor = actor_for(make_user(Role.AUDITOR))
    assert set(Provider.objects.visible_to(actor)) == {provider, other_provider}


def test_providers_visible_to_provider_user_are_its_own(provider: Provider, other_provider: Provider) -> None:
    actor = actor_for(make_user(Role.PROVIDER, provider=provider))
    assert list(Provider.objects.visible_to(actor)) == [provider]


def test_providers_visible_to_provider_token_are_its_own(
    provider: Provider, other_provider: Provider
) -> None:
    token, _raw = issue_token(by=TEST_ACTOR, provider=provider, name="test")
    assert list(Provider.objects.visible_to(Actor.for_token(token))) == [provider]


def test_capacity_returns_visible_to_provider_are_its_own(
    provider: Provider, other_provider: Provider
) -> None:
    mine = CapacityReturnFactory(provider=provider)
    theirs = CapacityReturnFactory(provider=other_provider)
    actor = actor_for(make_user(Role.PROVIDER, provider=provider))
    assert list(CapacityReturn.objects.visible_to(actor)) == [mine]
    assert set(CapacityReturn.objects.visible_to(actor_for(make_user(Role.COMMISSIONER)))) == {mine, theirs}


def test_contracts_visible_to_provider_are_its_own(contract: Contract, other_provider: Provider) -> None:
    assert (
        list(Contract.objects.visible_to(actor_for(make_user(Role.PROVIDER, provider=other_provider)))) == []
    )
    assert list(
        Contract.objects.visible_to(actor_for(make_user(Role.PROVIDER, provider=contract.provider)))
    ) == [contract]
