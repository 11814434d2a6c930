"""What brokerage adds to the kernel's extension points (found by the discovery helper)."""

from __future__ import annotations

from django.urls import reverse

from homecare.brokerage.hospital import hospital_flags
from homecare.brokerage.models import UNPLACED, BrokerAlert, Offer, OfferStatus, Package
from homecare.brokerage.permissions import ANSWER_OFFERS, VIEW_PACKAGES
from homecare.core.actor import Actor
from homecare.core.home import HOME_PANELS, HomePanel, PanelItem
from homecare.core.permissions import has_permission
from homecare.people.presenters import PERSON_FLAGS


def home_panel(actor: Actor) -> HomePanel | None:
    """Brokers: people waiting and alerts to resolve. Providers: offers waiting for an answer."""
    if has_permission(actor, VIEW_PACKAGES):
        return HomePanel(
            "Brokerage",
            [
                PanelItem(
                    "people waiting for care",
                    Package.objects.visible_to(actor).filter(status__in=UNPLACED).count(),
                    reverse("brokerage:awaiting-care"),
                ),
                PanelItem(
                    "brokerage alerts to resolve",
                    BrokerAlert.objects.visible_to(actor).filter(resolved_at__isnull=True).count(),
                    reverse("brokerage:dashboard"),
                ),
            ],
            order=10,
        )
    if has_permission(actor, ANSWER_OFFERS):
        pending = Offer.objects.visible_to(actor).filter(status=OfferStatus.PENDING).count()
        return HomePanel(
            "Offers", [PanelItem("offers to answer", pending, reverse("brokerage:portal-offers"))], order=10
        )
    return None


EXTENSIONS = [(HOME_PANELS, home_panel), (PERSON_FLAGS, hospital_flags)]
