"""One client test per page, and role x object permission tests."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from homecare.accounts.factories import make_user
from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package
from homecare.brokerage.models import (
    CarePlan,
    Offer,
    OfferStatus,
    Package,
    PackageEvent,
    PackageStatus,
    PlannedVisit,
)
from homecare.core.models import AccessLog
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.geography.factories import ZoneFactory
from homecare.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "brokerage:dashboard",
    "brokerage:offers",
    "brokerage:awaiting-care",
    "brokerage:bed-days",
    "brokerage:hand-backs",
]


@pytest.fixture
def offered():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    return package, offer, contracts


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_page_renders_for_broker(client, offered, name):
    client.force_login(make_user(Role.BROKER))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_page_forbidden_for_provider(client, name):
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["brokerage:package", "brokerage:candidates", "brokerage:vary"])
def test_package_pages_forbidden_for_provider_even_its_own(client, offered, name):
    package, offer, _ = offered
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    assert client.get(reverse(name, args=[package.pk])).status_code == 403


def test_package_page_shows_care_plan_and_logs_view(client, offered):
    package, _, _ = offered
    user = make_user(Role.COMMISSIONER)
    client.force_login(user)
    response = client.get(reverse("brokerage:package", args=[package.pk]))
    assert response.status_code == 200
    assert "Carer hours a week" in response.content.decode()
    assert AccessLog.objects.filter(user=user, person_id=str(package.person_id)).exists()


def test_candidates_page_lists_ranked_and_excluded(client, offered):
    package, _, _ = offered
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:candidates", args=[package.pk])).content.decode()
    assert "waiting for a reply" in body and "zone_shares" in body


def test_candidates_override_records_reason(client, offered):
    package, _, contracts = offered
    client.force_login(make_user(Role.BROKER))
    response = client.post(
        reverse("brokerage:candidates", args=[package.pk]),
        {"contract": contracts[2].pk, "reason": "Person's choice"},
    )
    assert response.status_code == 302
    assert package.offers.get(is_override=True).override_reason == "Person's choice"


def test_candidates_override_forbidden_for_auditor(client, offered):
    package, _, contracts = offered
    client.force_login(make_user(Role.AUDITOR))
    response = client.post(
        reverse("brokerage:candidates", args=[package.pk]), {"contract": contracts[2].pk, "reason": "x"}
    )
    assert response.status_code == 403
    assert not package.offers.filter(is_override=True).exists()


def test_refer_creates_package(client):
    person = PersonFactory()
    client.force_login(make_user(Role.BROKER))
    data = {
        "person_ref": person.council_ref,
        "source": "hospital",
        "hospital": "General",
        "ready_for_discharge_on": "2026-01-05",
        "urgency": "urgent",
        "referred_on": "2026-01-06",
        "funding": "nhs_chc",
        "service_type": "general",
        "visit-TOTAL_FORMS": "4",
        "visit-INITIAL_FORMS": "0",
        "visit-MIN_NUM_FORMS": "4",
        "visit-MAX_NUM_FORMS": "8",
        "visit-0-days": ["0", "1", "2", "3", "4", "5", "6"],
        "visit-0-start_time": "08:00",
        "visit-0-duration_minutes": "45",
        "visit-0-carers": "2",
    }
    for i in range(1, 4):
        data[f"visit-{i}-carers"] = "1"
    response = client.post(reverse("brokerage:refer"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    package = Package.objects.get(person=person)
    assert (package.status, str(package.carer_hours_per_week)) == (PackageStatus.REFERRED, "10.50")


def test_refer_forbidden_for_commissioner(client):
    client.force_login(make_user(Role.COMMISSIONER))
    assert client.get(reverse("brokerage:refer")).status_code == 403


def test_package_action_start_brokering(client):
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone)
    client.force_login(make_user(Role.BROKER))
    client.post(reverse("brokerage:package-action", args=[package.pk, "start_brokering"]))
    package.refresh_from_db()
    assert package.status == PackageStatus.OFFERED


def test_package_action_forbidden_for_auditor(client):
    package = make_package()
    client.force_login(make_user(Role.AUDITOR))
    assert (
        client.post(
            reverse("brokerage:package-action", args=[package.pk, "cancel"]), {"reason": "x"}
        ).status_code
        == 403
    )


def test_package_action_interim_recorded(client, offered):
    package, _, _ = offered
    client.force_login(make_user(Role.BROKER))
    client.post(
        reverse("brokerage:package-action", args=[package.pk, "interim"]),
        {"arrangement": "family", "notes": "Daughter"},
    )
    package.refresh_from_db()
    assert (package.interim_arrangement, package.interim_notes) == ("family", "Daughter")


def test_vary_page_saves_new_version(client, offered):
    package, _, _ = offered
    client.force_login(make_user(Role.BROKER))
    data = {
        "effective_from": "2026-01-10",
        "visit-TOTAL_FORMS": "4",
        "visit-INITIAL_FORMS": "0",
        "visit-MIN_NUM_FORMS": "4",
        "visit-MAX_NUM_FORMS": "8",
        "visit-0-days": ["0"],
        "visit-0-start_time": "09:00",
        "visit-0-duration_minutes": "60",
        "visit-0-carers": "1",
    }
    for i in range(1, 4):
        data[f"visit-{i}-carers"] = "1"
    assert client.post(reverse("brokerage:vary", args=[package.pk]), data).status_code == 302
    assert package.care_plans.count() == 2


@pytest.fixture
def with_outcome():
    package = make_package(outcomes=[services.OutcomeInput("Make a hot drink unaided", dt.date(2027, 3, 1))])
    return package


def test_vary_page_shows_outcomes_prefilled(client, with_outcome):
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:vary", args=[with_outcome.pk])).content.decode()
    assert 'name="outcome-0-description"' in body and 'value="Make a hot drink unaided"' in body


def _vary_post(**outcome_fields):
    data = {
        "effective_from": "2026-01-10",
        "reason": "More help",
        "visit-TOTAL_FORMS": "1",
        "visit-INITIAL_FORMS": "0",
        "visit-MIN_NUM_FORMS": "0",
        "visit-MAX_NUM_FORMS": "8",
        "visit-0-days": ["0"],
        "visit-0-start_time": "09:00",
        "visit-0-duration_minutes": "60",
        "visit-0-carers": "1",
        "outcome-TOTAL_FORMS": "2",
        "outcome-INITIAL_FORMS": "1",
        "outcome-MIN_NUM_FORMS": "0",
        "outcome-MAX_NUM_FORMS": "10",
    }
    data.update(outcome_fields)
    return data


def test_vary_page_saves_edited_outcomes(client, with_outcome):
    client.force_login(make_user(Role.BROKER))
    data = _vary_post(
        **{
            "outcome-0-description": "Make a hot meal unaided",
            "outcome-0-review_on": "2027-03-01",
            "outcome-1-description": "Walk to the shop",
            "outcome-1-review_on": "2027-05-01",
        }
    )
    assert client.post(reverse("brokerage:vary", args=[with_outcome.pk]), data).status_code == 302
    plan = with_outcome.care_plans.order_by("-version").first()
    assert list(plan.outcomes.values_list("description", flat=True)) == [
        "Make a hot meal unaided",
        "Walk to the shop",
    ]


def test_vary_page_outcome_without_review_date_refused(client, with_outcome):
    client.force_login(make_user(Role.BROKER))
    data = _vary_post(**{"outcome-0-description": "Make a hot meal unaided"})
    response = client.post(reverse("brokerage:vary", args=[with_outcome.pk]), data)
    assert (
        response.status_code == 200 and "Enter the date to review this outcome" in response.content.decode()
    )
    assert with_outcome.care_plans.count() == 1


def test_resolve_alert(client):
    zone = ZoneFactory()
    package = make_package(zone=zone)
    services.start_brokering(by=TEST_ACTOR, package=package)  # no provider: alert
    alert = package.alerts.get()
    client.force_login(make_user(Role.BROKER))
    client.post(reverse("brokerage:resolve-alert", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_dashboard_shows_alert(client):
    package = make_package(zone=ZoneFactory())
    services.start_brokering(by=TEST_ACTOR, package=package)
    client.force_login(make_user(Role.BROKER))
    assert "No provider left to offer" in client.get(reverse("brokerage:dashboard")).content.decode()


# Provider portal --------------------------------------------------------------------------------


def test_portal_offer_hides_name_until_accepted(client, offered):
    package, offer, _ = offered
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    body = client.get(reverse("brokerage:portal-offer", args=[offer.pk])).content.decode()
    assert package.person.last_name not in body and package.person.address not in body
    assert package.person.postcode_ref.district in body
    assert not AccessLog.objects.exists()


def test_portal_accept_reveals_name_and_logs_view(client, offered):
    package, offer, _ = offered
    user = make_user(Role.PROVIDER, provider=offer.provider)
    client.force_login(user)
    client.post(reverse("brokerage:portal-offer", args=[offer.pk]), {"action": "accept"})
    body = client.get(reverse("brokerage:portal-offer", args=[offer.pk])).content.decode()
    assert package.person.last_name in body
    assert AccessLog.objects.filter(user=user, person_id=str(package.person_id)).exists()


def test_portal_decline_with_reason(client, offered):
    _, offer, _ = offered
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    client.post(
        reverse("brokerage:portal-offer", args=[offer.pk]), {"action": "decline", "reason": "no_capacity"}
    )
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == (OfferStatus.DECLINED, "no_capacity")


def test_portal_other_providers_offer_is_404(client, offered):
    _, offer, _ = offered
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(reverse("brokerage:portal-offer", args=[offer.pk])).status_code == 404
    assert (
        client.post(reverse("brokerage:portal-offer", args=[offer.pk]), {"action": "accept"}).status_code
        == 404
    )


def test_portal_offers_list_shows_only_own(client, offered):
    _, offer, contracts = offered
    client.force_login(make_user(Role.PROVIDER, provider=contracts[1].provider))
    body = client.get(reverse("brokerage:portal-offers")).content.decode()
    assert f"OFR{offer.pk:06d}" not in body


@pytest.mark.parametrize("name", ["brokerage:portal-offers", "brokerage:portal-packages"])
def test_portal_pages_forbidden_for_staff(client, name):
    client.force_login(make_user(Role.BROKER))
    assert client.get(reverse(name)).status_code == 403


def _placed(offered):
    package, offer, _ = offered
    services.accept_offer(by=TEST_ACTOR, offer=offer)
    services.start_care(by=TEST_ACTOR, package=package, started_on=dt.date.today())
    return package, offer


def test_portal_packages_lists_own(client, offered):
    package, offer = _placed(offered)
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    assert package.reference in client.get(reverse("brokerage:portal-packages")).content.decode()


def test_portal_package_give_notice(client, offered):
    package, offer = _placed(offered)
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    ends = timezone.localdate() + dt.timedelta(days=21)
    response = client.post(
        reverse("brokerage:portal-package", args=[package.pk]),
        {"notice_ends_on": ends.isoformat(), "reason": "No staff"},
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.notice_ends_on == ends and package.hand_back.successor is not None


def test_portal_package_of_other_provider_is_404(client, offered):
    package, _ = _placed(offered)
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(reverse("brokerage:portal-package", args=[package.pk])).status_code == 404


def test_portal_give_notice_on_other_providers_package_is_404(client, offered):
    package, _ = _placed(offered)
    client.force_login(make_user(Role.PROVIDER))
    ends = timezone.localdate() + dt.timedelta(days=21)
    response = client.post(
        reverse("brokerage:portal-package", args=[package.pk]),
        {"notice_ends_on": ends.isoformat(), "reason": "No staff"},
    )
    assert response.status_code == 404
    package.refresh_from_db()
    assert package.notice_ends_on is None


def test_portal_accept_records_the_user_on_the_package_event(client, offered):
    package, offer, _ = offered
    user = make_user(Role.PROVIDER, provider=offer.provider)
    client.force_login(user)
    client.post(reverse("brokerage:portal-offer", args=[offer.pk]), {"action": "accept"})
    event = package.events.get(to_status=PackageStatus.PLACED)
    assert (event.actor, event.actor_label) == (user, user.get_username())


def test_visible_to_scopes_brokerage_rows_to_the_provider(offered):
    _, offer, contracts = offered
    services.accept_offer(by=TEST_ACTOR, offer=offer)
    own = actor_for(make_user(Role.PROVIDER, provider=offer.provider))
    other = actor_for(make_user(Role.PROVIDER, provider=contracts[1].provider))
    staff = actor_for(make_user(Role.COMMISSIONER))
    for model in (Package, Offer, PackageEvent, CarePlan, PlannedVisit):
        assert model.objects.visible_to(own).exists(), model
        assert not model.objects.visible_to(other).exists(), model
        assert model.objects.visible_to(staff).count() == model.objects.count(), model
    assert list(Offer.objects.visible_to(other)) == []


def test_awaiting_care_page_gives_average_hours_to_two_decimals(client):
    make_package(referred_on=timezone.localdate() - dt.timedelta(days=3))  # 7 carer hours a week
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:awaiting-care")).content.decode()
    assert '<td class="govuk-table__cell">7.00</td>' in body


@pytest.fixture
def stale_no_candidates():
    """Every provider of the lot declined (alert raised); then a new provider joined the lot."""
    zone = ZoneFactory()
    lot, _ = framework_lot(zone, shares=(100,))
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    services.decline_offer(by=TEST_ACTOR, offer=offer, reason="area")
    from homecare.providers.factories import ContractFactory

    newcomer = ContractFactory(lot=lot, tier="secondary", tender_rank=2, provider__zones=[zone])
    package.refresh_from_db()
    return package, newcomer


def test_package_page_explains_stale_no_candidates_alert_and_offers_next(client, stale_no_candidates):
    package, newcomer = stale_no_candidates
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:package", args=[package.pk])).content.decode()
    assert "An alert said no provider was left, but 1 eligible provider can now be offered" in body
    assert f"Offer to {newcomer.provider.name}" in body
    assert reverse("brokerage:package-action", args=[package.pk, "offer_next"]) in body
    assert "Override with a reason, or start a new round" not in body


def test_package_page_links_to_offer_outside_the_order(client, stale_no_candidates):
    package, _ = stale_no_candidates
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:package", args=[package.pk])).content.decode()
    assert reverse("brokerage:candidates", args=[package.pk]) + "#offer-outside-order" in body


def test_package_page_shows_who_was_offered_and_reply_deadline(client, offered):
    package, offer, _ = offered
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:package", args=[package.pk])).content.decode()
    assert f"Offered to {offer.provider.name} in round 1: waiting for a reply by" in body


def test_dashboard_shows_why_and_next_action_for_each_brokering_package(client, stale_no_candidates):
    package, newcomer = stale_no_candidates
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:dashboard")).content.decode()
    assert "1 eligible provider can now be offered" in body
    assert f'href="{reverse("brokerage:package", args=[package.pk])}#next-step"' in body
    assert f"Offer to {newcomer.provider.name}" in body


def test_package_action_offer_next_sends_offer_and_resolves_alert(client, stale_no_candidates):
    package, newcomer = stale_no_candidates
    client.force_login(make_user(Role.BROKER))
    client.post(reverse("brokerage:package-action", args=[package.pk, "offer_next"]))
    assert package.offers.get(status=OfferStatus.PENDING).provider_id == newcomer.provider_id
    assert not package.alerts.filter(resolved_at__isnull=True).exists()


@pytest.fixture
def other_lots_provider(offered):
    """A provider with contracts in two lots that cover another zone only."""
    from homecare.providers.factories import ContractFactory, LotFactory, ProviderFactory

    elsewhere = ZoneFactory()
    provider = ProviderFactory(name="Faraway Care Ltd", zones=[elsewhere])
    for _ in range(2):
        ContractFactory(lot=LotFactory(zones=[elsewhere]), provider=provider, tier="lead")
    return offered[0], provider


def test_candidates_page_lists_other_zone_provider_once(client, other_lots_provider):
    package, provider = other_lots_provider
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:candidates", args=[package.pk])).content.decode()
    assert body.count(provider.name) == 1


def test_candidates_page_groups_exclusions_by_reason_in_details(client, other_lots_provider):
    package, _ = other_lots_provider
    client.force_login(make_user(Role.BROKER))
    body = client.get(reverse("brokerage:candidates", args=[package.pk])).content.decode()
    assert '<span class="govuk-details__summary-text">Does not serve the zone (1 provider)</span>' in body
    assert '<span class="govuk-details__summary-text">Already asked in this round (1 provider)</span>' in body
