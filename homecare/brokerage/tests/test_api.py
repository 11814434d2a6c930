import pytest

from homecare.api.services import issue_token
from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package
from homecare.brokerage.models import OfferStatus
from homecare.geography.factories import ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    zone = ZoneFactory()
    _, contracts = framework_lot(zone)
    package = make_package(zone=zone)
    offer = services.start_brokering(by="test", package=package)[0]
    return package, offer, contracts


def auth(provider):
    _, raw = issue_token(by="test", provider=provider, name="test")
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
