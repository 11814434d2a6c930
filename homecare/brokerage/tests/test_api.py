import pytest

from homecare.accounts.factories import make_user
from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package
from homecare.brokerage.models import OfferStatus, PackageEvent, PackageStatus
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.core.tokens import issue_token
from homecare.geography.factories import ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    return package, offer, contracts


def auth(provider):
    _, raw = issue_token(by=TEST_ACTOR, provider=provider, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_offer_anonymised_before_accepting(client, offered):
    package, offer, _ = offered
    response = client.get(f"/api/v1/brokerage/offers/{offer.pk}", **auth(offer.provider))
    data = response.json()
    assert response.status_code == 200
    assert data["person"] is None and data["postcode_district"] == package.person.postcode_ref.district
    assert package.person.last_name not in response.content.decode()


def test_api_accept_reveals_person(client, offered):
    package, offer, _ = offered
    response = client.post(f"/api/v1/brokerage/offers/{offer.pk}/accept", **auth(offer.provider))
    assert response.status_code == 200
    assert response.json()["person"]["name"] == package.person.full_name


def test_api_decline_with_reason(client, offered):
    _, offer, _ = offered
    response = client.post(
        f"/api/v1/brokerage/offers/{offer.pk}/decline",
        data={"reason": "area", "details": ""},
        content_type="application/json",
        **auth(offer.provider),
    )
    offer.refresh_from_db()
    assert response.status_code == 200 and offer.status == OfferStatus.DECLINED


def test_api_other_providers_offer_not_found(client, offered):
    _, offer, contracts = offered
    headers = auth(contracts[1].provider)
    assert client.get(f"/api/v1/brokerage/offers/{offer.pk}", **headers).status_code == 404
    assert client.post(f"/api/v1/brokerage/offers/{offer.pk}/accept", **headers).status_code == 404
    assert client.get("/api/v1/brokerage/offers", **headers).json() == []


def test_api_without_token_refused(client, offered):
    _, offer, _ = offered
    assert client.get(f"/api/v1/brokerage/offers/{offer.pk}").status_code == 401


def test_api_decline_with_unknown_reason_is_422_naming_the_field(client, offered):
    _, offer, _ = offered
    response = client.post(
        f"/api/v1/brokerage/offers/{offer.pk}/decline",
        data={"reason": "bored", "details": ""},
        content_type="application/json",
        **auth(offer.provider),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING


def test_api_answering_an_answered_offer_is_422(client, offered):
    _, offer, _ = offered
    headers = auth(offer.provider)
    assert client.post(f"/api/v1/brokerage/offers/{offer.pk}/accept", **headers).status_code == 200
    response = client.post(f"/api/v1/brokerage/offers/{offer.pk}/accept", **headers)
    assert response.status_code == 422
    assert "can no longer be answered" in response.json()["detail"][0]["msg"]


def test_api_records_the_token_as_the_actor(client, offered):
    package, offer, _ = offered
    client.post(f"/api/v1/brokerage/offers/{offer.pk}/accept", **auth(offer.provider))
    offer.refresh_from_db()
    event = PackageEvent.objects.filter(package=package, to_status=PackageStatus.PLACED).get()
    assert offer.responded_by_label.startswith("api-token:")
    assert event.actor_label == offer.responded_by_label and event.actor is None


def test_api_provider_user_session_sees_own_offers_only(client, offered):
    _, offer, contracts = offered
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    assert [o["id"] for o in client.get("/api/v1/brokerage/offers").json()] == [offer.pk]
    client.force_login(make_user(Role.PROVIDER, provider=contracts[1].provider))
    assert client.get(f"/api/v1/brokerage/offers/{offer.pk}").status_code == 404


def test_api_offers_forbidden_for_staff_session(client, offered):
    _, offer, _ = offered
    client.force_login(make_user(Role.BROKER))
    assert client.get("/api/v1/brokerage/offers").status_code == 403
    assert client.post(f"/api/v1/brokerage/offers/{offer.pk}/accept").status_code == 403
