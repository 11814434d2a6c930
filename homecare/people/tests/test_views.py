import pytest
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.core.models import AccessLog
from homecare.core.roles import Role
from homecare.people.factories import PersonFactory
from homecare.people.models import Person

pytestmark = pytest.mark.django_db


def test_person_page_logs_the_view(client):
    person = PersonFactory()
    user = make_user(Role.BROKER)
    client.force_login(user)
    response = client.get(reverse("people:person", args=[person.council_ref]))
    assert response.status_code == 200
    assert person.full_name in response.content.decode()
    assert AccessLog.objects.filter(user=user, person_id=str(person.pk)).count() == 1


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.FINANCE_OFFICER])
def test_person_page_forbidden_for_roles_without_need(client, role):
    person = PersonFactory()
    client.force_login(make_user(role))
    assert client.get(reverse("people:person", args=[person.council_ref])).status_code == 403
    assert not AccessLog.objects.exists()


def test_people_search_finds_by_reference(client):
    person = PersonFactory()
    client.force_login(make_user(Role.BROKER))
    response = client.get(reverse("people:people"), {"q": person.council_ref})
    assert response.status_code == 200
    assert person.council_ref in response.content.decode()


def test_people_search_forbidden_for_provider(client):
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(reverse("people:people")).status_code == 403


def test_add_person_creates_record(client):
    other = PersonFactory()
    client.force_login(make_user(Role.BROKER))
    response = client.post(
        reverse("people:add"),
        {"council_ref": "NEW1", "first_name": "Ada", "last_name": "Jones", "postcode": other.postcode},
    )
    assert response.status_code == 302
    assert Person.objects.get(council_ref="NEW1").zone == other.zone


def test_add_person_forbidden_for_auditor(client):
    client.force_login(make_user(Role.AUDITOR))
    assert client.get(reverse("people:add")).status_code == 403


def test_edit_person_shows_error_for_bad_nhs_number(client):
    person = PersonFactory()
    client.force_login(make_user(Role.BROKER))
    response = client.post(
        reverse("people:edit", args=[person.council_ref]),
        {"first_name": "A", "last_name": "B", "postcode": person.postcode, "nhs_number": "1234567890"},
    )
    assert response.status_code == 200
    assert "NHS number" in response.content.decode()


def test_edit_person_forbidden_for_commissioner(client):
    person = PersonFactory()
    client.force_login(make_user(Role.COMMISSIONER))
    assert client.get(reverse("people:edit", args=[person.council_ref])).status_code == 403


def test_person_api_logs_the_view(client):
    person = PersonFactory()
    user = make_user(Role.BROKER)
    client.force_login(user)
    response = client.get(f"/api/v1/people/{person.council_ref}")
    assert response.status_code == 200
    assert response.json()["last_name"] == person.last_name
    assert AccessLog.objects.filter(user=user, view="api:people.get").count() == 1


def test_person_api_refuses_provider_user(client):
    person = PersonFactory()
    client.force_login(make_user(Role.PROVIDER))
    assert client.get(f"/api/v1/people/{person.council_ref}").status_code == 403
