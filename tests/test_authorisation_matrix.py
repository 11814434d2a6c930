"""The authorisation matrix: every URL pattern and every API operation, against every identity.

The tables below say, for each page and operation, which identities may use it. Everything else
is refused: anonymous visitors are sent to sign in (pages) or get 401 (API); an identity without
the permission gets 403; a provider user or token asking for another provider's object gets 404,
exactly as if it did not exist. The test enumerates the URL resolver and the OpenAPI document, so
a new page or operation without an entry here fails the suite. Writes (POST) are tried too, and
the auditor never changes anything. The decisions are recorded in docs/adr/0008.

Every object in the world below belongs to provider A ("provider", "token"); "other_provider" and
"other_token" act for provider B.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from homecare.accounts.factories import make_user
from homecare.api.urls import api
from homecare.core.models import AuditEvent
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.core.tokens import issue_token
from tests import matrix_payments, matrix_quality, matrix_reports
from tests.matrix_rows import (
    ALL_STAFF,
    API_IDENTITIES,
    BROKERAGE_READERS,
    BROKERS,
    NOBODY,
    PAGE_IDENTITIES,
    PENALTY_READERS,
    PEOPLE_READERS,
    PROVIDER,
    PROVIDER_AND_TOKEN,
    PUBLIC,
    STAFF,
    Row,
    obj,
)

pytestmark = pytest.mark.django_db


#: Apps whose rows and world objects live in their own module (tests/matrix_<app>.py).
APP_MATRICES = (matrix_payments, matrix_quality, matrix_reports)

# Every named URL pattern of the product (the Django admin is checked separately below).
PAGES: dict[str, Row] = {
    # core
    "core:home": Row(get=ALL_STAFF | PROVIDER),
    "core:accessibility": Row(get=PUBLIC),
    "core:privacy": Row(get=PUBLIC),
    "core:cookies": Row(get=PUBLIC),
    "core:healthz": Row(get=PUBLIC),
    "core:audit": Row(get=frozenset({"auditor", "admin"})),
    "core:council": Row(get=frozenset({"admin"}), post=frozenset({"admin"})),
    # accounts
    "accounts:login": Row(get=PUBLIC, post=PUBLIC),
    "accounts:logout": Row(get=PUBLIC, post=PUBLIC),
    # geography
    "geography:zones": Row(get=ALL_STAFF),
    "geography:assign": Row(
        get=frozenset({"commissioner", "admin"}), post=frozenset({"commissioner", "admin"})
    ),
    "geography:zone": Row(get=ALL_STAFF, kwargs=obj("zone", "code", "code")),
    # providers
    "providers:list": Row(get=ALL_STAFF),
    "providers:export_csv": Row(get=ALL_STAFF),
    "providers:export_xlsx": Row(get=ALL_STAFF),
    "providers:cqc_upload": Row(
        get=frozenset({"commissioner", "quality_officer", "admin"}),
        post=frozenset({"commissioner", "quality_officer", "admin"}),
    ),
    "providers:frameworks": Row(get=ALL_STAFF),
    "providers:framework": Row(get=ALL_STAFF, kwargs=obj("framework", "reference", "reference")),
    "providers:contract_action": Row(
        get=frozenset({"commissioner"}),
        post=frozenset({"commissioner"}),
        kwargs=obj("contract", "reference", "reference"),
    ),
    "providers:uplift": Row(
        get=frozenset({"commissioner", "finance_officer"}),
        post=frozenset({"commissioner", "finance_officer"}),
    ),
    "providers:market_capacity": Row(get=ALL_STAFF),
    "providers:my_returns": Row(get=PROVIDER),
    "providers:new_return": Row(get=PROVIDER, post=PROVIDER),
    "providers:edit_return": Row(get=PROVIDER, post=PROVIDER, kwargs=obj("capacity_return"), owned=True),
    "providers:detail": Row(get=ALL_STAFF, kwargs=obj("provider_a", "council_ref", "ref")),
    "providers:qaf": Row(
        get=frozenset({"quality_officer"}),
        post=frozenset({"quality_officer"}),
        kwargs=obj("provider_a", "council_ref", "ref"),
    ),
    # people
    "people:people": Row(get=PEOPLE_READERS),
    "people:add": Row(get=BROKERS, post=BROKERS),
    "people:person": Row(get=PEOPLE_READERS, kwargs=obj("person", "council_ref", "ref")),
    "people:edit": Row(get=BROKERS, post=BROKERS, kwargs=obj("person", "council_ref", "ref")),
    # brokerage
    "brokerage:dashboard": Row(get=BROKERAGE_READERS),
    "brokerage:refer": Row(get=BROKERS, post=BROKERS),
    "brokerage:package": Row(get=BROKERAGE_READERS, kwargs=obj("package")),
    "brokerage:candidates": Row(get=BROKERAGE_READERS, post=BROKERS, kwargs=obj("referral")),
    "brokerage:vary": Row(get=BROKERS, post=BROKERS, kwargs=obj("package")),
    "brokerage:package-action": Row(
        get=NOBODY, post=BROKERS, kwargs=lambda w: {"pk": w.referral.pk, "action": "interim"}
    ),
    "brokerage:offers": Row(get=BROKERAGE_READERS),
    "brokerage:resolve-alert": Row(get=NOBODY, post=BROKERS, kwargs=obj("broker_alert")),
    "brokerage:awaiting-care": Row(get=BROKERAGE_READERS),
    "brokerage:bed-days": Row(get=BROKERAGE_READERS),
    "brokerage:hand-backs": Row(get=BROKERAGE_READERS),
    "brokerage:portal-offers": Row(get=PROVIDER),
    "brokerage:portal-offer": Row(get=PROVIDER, post=PROVIDER, kwargs=obj("offer"), owned=True),
    "brokerage:portal-packages": Row(get=PROVIDER),
    "brokerage:portal-package": Row(get=PROVIDER, post=PROVIDER, kwargs=obj("package"), owned=True),
    # visits
    "visits:dashboard": Row(get=ALL_STAFF),
    "visits:performance": Row(get=ALL_STAFF),
    "visits:package": Row(get=ALL_STAFF | PROVIDER, kwargs=obj("package"), owned=True),
    "visits:alerts": Row(get=ALL_STAFF | PROVIDER),
    "visits:resolve_alert": Row(
        get=frozenset({"broker", "commissioner", "quality_officer", "admin", "provider", "other_provider"}),
        post=frozenset({"broker", "commissioner", "quality_officer", "admin", "provider", "other_provider"}),
        kwargs=obj("visit_alert"),
        owned=True,
    ),
    "visits:penalties": Row(
        get=PENALTY_READERS, post=frozenset({"commissioner", "finance_officer", "admin"})
    ),
    "visits:penalty": Row(
        get=PENALTY_READERS, post=frozenset({"commissioner", "admin"}), kwargs=obj("penalty_statement")
    ),
    "visits:portal": Row(get=PROVIDER),
    "visits:portal_penalties": Row(get=PROVIDER),
    "visits:portal_penalty": Row(get=PROVIDER, kwargs=obj("penalty_statement"), owned=True),
    "visits:explain_visit": Row(get=PROVIDER, post=PROVIDER, kwargs=obj("visit"), owned=True),
    # rounds
    "rounds:index": Row(get=ALL_STAFF | PROVIDER),
    "rounds:carers": Row(get=PROVIDER),
    "rounds:carer_add": Row(get=PROVIDER, post=PROVIDER),
    "rounds:carer_edit": Row(get=PROVIDER, post=PROVIDER, kwargs=obj("carer"), owned=True),
    "rounds:carer_active": Row(get=NOBODY, post=PROVIDER, kwargs=obj("carer"), owned=True),
    "rounds:provider_carers": Row(get=ALL_STAFF, kwargs=lambda w: {"provider_id": w.provider_a.pk}),
    "rounds:plan_day": Row(get=PROVIDER, post=PROVIDER),
    "rounds:plan": Row(get=ALL_STAFF | PROVIDER, kwargs=obj("round_plan"), owned=True),
    "rounds:move": Row(get=PROVIDER, post=PROVIDER, kwargs=obj("round_plan"), owned=True),
    "rounds:replan": Row(get=NOBODY, post=PROVIDER, kwargs=obj("round_plan"), owned=True),
}

for _matrix in APP_MATRICES:
    PAGES.update(_matrix.PAGES)

#: Pages the API wiring serves (its root, the documentation and the schema): public.
API_PAGES = {"api:api-root", "api:openapi-json", "api:openapi-view"}

# Every API operation, by method and path template.
API: dict[tuple[str, str], Row] = {
    ("get", "/api/v1/health"): Row(get=PUBLIC),
    ("get", "/api/v1/brokerage/offers"): Row(get=PROVIDER_AND_TOKEN),
    ("get", "/api/v1/brokerage/offers/{offer_id}"): Row(
        get=PROVIDER_AND_TOKEN, kwargs=obj("offer", key="offer_id"), owned=True
    ),
    ("post", "/api/v1/brokerage/offers/{offer_id}/accept"): Row(
        get=PROVIDER_AND_TOKEN, kwargs=obj("offer", key="offer_id"), owned=True
    ),
    ("post", "/api/v1/brokerage/offers/{offer_id}/decline"): Row(
        get=PROVIDER_AND_TOKEN, kwargs=obj("offer", key="offer_id"), owned=True
    ),
    ("post", "/api/v1/visit-events"): Row(get=PROVIDER_AND_TOKEN),
    ("get", "/api/v1/visits"): Row(get=PROVIDER_AND_TOKEN),
    ("post", "/api/v1/visits/{visit_ref}/explanation"): Row(
        get=PROVIDER_AND_TOKEN, kwargs=obj("visit", "reference", "visit_ref"), owned=True
    ),
    ("get", "/api/v1/penalty-statements"): Row(get=PENALTY_READERS | PROVIDER_AND_TOKEN),
    ("get", "/api/v1/penalty-statements/{statement_id}"): Row(
        get=PENALTY_READERS | PROVIDER_AND_TOKEN,
        kwargs=obj("penalty_statement", key="statement_id"),
        owned=True,
    ),
    ("get", "/api/v1/providers/capacity-returns"): Row(get=ALL_STAFF | PROVIDER_AND_TOKEN),
    ("post", "/api/v1/providers/capacity-returns"): Row(get=PROVIDER_AND_TOKEN),
    ("get", "/api/v1/providers/"): Row(get=ALL_STAFF | PROVIDER_AND_TOKEN),
    ("get", "/api/v1/providers/{ref}"): Row(
        get=ALL_STAFF | PROVIDER_AND_TOKEN, kwargs=obj("provider_a", "council_ref", "ref"), owned=True
    ),
    ("get", "/api/v1/people/{ref}"): Row(get=PEOPLE_READERS, kwargs=obj("person", "council_ref", "ref")),
}

for _matrix in APP_MATRICES:
    API.update(_matrix.API)

#: Bodies good enough to reach the operation (a permitted caller may still get a 422 from the rules).
API_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/brokerage/offers/{offer_id}/decline"): {"reason": "no_capacity"},
    ("post", "/api/v1/visit-events"): {"events": []},
    ("post", "/api/v1/visits/{visit_ref}/explanation"): {"explanation": "The carer was delayed"},
    ("post", "/api/v1/providers/capacity-returns"): {
        "week_commencing": "2026-01-05",
        "staff_in_post": 1,
        "vacancies": 0,
        "leavers": 0,
        "lines": [],
    },
}
for _matrix in APP_MATRICES:
    API_BODIES.update(_matrix.API_BODIES)


# ---------------------------------------------------------------------------------------------
# The world: one of everything, for provider A.
# ---------------------------------------------------------------------------------------------
class World:
    pass


@pytest.fixture
def world() -> World:
    from homecare.brokerage.factories import make_package
    from homecare.brokerage.models import BrokerAlert, Offer
    from homecare.providers.factories import CapacityReturnFactory, ContractFactory, ProviderFactory
    from homecare.rounds.factories import CarerFactory
    from homecare.rounds.models import RoundPlan
    from homecare.visits.factories import package_in_care
    from homecare.visits.models import PenaltyStatement, Visit, VisitAlert

    w = World()
    w.provider_a = ProviderFactory()
    w.provider_b = ProviderFactory()
    w.contract = ContractFactory(provider=w.provider_a)
    w.framework = w.contract.framework or w.contract.lot.framework
    today = timezone.localdate()
    w.package = package_in_care(provider=w.provider_a, started_on=today - dt.timedelta(days=2), days=4)
    w.person = w.package.person
    w.zone = w.person.zone or _zone()
    w.referral = make_package(by=TEST_ACTOR)
    now = timezone.now()
    w.offer = Offer.objects.create(
        package=w.referral,
        provider=w.provider_a,
        offered_at=now,
        respond_by=now + dt.timedelta(hours=4),
    )
    w.broker_alert = BrokerAlert.objects.create(package=w.referral, kind="no_candidates", message="test")
    visit = Visit.objects.filter(package=w.package).order_by("planned_start").first()
    w.visit = visit
    w.visit_alert = VisitAlert.objects.create(
        visit=visit, provider=w.provider_a, raised_at=now, message="No check-in"
    )
    w.penalty_statement = PenaltyStatement.objects.create(
        provider=w.provider_a, period_start=today - dt.timedelta(days=7), period_end=today, calculated_at=now
    )
    w.capacity_return = CapacityReturnFactory(provider=w.provider_a)
    w.carer = CarerFactory(provider=w.provider_a)
    w.round_plan = RoundPlan.objects.create(
        provider=w.provider_a, day=today, requested_by_label="test", seconds=1
    )
    w.users = {role: make_user(role) for role in STAFF}
    w.users["provider"] = make_user(Role.PROVIDER, provider=w.provider_a)
    w.users["other_provider"] = make_user(Role.PROVIDER, provider=w.provider_b)
    _, w.token = issue_token(by=TEST_ACTOR, provider=w.provider_a, name="A's system")
    _, w.other_token = issue_token(by=TEST_ACTOR, provider=w.provider_b, name="B's system")
    for matrix in APP_MATRICES:
        matrix.build(w)
    return w


def _zone() -> Any:
    from homecare.geography.factories import ZoneFactory

    return ZoneFactory()


# ---------------------------------------------------------------------------------------------
# Enumerating what exists
# ---------------------------------------------------------------------------------------------
def _named_patterns(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            yield from _named_patterns(entry, inner or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}".lstrip(":")


def _api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {(method, path) for path, methods in schema["paths"].items() for method in methods}


def test_every_url_pattern_has_a_row_in_the_matrix():
    names = {n for n in _named_patterns() if not n.startswith("admin:")}
    missing = names - set(PAGES) - {n for n in names if n.startswith("api:")}
    assert not missing, f"pages with no entry in the authorisation matrix: {sorted(missing)}"
    assert not set(PAGES) - names, f"matrix rows for pages that no longer exist: {sorted(set(PAGES) - names)}"


def test_api_documentation_is_public_and_every_other_api_route_is_an_operation(client):
    operation_paths = {template for _, template in API}
    for name in sorted(n for n in _named_patterns() if n.startswith("api:")):
        if name in API_PAGES:
            status = client.get(reverse(name)).status_code
            assert status == (404 if name == "api:api-root" else 200), name  # the bare root lists nothing
            continue
        pattern = _route_of(name)
        assert any(_same_route(pattern, template) for template in operation_paths), name


def _route_of(name: str) -> str:
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            for inner in entry.url_patterns:
                if isinstance(inner, URLPattern) and f"api:{inner.name}" == name:
                    return "/api/v1/" + str(inner.pattern)
    raise AssertionError(f"no route for {name}")


def _same_route(django_route: str, openapi_path: str) -> bool:
    import re

    normalise = lambda path: re.sub(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", "{}", path)  # noqa: E731
    return normalise(django_route) == normalise(openapi_path)


def test_every_api_operation_has_a_row_in_the_matrix():
    operations = _api_operations()
    assert not operations - set(API), f"API operations with no entry: {sorted(operations - set(API))}"
    assert not set(API) - operations, (
        f"rows for operations that no longer exist: {sorted(set(API) - operations)}"
    )


# ---------------------------------------------------------------------------------------------
# Expectations
# ---------------------------------------------------------------------------------------------
def _expected(row: Row, allowed: frozenset[str], identity: str, *, api_call: bool) -> str:
    if "*" in allowed:
        return "public"
    if identity == "anonymous":
        return "sign in"
    if identity in allowed:
        if row.owned and identity in {"other_provider", "other_token"}:
            return "404"
        return "allowed"
    if row.owned and identity in {"other_provider", "other_token"}:
        # Provider B holds the permission for its own objects but not this one.
        own = "provider" if identity == "other_provider" else "token"
        if own in allowed:
            return "404"
    return "403"


def _outcome(response: Any, *, api_call: bool) -> str:
    status = response.status_code
    assert status < 500, f"{status} server error"
    if status in (401,) or (status == 302 and "/login/" in response.get("Location", "")):
        return "sign in"
    if status == 403:
        return "403"
    if status == 404:
        return "404"
    return "allowed"


def _client_for(client: Any, w: World, identity: str) -> dict[str, str]:
    client.logout()
    headers: dict[str, str] = {}
    if identity in w.users:
        client.force_login(w.users[identity])
    elif identity == "token":
        headers["Authorization"] = f"Bearer {w.token}"
    elif identity == "other_token":
        headers["Authorization"] = f"Bearer {w.other_token}"
    return headers


def _write_count() -> int:
    return AuditEvent.objects.count()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_answers_each_identity_as_the_matrix_says(client, world, name):
    row = PAGES[name]
    url = reverse(name, kwargs=row.kwargs(world))
    problems = []
    for identity in PAGE_IDENTITIES:
        _client_for(client, world, identity)
        expected = _expected(row, row.get, identity, api_call=False)
        if row.get is NOBODY and identity != "anonymous":
            expected = "not get"
        response = client.get(url)
        got = _outcome(response, api_call=False)
        if expected == "not get":
            # POST-only actions: a GET changes nothing and is refused or redirected away.
            if got == "allowed" and response.status_code == 200:
                problems.append((identity, "GET", expected, got))
        elif got != expected and expected != "public":
            problems.append((identity, "GET", expected, got))
        if row.post is not None or name.startswith(("accounts:",)):
            allowed = row.post if row.post is not None else row.get
            before = _write_count()
            response = client.post(url, {})
            got = _outcome(response, api_call=False)
            expected = _expected(row, allowed, identity, api_call=False)
            if got != expected and expected != "public":
                problems.append((identity, "POST", expected, got))
            if identity == "auditor":
                assert _write_count() == before, f"the auditor changed something through POST {url}"
    assert not problems, f"{url}: (identity, method, expected, got) {problems}"


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_operation_answers_each_identity_as_the_matrix_says(client, world, operation):
    method, template = operation
    row = API[operation]
    path = template.format(**row.kwargs(world))
    body = API_BODIES.get(operation)
    problems = []
    for identity in API_IDENTITIES:
        headers = _client_for(client, world, identity)
        before = _write_count()
        if method == "get":
            response = client.get(path, headers=headers)
        else:
            response = client.post(
                path, data=json.dumps(body or {}), content_type="application/json", headers=headers
            )
        got = _outcome(response, api_call=True)
        expected = _expected(row, row.get, identity, api_call=True)
        if got != expected and expected != "public":
            problems.append((identity, expected, got, response.status_code))
        if identity == "auditor":
            assert _write_count() == before, f"the auditor changed something through {method} {path}"
    assert not problems, f"{method} {path}: (identity, expected, got, status) {problems}"


def test_django_admin_is_for_administrators_only(client, world):
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in apps.get_models()
        if _registered(model)
    ]
    for identity in PAGE_IDENTITIES:
        _client_for(client, world, identity)
        for url in urls:
            response = client.get(url)
            if identity == "admin":
                assert response.status_code == 200, (identity, url)
            else:
                assert response.status_code == 302, (identity, url)
                assert "/login/" in response["Location"], (identity, url)


def _registered(model: Any) -> bool:
    from django.contrib import admin

    return admin.site.is_registered(model)


def test_provider_walking_another_providers_ids_finds_nothing(client, world):
    """Provider B, by page and by API, tries every id of provider A's objects: 404 every time."""
    _client_for(client, world, "other_provider")
    for name, row in PAGES.items():
        if row.owned:
            assert client.get(reverse(name, kwargs=row.kwargs(world))).status_code in (404, 405), name
    headers = _client_for(client, world, "other_token")
    for (method, template), row in API.items():
        if row.owned and method == "get":
            assert client.get(template.format(**row.kwargs(world)), headers=headers).status_code == 404
