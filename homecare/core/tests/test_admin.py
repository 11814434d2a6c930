"""The Django admin never bypasses the trail: every person shown is access-logged, every change is
audited, and nothing is deleted through it."""

import pytest
from django.contrib import admin
from django.forms import MultiWidget
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.accounts.models import User
from homecare.core.admin import ADMIN_REASON, AuditedModelAdmin
from homecare.core.models import AccessLog, AuditEvent
from homecare.core.roles import Role
from homecare.geography.models import Zone
from homecare.people.factories import PersonFactory
from homecare.people.models import Person
from homecare.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(client):
    user = make_user(Role.ADMIN, username="root")
    client.force_login(user)
    return user


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _form_data(response) -> dict:
    """What the browser would post back from an admin change form, unchanged."""
    data: dict = {}
    for field in response.context["adminform"].form:
        if field.field.disabled:
            continue
        value, widget = field.value(), field.field.widget
        if isinstance(widget, MultiWidget):
            names = [field.html_name] + ([field.html_initial_name] if field.field.show_hidden_initial else [])
            for i, part in enumerate(widget.decompress(value)):
                for name in names:
                    data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def _ours():
    """The project's models in the admin (Django's groups and django-axes's lock-out records are
    not people, packages, visits, events, payments or audit rows)."""
    return {m: ma for m, ma in admin.site._registry.items() if m.__module__.startswith("homecare.")}


def test_every_model_of_the_project_in_the_admin_uses_the_audited_base():
    assert len(_ours()) >= 5
    plain = [m._meta.label for m, ma in _ours().items() if not isinstance(ma, AuditedModelAdmin)]
    assert plain == []


def test_opening_a_person_in_the_admin_writes_an_access_log_row(client, admin_user):
    person = PersonFactory()
    response = client.get(_change_url(person))
    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.person_id, row.view) == (admin_user, str(person.pk), "admin:people.person")


def test_listing_people_in_the_admin_logs_each_person_shown(client, admin_user):
    people = PersonFactory.create_batch(3)
    response = client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 200
    logged = AccessLog.objects.filter(view="admin:people.person list", user=admin_user)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(str(p.pk) for p in people)


def test_listing_zones_in_the_admin_logs_no_person(client, admin_user):
    Zone.objects.create(code="N", name="North")
    assert client.get(reverse("admin:geography_zone_changelist")).status_code == 200
    assert not AccessLog.objects.exists()


def test_editing_a_person_in_the_admin_audits_the_change(client, admin_user):
    person = PersonFactory(last_name="Smith")
    data = _form_data(client.get(_change_url(person))) | {"last_name": "Smyth"}
    response = client.post(_change_url(person), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(object_type="people.person", object_id=str(person.pk))
    assert (event.action, event.actor, event.reason) == ("updated", admin_user, ADMIN_REASON)
    assert event.changes == {"last_name": ["Smith", "Smyth"]}


def test_adding_a_zone_in_the_admin_audits_the_creation(client, admin_user):
    response = client.post(reverse("admin:geography_zone_add"), {"code": "N", "name": "North"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="geography.zone")
    assert event.action == "created"
    assert event.changes["name"] == [None, "North"]


def test_person_admin_offers_no_delete_action(client, admin_user):
    PersonFactory()
    response = client.get(reverse("admin:people_person_changelist"))
    assert "delete_selected" not in response.content.decode()
    assert "delete_selected" in str(admin.site._actions)  # the site has one; the people admin drops it


def test_deleting_a_person_through_the_admin_is_refused(client, admin_user):
    person = PersonFactory()
    url = reverse("admin:people_person_delete", args=[person.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_bulk_delete_of_people_through_the_admin_deletes_nothing(client, admin_user):
    person = PersonFactory()
    client.post(
        reverse("admin:people_person_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert Person.objects.filter(pk=person.pk).exists()


def test_no_model_in_the_admin_may_be_deleted(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    deletable = [m._meta.label for m, ma in _ours().items() if ma.has_delete_permission(request)]
    assert deletable == []


def test_promoting_an_auditor_to_administrator_in_the_admin_is_audited(client, admin_user):
    auditor = make_user(Role.AUDITOR, username="audrey")
    data = _form_data(client.get(_change_url(auditor))) | {"role": Role.ADMIN}
    response = client.post(_change_url(auditor), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(auditor.pk))
    assert (event.action, event.actor, event.reason) == ("role_changed", admin_user, ADMIN_REASON)
    assert event.changes == {"role": [Role.AUDITOR, Role.ADMIN]}
    auditor.refresh_from_db()
    assert auditor.role == Role.ADMIN and auditor.is_superuser


def test_changing_a_users_name_and_role_in_the_admin_audits_both(client, admin_user):
    auditor = make_user(Role.AUDITOR, username="audrey", first_name="Audrey")
    data = _form_data(client.get(_change_url(auditor))) | {"role": Role.BROKER, "first_name": "Aud"}
    client.post(_change_url(auditor), data)
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(auditor.pk))
    assert {e.action: e.changes for e in events} == {
        "updated": {"first_name": ["Audrey", "Aud"]},
        "role_changed": {"role": [Role.AUDITOR, Role.BROKER]},
    }


def test_making_a_user_a_provider_user_without_a_provider_is_refused_on_the_form(client, admin_user):
    auditor = make_user(Role.AUDITOR, username="audrey")
    data = _form_data(client.get(_change_url(auditor))) | {"role": Role.PROVIDER}
    response = client.post(_change_url(auditor), data)
    assert response.status_code == 200
    assert "A provider user must belong to one provider" in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="accounts.user").exists()


def test_moving_a_provider_user_to_another_provider_in_the_admin_is_audited(client, admin_user):
    first, second = ProviderFactory(), ProviderFactory()
    user = make_user(Role.PROVIDER, username="pat", provider=first)
    data = _form_data(client.get(_change_url(user))) | {"provider": str(second.pk)}
    client.post(_change_url(user), data)
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.changes == {"provider": [first.pk, second.pk]}


def test_adding_a_user_in_the_admin_audits_it_without_the_password(client, admin_user):
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "role": Role.BROKER,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.action == "created"
    assert event.changes["role"] == [None, Role.BROKER]
    assert "passphrase" not in str(event.changes) and "password" not in str(event.changes)


def test_setting_a_password_in_the_admin_is_audited_without_the_password(client, admin_user):
    user = make_user(Role.BROKER, username="bea")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(
        url, {"password1": "another-long-passphrase", "password2": "another-long-passphrase"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert (event.action, event.actor, event.changes) == ("password_set", admin_user, {})
