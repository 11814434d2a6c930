from __future__ import annotations

import datetime as dt

import pytest

from homecare.providers.factories import ProviderFactory

DAY = dt.date(2026, 3, 10)  # a Tuesday


@pytest.fixture
def day() -> dt.date:
    return DAY


@pytest.fixture
def provider():
    return ProviderFactory(latitude=52.62, longitude=-1.12)
