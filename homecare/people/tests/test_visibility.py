"""Who may see which people's records (`Person.objects.visible_to(actor)`)."""

import datetime as dt

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.core.actor import Actor
from homecare.core.models import AccessLog
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.core.tokens import issue_token
from homecare.people.factories import PersonFactory
from homecare.people.models import Person
from homecare.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def _place(person: Person, provider: object) -> None:
    """A package for `person` placed with `provider` (made directly: only the link matters here)."""
    apps.get_model("brokerage", "Package").objects.create(
        person=person, provider=provider, funding="council", referred_on=dt.date(2026, 1, 5)
    )


def test_people_visible_to_staff_with_people_view_are_everyone() -> None:
    people = {PersonFactory().pk, PersonFactory().pk}
    assert (
        set(Person.objects.visible_to(actor_for(make_user(Role.BROKER))).values_list("pk", flat=True))
        == people
    )


def test_people_visible_to_trusted_actor_are_everyone() -> None:
    person = PersonFactory()
    assert list(Person.objects.visible_to(TEST_ACTOR)) == [person]


def test_people_visible_to_staff_without_people_view_are_no_one() -> None:
    PersonFactory()
    assert not Person.objects.visible_to(actor_for(make_user(Role.FINANCE_OFFICER))).exists()


def test_people_visible_to_provider_are_those_with_a_package_placed_with_it() -> None:
    provider, other = ProviderFactory(), ProviderFactory()
    theirs, someone_elses = PersonFactory(), PersonFactory()
    PersonFactory()  # no package at all
    _place(theirs, provider)
    _place(theirs, provider)  # two packages: still one row
    _place(someone_elses, other)
    actor = actor_for(make_user(Role.PROVIDER, provider=provider))
    assert list(Person.objects.visible_to(actor)) == [theirs]


def test_people_visible_to_provider_token_are_those_with_a_package_placed_with_it() -> None:
    provider = ProviderFactory()
    theirs = PersonFactory()
    PersonFactory()
    _place(theirs, provider)
    token, _raw = issue_token(by=TEST_ACTOR, provider=provider, name="test")
    assert list(Person.objects.visible_to(Actor.for_token(token))) == [theirs]


def test_person_page_stays_staff_only_for_provider_with_their_package(client) -> None:
    provider = ProviderFactory()
    person = PersonFactory()
    _place(person, provider)
    client.force_login(make_user(Role.PROVIDER, provider=provider))
    assert client.get(reverse("people:person", args=[person.council_ref])).status_code == 403
    assert not AccessLog.objects.exists()


def test_person_api_refuses_provider_token() -> None:
    provider = ProviderFactory()
    person = PersonFactory()
    _place(person, provider)
    _token, raw = issue_token(by=TEST_ACTOR, provider=provider, name="test")
    response = Client().get(f"/api/v1/people/{person.council_ref}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_person_api_without_auth_is_401() -> None:
    person = PersonFactory()
    assert Client().get(f"/api/v1/people/{person.council_ref}").status_code == 401
