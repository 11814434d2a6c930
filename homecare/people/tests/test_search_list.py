"""The people search shows who each person is and access-logs every person it shows."""

import datetime as dt

import pytest
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.core.models import AccessLog
from homecare.core.roles import Role
from homecare.people.factories import PersonFactory
from homecare.people.presenters import person_in_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(client):
    user = make_user(Role.BROKER)
    client.force_login(user)
    return user


def test_search_shows_name_and_date_of_birth_of_each_person_found(client, broker):
    PersonFactory(first_name="Edith", last_name="Jones", date_of_birth=dt.date(1938, 5, 17))
    PersonFactory(first_name="Alfred", last_name="Jones", date_of_birth=dt.date(1941, 1, 2))
    body = client.get(reverse("people:people"), {"q": "Jones"}).content.decode()
    assert "Edith Jones" in body and "Born 17 May 1938" in body
    assert "Alfred Jones" in body and "Born 2 Jan 1941" in body


def test_search_logs_each_person_shown(client, broker):
    found = PersonFactory.create_batch(2, last_name="Jones")
    PersonFactory(last_name="Smith")
    client.get(reverse("people:people"), {"q": "Jones"})
    logged = AccessLog.objects.filter(user=broker, view="people:search").values_list("person_id", flat=True)
    assert sorted(logged) == sorted(str(p.pk) for p in found)


def test_search_logs_only_the_page_shown(client, broker):
    PersonFactory.create_batch(51, last_name="Jones")
    client.get(reverse("people:people"), {"q": "Jones"})
    assert AccessLog.objects.filter(view="people:search").count() == 50


def test_search_form_without_a_query_logs_no_one(client, broker):
    PersonFactory()
    assert client.get(reverse("people:people")).status_code == 200
    assert not AccessLog.objects.exists()


def test_person_in_list_without_a_name_or_birth_date_says_so():
    shown = person_in_list(PersonFactory.build(first_name="", last_name="", date_of_birth=None))
    assert (shown["name"], shown["born"]) == ("Name not recorded", "not recorded")
