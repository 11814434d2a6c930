from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

import pytest
from django.test import Client

from homecare.accounts.factories import make_user
from homecare.accounts.models import User
from homecare.core.roles import Role
from homecare.geography.factories import ZoneFactory
from homecare.geography.models import Zone
from homecare.providers.factories import ContractFactory, LotFactory, ProviderFactory, RateFactory
from homecare.providers.models import Contract, Provider


@pytest.fixture
def zone() -> Zone:
    return cast(Zone, ZoneFactory(code="Z1", name="North zone"))


@pytest.fixture
def provider(zone: Zone) -> Provider:
    return cast(Provider, ProviderFactory(name="Alpha Care Ltd", zones=[zone]))


@pytest.fixture
def other_provider(zone: Zone) -> Provider:
    return cast(Provider, ProviderFactory(name="Beta Care Ltd", zones=[zone]))


@pytest.fixture
def contract(provider: Provider, zone: Zone) -> Contract:
    contract = cast(
        Contract,
        ContractFactory(provider=provider, lot=LotFactory(zones=[zone]), starts_on=dt.date(2024, 4, 1)),
    )
    RateFactory(contract=contract, effective_from=dt.date(2025, 4, 7), hourly_rate=Decimal("22.50"))
    return contract


def login(role: str, **kwargs: object) -> tuple[Client, User]:
    user = make_user(role, **kwargs)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def as_role():
    def _as(role: str, **kwargs: object) -> Client:
        return login(role, **kwargs)[0]

    return _as


STAFF = [r.value for r in Role if r != Role.PROVIDER]
