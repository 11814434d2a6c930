"""What visits adds to the kernel's extension points (found by the discovery helper)."""

from __future__ import annotations

from django.urls import reverse

from homecare.brokerage.hooks import PACKAGE_CHANGED
from homecare.brokerage.models import Package
from homecare.core.actor import Actor
from homecare.core.home import HOME_PANELS, HomePanel, PanelItem
from homecare.core.permissions import has_permission
from homecare.visits.models import VisitAlert
from homecare.visits.permissions import VIEW_ALERTS
from homecare.visits.services.planning import regenerate_package


def home_panel(actor: Actor) -> HomePanel | None:
    """Open alerts for time-critical visits (a provider: its own), as the alert list shows them."""
    if not has_permission(actor, VIEW_ALERTS):
        return None
    open_alerts = VisitAlert.objects.visible_to(actor).filter(resolved_at__isnull=True).count()
    return HomePanel(
        "Visits", [PanelItem("visit alerts open", open_alerts, reverse("visits:alerts"))], order=20
    )


def regenerate_after_change(*, by: Actor, package_ids: list[int]) -> None:
    """Keep dated visits in step with packages: bring each changed package's future visits in line
    with its care plan, provider and dates (brokerage's PACKAGE_CHANGED point, after commit)."""
    in_care = Package.objects.filter(pk__in=package_ids, started_on__isnull=False).values_list(
        "pk", flat=True
    )
    for package_id in in_care:
        regenerate_package(by=by, package_id=package_id)


EXTENSIONS = [(HOME_PANELS, home_panel), (PACKAGE_CHANGED, regenerate_after_change)]
