"""The audit trail page shows every actor: a user, a provider's API token, a job, a command."""

import pytest

from homecare.accounts.factories import make_user
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.models import AccessLog, ApiToken
from homecare.core.roles import Role
from homecare.core.testing import actor_for
from homecare.people.factories import PersonFactory
from homecare.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def _token_actor() -> Actor:
    token = ApiToken.objects.create(
        provider=ProviderFactory(), name="Call monitoring", prefix="hc_abc1234", token_hash="f" * 64
    )
    return Actor.for_token(token)


def _auditor(client):
    client.force_login(make_user(Role.AUDITOR))
    return client


def test_views_trail_shows_a_row_written_by_a_provider_token(client):
    token = _token_actor()
    audit.log_view(by=token, obj=PersonFactory(), view="api:people.get")
    assert AccessLog.objects.get().user is None
    response = _auditor(client).get("/audit/?kind=views")
    assert response.status_code == 200
    assert "api-token:hc_abc1234 (Call monitoring)" in response.content.decode()
    assert "A provider&#x27;s API token" in response.content.decode()


def test_views_trail_filters_token_rows_by_label(client):
    token = _token_actor()
    audit.log_view(by=token, obj=PersonFactory(), view="api:people.get")
    audit.log_view(
        by=actor_for(make_user(Role.BROKER, username="bea")), obj=PersonFactory(), view="people:person"
    )
    response = _auditor(client).get("/audit/", {"kind": "views", "actor": token.label})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert response.context["rows"][0]["who"] == token.label


ACTORS = {
    "token": _token_actor,
    "job": lambda: Actor.job("expire-offers"),
    "command": lambda: Actor.command("import packages"),
    "system": lambda: Actor.system("demo"),
    "user": lambda: actor_for(make_user(Role.BROKER, username="bea")),
}


@pytest.mark.parametrize("kind", sorted(ACTORS))
def test_changes_trail_filters_by_kind_of_actor(client, kind):
    person = PersonFactory()
    for name, make in ACTORS.items():
        audit.record(by=make(), action=f"touched-by-{name}", obj=person)
    response = _auditor(client).get("/audit/", {"kind": "changes", "actor_kind": kind})
    assert response.status_code == 200
    assert [r["row"].action for r in response.context["rows"]] == [f"touched-by-{kind}"]
    assert response.context["rows"][0]["kind"] == audit.ACTOR_KINDS[kind]


@pytest.mark.parametrize("kind", sorted(ACTORS))
def test_views_trail_filters_by_kind_of_actor(client, kind):
    for name, make in ACTORS.items():
        audit.log_view(by=make(), obj=PersonFactory(), view=f"seen-by-{name}")
    response = _auditor(client).get("/audit/", {"kind": "views", "actor_kind": kind})
    assert response.status_code == 200
    assert [r["row"].view for r in response.context["rows"]] == [f"seen-by-{kind}"]


def test_trail_with_an_unknown_kind_of_actor_shows_the_error(client):
    response = _auditor(client).get("/audit/", {"kind": "views", "actor_kind": "robot"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("actor", "kind"),
    [
        (Actor.job("x"), "job"),
        (Actor.command("x"), "command"),
        (Actor.system("demo"), "system"),
    ],
)
def test_actor_kind_reads_the_label_each_actor_writes(actor, kind):
    assert audit.actor_kind(label=actor.label, has_user=False) == kind
