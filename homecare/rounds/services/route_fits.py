"""Route fit for brokers, measured in the background.

For a package waiting to be placed, every candidate provider (brokerage's ranking) that has a
finished round plan on its representative day (its busiest day of the coming week, the day
`package_fit` uses) gets a `RouteFit`: the extra travel the package would add to those rounds and
whether its carers could absorb it. The `route-fits` job measures packages that have never been
measured first, then the oldest measurements, and measures again when a plan has changed since. The
broker's candidate page only reads the stored fits (see `homecare/rounds/extensions.py`), so it stays
fast however many candidates there are. Fits are derived data and are not audited; a package that is
no longer waiting keeps its last fits until it is deleted.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from homecare.brokerage.candidates import rank_package
from homecare.brokerage.models import UNPLACED, Package
from homecare.core.actor import Actor
from homecare.providers.models import Provider
from homecare.rounds.models import PlanStatus, RoundPlan, RouteFit, RouteFitCheck
from homecare.rounds.services.errors import RoundsError
from homecare.rounds.services.fit import package_fit, representative_days

#: Packages measured per run of the job.
BATCH = 20
#: Fits older than this are measured again (plans change as providers plan and move visits).
REMEASURE_AFTER = dt.timedelta(hours=1)


def latest_plans(provider_ids: list[int]) -> dict[int, RoundPlan]:
    """Each provider's latest finished plan on its representative day, if it has one."""
    days = representative_days(provider_ids)
    wanted = Q(pk__in=[])
    for provider_id, day in days.items():
        wanted |= Q(provider_id=provider_id, day=day)
    latest: dict[int, RoundPlan] = {}
    for plan in RoundPlan.objects.filter(wanted, status=PlanStatus.DONE).order_by("finished_at", "pk"):
        latest[plan.provider_id] = plan  # the last one wins
    return latest


def plan_version(plan: RoundPlan) -> object:
    return plan.changed_at or plan.finished_at


@transaction.atomic
def measure_package(*, by: Actor, package: Package, provider_ids: list[int] | None = None) -> int:
    """Measure (again) the route fit of `package` with each candidate provider (brokerage's ranking,
    or `provider_ids`) that has planned rounds; returns how many fits were stored. `by` runs it;
    fits are derived data and not audited."""
    if provider_ids is None:
        provider_ids = [c.option.provider_id for c in rank_package(package).ranking.candidates]
    plans = latest_plans(provider_ids)
    package = (
        Package.objects.select_related("person__postcode_ref", "person__ward")
        .prefetch_related("care_plans__visits")
        .get(pk=package.pk)
    )
    now = timezone.now()
    stored = 0
    for provider in Provider.objects.filter(pk__in=plans):
        plan = plans[provider.pk]
        values = {
            "plan": plan,
            "plan_version": plan_version(plan),
            "day": plan.day,
            "measured_at": now,
            "problem": "",
        }
        try:
            fit = package_fit(provider=provider, package=package, on=plan.day)
        except RoundsError as exc:
            values.update(
                new_visits=0,
                extra_travel_minutes=0.0,
                extra_travel_km=0.0,
                absorbable=False,
                problem=" ".join(exc.messages)[:300],
            )
        else:
            values.update(
                new_visits=fit.new_visits,
                extra_travel_minutes=fit.extra_travel_minutes,
                extra_travel_km=fit.extra_travel_km,
                absorbable=fit.absorbable,
            )
        RouteFit.objects.update_or_create(package=package, provider=provider, defaults=values)
        stored += 1
    RouteFit.objects.filter(package=package).exclude(provider_id__in=list(plans)).delete()
    RouteFitCheck.objects.update_or_create(package=package, defaults={"checked_at": now})
    return stored


def due_packages(limit: int = BATCH) -> list[Package]:
    """Waiting packages never measured first (oldest referral first), then those measured longest
    ago, more than REMEASURE_AFTER ago."""
    waiting = Package.objects.filter(status__in=UNPLACED)
    never = list(
        waiting.exclude(pk__in=RouteFitCheck.objects.values("package_id")).order_by("referred_on", "pk")[
            :limit
        ]
    )
    if len(never) >= limit:
        return never
    stale = (
        RouteFitCheck.objects.filter(package__in=waiting, checked_at__lt=timezone.now() - REMEASURE_AFTER)
        .select_related("package")
        .order_by("checked_at")[: limit - len(never)]
    )
    return never + [check.package for check in stale]


def measure_due(*, by: Actor, limit: int = BATCH) -> int:
    """The job's work: measure the packages most in need of it; returns how many were measured."""
    packages = due_packages(limit)
    for package in packages:
        measure_package(by=by, package=package)
    return len(packages)
