import datetime as dt

import pytest

from homecare.brokerage.factories import visits
from homecare.core.calendar import local_datetime
from homecare.core.testing import TEST_ACTOR
from homecare.core.tokens import issue_token
from homecare.providers.factories import ProviderFactory
from homecare.visits.factories import package_in_care

DAY = dt.date(2026, 11, 2)  # a Monday


@pytest.fixture
def provider(db):
    return ProviderFactory()


@pytest.fixture
def package(provider):
    return package_in_care(provider=provider, started_on=DAY, plan=visits(calls=2), days=1)


@pytest.fixture
def token(provider):
    return issue_token(by=TEST_ACTOR, provider=provider, name="EVV system")[1]


def at(hour, minute=0, day=DAY):
    return local_datetime(day, dt.time(hour, minute))


def event(package, n, kind="check_in", hour=8, minute=0, carer="C1", **extra):
    return {
        "event_id": f"E{n}",
        "carer_ref": carer,
        "package_ref": package.reference,
        "event_type": kind,
        "timestamp": at(hour, minute).isoformat(),
        "method": "app",
        **extra,
    }
