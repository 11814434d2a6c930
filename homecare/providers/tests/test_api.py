from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import pytest
from django.test import Client

from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.core.tokens import issue_token
from homecare.providers.api import TimeBandName
from homecare.providers.factories import CapacityReturnFactory, CqcRatingFactory, LocationFactory
from homecare.providers.models import CapacityReturn, Contract, Provider, TimeBand

pytestmark = pytest.mark.django_db

BASE = "/api/v1/providers/"


def _token(provider: Provider) -> dict[str, str]:
    _row, raw = issue_token(by=TEST_ACTOR, provider=provider, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _return(**extra: Any) -> dict[str, Any]:
    return {
        "week_commencing": "2026-11-16",
        "staff_in_post": 30,
        "vacancies": 2,
        "leavers": 1,
        "lines": [{"zone": "Z1", "time_band": "morning", "hours": "12.5"}],
        **extra,
    }


def test_api_time_bands_match_the_model() -> None:
    assert set(get_args(TimeBandName)) == {b.value for b in TimeBand}


def test_api_providers_with_token_lists_only_own_provider(
    contract: Contract, other_provider: Provider
) -> None:
    response = Client().get(BASE, **_token(contract.provider))
    assert response.status_code == 200
    assert [p["ref"] for p in response.json()] == [contract.provider.council_ref]


def test_api_provider_includes_ratings_and_contracts(contract: Contract) -> None:
    location = LocationFactory(provider=contract.provider)
    CqcRatingFactory(location=location, published_on=dt.date(2023, 1, 1), overall="inadequate")
    CqcRatingFactory(location=location, published_on=dt.date(2024, 1, 1), overall="good")
    Provider.objects.filter(pk=contract.provider.pk).update(cqc_rating="good")
    body = Client().get(f"{BASE}{contract.provider.council_ref}", **_token(contract.provider)).json()
    assert body["cqc_rating"] == "good"
    assert [r["overall"] for r in body["ratings"]] == ["good"]  # the current rating of each location
    assert body["contracts"][0]["reference"] == contract.reference
    assert body["contracts"][0]["tier"] == "lead"


def test_api_provider_not_yet_inspected(provider: Provider) -> None:
    body = Client().get(f"{BASE}{provider.council_ref}", **_token(provider)).json()
    assert body["cqc_rating"] == "not_inspected" and body["ratings"] == []


def test_api_provider_token_cannot_read_another_provider(
    provider: Provider, other_provider: Provider
) -> None:
    response = Client().get(f"{BASE}{other_provider.council_ref}", **_token(provider))
    assert response.status_code == 404


def test_api_providers_without_auth_is_401(provider: Provider) -> None:
    assert Client().get(BASE).status_code == 401


def test_api_providers_for_signed_in_staff_lists_all(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    response = as_role(Role.AUDITOR).get(BASE)
    assert {p["ref"] for p in response.json()} == {provider.council_ref, other_provider.council_ref}


def test_api_providers_for_signed_in_provider_user_lists_only_own(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    response = as_role(Role.PROVIDER, provider=provider).get(BASE)
    assert response.status_code == 200
    assert [p["ref"] for p in response.json()] == [provider.council_ref]


def test_api_provider_user_cannot_read_another_provider(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    client = as_role(Role.PROVIDER, provider=provider)
    assert client.get(f"{BASE}{provider.council_ref}").status_code == 200
    assert client.get(f"{BASE}{other_provider.council_ref}").status_code == 404


def test_api_post_capacity_return_creates(provider: Provider) -> None:
    response = Client().post(
        f"{BASE}capacity-returns", _return(), content_type="application/json", **_token(provider)
    )
    assert response.status_code == 201, response.content
    record = CapacityReturn.objects.get(provider=provider)
    assert record.lines.get().hours == 12.5


def test_api_post_capacity_return_same_week_replaces(provider: Provider) -> None:
    headers = _token(provider)
    Client().post(f"{BASE}capacity-returns", _return(), content_type="application/json", **headers)
    response = Client().post(
        f"{BASE}capacity-returns", _return(staff_in_post=31), content_type="application/json", **headers
    )
    assert response.status_code == 200 and response.json()["staff_in_post"] == 31
    assert CapacityReturn.objects.count() == 1


def test_api_post_capacity_return_unknown_zone_is_422_naming_field(provider: Provider) -> None:
    payload = _return(lines=[{"zone": "Z7", "time_band": "morning", "hours": 1}])
    response = Client().post(
        f"{BASE}capacity-returns", payload, content_type="application/json", **_token(provider)
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "payload", "lines", 0, "zone"]
    assert "Z7" in detail[0]["msg"]


def test_api_post_capacity_return_bad_time_band_is_422(provider: Provider) -> None:
    payload = _return(lines=[{"zone": "Z1", "time_band": "brunch", "hours": 1}])
    response = Client().post(
        f"{BASE}capacity-returns", payload, content_type="application/json", **_token(provider)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "time_band"


def test_api_post_capacity_return_negative_numbers_are_422(provider: Provider) -> None:
    payload = _return(vacancies=-1, lines=[{"zone": "Z1", "time_band": "tea", "hours": -2}])
    response = Client().post(
        f"{BASE}capacity-returns", payload, content_type="application/json", **_token(provider)
    )
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "payload", "vacancies"] in locs
    assert ["body", "payload", "lines", 0, "hours"] in locs


def test_api_post_capacity_return_not_monday_is_422(provider: Provider) -> None:
    payload = _return(week_commencing="2026-11-17")
    response = Client().post(
        f"{BASE}capacity-returns", payload, content_type="application/json", **_token(provider)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "week_commencing"]


def test_api_get_capacity_returns_lists_only_own(provider: Provider, other_provider: Provider) -> None:
    mine = CapacityReturnFactory(provider=provider)
    CapacityReturnFactory(provider=other_provider)
    response = Client().get(f"{BASE}capacity-returns", **_token(provider))
    assert [r["id"] for r in response.json()] == [mine.pk]


def test_api_capacity_returns_for_signed_in_staff_lists_all(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    mine = CapacityReturnFactory(provider=provider)
    theirs = CapacityReturnFactory(provider=other_provider)
    response = as_role(Role.COMMISSIONER).get(f"{BASE}capacity-returns")
    assert response.status_code == 200
    assert {(r["id"], r["provider"]) for r in response.json()} == {
        (mine.pk, provider.council_ref),
        (theirs.pk, other_provider.council_ref),
    }


def test_api_capacity_returns_for_signed_in_provider_user_lists_only_own(
    as_role, provider: Provider, other_provider: Provider
) -> None:
    mine = CapacityReturnFactory(provider=provider)
    CapacityReturnFactory(provider=other_provider)
    response = as_role(Role.PROVIDER, provider=provider).get(f"{BASE}capacity-returns")
    assert [r["id"] for r in response.json()] == [mine.pk]


def test_api_capacity_returns_without_auth_is_401() -> None:
    assert Client().get(f"{BASE}capacity-returns").status_code == 401


def test_api_post_capacity_return_forbidden_to_staff(as_role, provider: Provider) -> None:
    response = as_role(Role.COMMISSIONER).post(
        f"{BASE}capacity-returns", _return(), content_type="application/json"
    )
    assert response.status_code == 403
    assert not CapacityReturn.objects.exists()


def test_api_post_capacity_return_audited_as_the_token(provider: Provider) -> None:
    Client().post(f"{BASE}capacity-returns", _return(), content_type="application/json", **_token(provider))
    record = CapacityReturn.objects.get(provider=provider)
    assert record.submitted_by_label.startswith("api-token:") and record.submitted_by is None


def test_api_openapi_documents_provider_endpoints() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/providers/", "/api/v1/providers/{ref}", "/api/v1/providers/capacity-returns"} <= set(
        paths
    )
