import datetime as dt

import pytest
from django.utils import timezone

from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory
from homecare.visits.models import VisitEvent
from homecare.visits.tests.conftest import event

pytestmark = pytest.mark.django_db
URL = "/api/v1/visit-events"


def recent(package, n, kind="check_in", minutes_ago=30):
    return {
        **event(package, n, kind),
        "timestamp": (timezone.now() - dt.timedelta(minutes=minutes_ago)).isoformat(),
    }


def post(client, token, body, **params):
    query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
    return client.post(
        URL + query, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_posting_events_answers_per_event(client, token, package):
    response = post(client, token, {"events": [recent(package, 1), {"event_id": "X"}]})
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (1, 0, 1)
    assert body["results"][1] == {
        "index": 1,
        "event_id": "X",
        "status": "rejected",
        "field": "carer_ref",
        "reason": "is required",
    }


def test_posting_the_same_batch_twice_adds_no_event(client, token, package):
    batch = {"events": [recent(package, 1), recent(package, 2, "check_out", 5)]}
    post(client, token, batch)
    response = post(client, token, batch)
    assert response.json()["duplicate"] == 2
    assert VisitEvent.objects.count() == 2


def test_without_a_token_the_api_refuses(client, package):
    response = client.post(URL, {"events": [recent(package, 1)]}, content_type="application/json")
    assert response.status_code == 401


def test_a_providers_token_cannot_post_for_another_providers_package(client, package):
    from homecare.core.tokens import issue_token

    other = issue_token(by=TEST_ACTOR, provider=ProviderFactory(), name="other")[1]
    response = post(client, other, {"events": [recent(package, 1)]})
    assert response.json()["results"][0]["field"] == "package_ref"
    assert not VisitEvent.objects.exists()


def test_revoked_token_is_refused(client, provider, package):
    from homecare.core.models import ApiToken
    from homecare.core.tokens import issue_token, revoke_token

    row, raw = issue_token(by=TEST_ACTOR, provider=provider, name="old")
    revoke_token(by=TEST_ACTOR, token=ApiToken.objects.get(pk=row.pk))
    assert post(client, raw, {"events": [recent(package, 1)]}).status_code == 401


def test_all_or_nothing_rejects_the_whole_batch(client, token, package):
    response = post(
        client, token, {"events": [recent(package, 1), {"event_id": "bad"}]}, all_or_nothing="true"
    )
    assert response.json()["accepted"] == 0
    assert not VisitEvent.objects.exists()


def test_more_than_1000_events_is_refused_with_422(client, token, package):
    response = post(client, token, {"events": [recent(package, i) for i in range(1001)]})
    assert response.status_code == 422


def test_too_many_requests_get_429_with_retry_after(client, token, package, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    codes = [post(client, token, {"events": [recent(package, i)]}).status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    response = post(client, token, {"events": []})
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_provider_user_signed_in_may_post_events_for_its_own_provider(client, provider, package):
    from homecare.accounts.factories import make_user
    from homecare.core.roles import Role

    client.force_login(make_user(Role.PROVIDER, provider=provider))
    response = client.post(URL, {"events": [recent(package, 1)]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["accepted"] == 1
    assert VisitEvent.objects.get().provider == provider


def test_council_staff_signed_in_may_not_post_events(client, package):
    from homecare.accounts.factories import make_user
    from homecare.core.roles import Role

    client.force_login(make_user(Role.BROKER))
    response = client.post(URL, {"events": [recent(package, 1)]}, content_type="application/json")
    assert response.status_code == 403
    assert not VisitEvent.objects.exists()
