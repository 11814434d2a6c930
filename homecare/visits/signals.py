"""Keep dated visits in step with packages: after a transaction that saved a package or a care
plan commits, that package's future visits are brought in line (see services/planning.py).

The replanning is done by whoever acts in the current context (the request's user or token, the job
or the command that saved the package), so the audit trail names them; with no one acting (a shell,
a data migration; or only an anonymous visitor) it is done by the trusted system actor
"system:visit-planning". Signals are a boundary, like a view or a job: the service they call
(`regenerate_package`) is handed the Actor and does not read the context itself."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from homecare.brokerage.models import CarePlan, Package
from homecare.core.actor import Actor

#: Who replans when no one acts in the current context.
PLANNING_ACTOR = Actor.system("system:visit-planning")


def _queue(package_id: int) -> None:
    pending: set[int] | None = getattr(connection, "_homecare_replan", None)
    if pending is None:
        pending = set()
        connection._homecare_replan = pending  # type: ignore[attr-defined]
        transaction.on_commit(_run)
    pending.add(package_id)


def _run() -> None:
    from homecare.core.context import current
    from homecare.visits.services.planning import regenerate_package

    pending: set[int] = getattr(connection, "_homecare_replan", set())
    connection._homecare_replan = None  # type: ignore[attr-defined]
    acting = current().actor
    by: Actor = acting if acting is not None and acting.is_authenticated else PLANNING_ACTOR
    for package_id in sorted(pending):
        regenerate_package(by=by, package_id=package_id)


@receiver(post_save, sender=Package)
def package_saved(sender: Any, instance: Package, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.started_on is not None:
        _queue(instance.pk)


@receiver(post_save, sender=CarePlan)
def care_plan_saved(sender: Any, instance: CarePlan, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _queue(instance.package_id)
