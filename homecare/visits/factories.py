"""Test data for visits: packages in care with a provider, their dated visits and events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from homecare.brokerage.factories import make_package, visits
from homecare.brokerage.models import Package, PackageStatus
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.visits.services.planning import regenerate_package


def package_in_care(
    *,
    provider: Any = None,
    started_on: dt.date,
    plan: Any = None,
    plan_start: dt.date | None = None,
    days: int = 14,
    **kwargs: Any,
) -> Package:
    """A package placed with `provider` and in care from `started_on`, with its visits planned
    from `plan_start` (default: `started_on`) for `days` days."""
    provider = provider or ProviderFactory()
    package = make_package(visits=plan or visits(), **kwargs)
    package.care_plans.update(effective_from=started_on)
    Package.objects.filter(pk=package.pk).update(
        status=PackageStatus.ACTIVE, provider=provider, placed_on=started_on, started_on=started_on
    )
    package.refresh_from_db()
    regenerate_package(by=TEST_ACTOR, package_id=package.pk, start=plan_start or started_on, days=days)
    return package
