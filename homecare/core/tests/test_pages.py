import pytest
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.core.actor import Actor
from homecare.core.models import AuditEvent
from homecare.core.navigation import all_items
from homecare.core.permissions import has_permission
from homecare.core.roles import Role
from homecare.core.testing import actor_for

pytestmark = pytest.mark.django_db

PUBLIC = ["/accessibility/", "/privacy/", "/cookies/", "/accounts/login/"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_page_opens_without_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"govuk-footer" in response.content


def _every_nav_url():
    return sorted(
        {item.url() for item in all_items()} | {"/", "/audit/", "/council/", "/geography/zones/assign/"}
    )


def test_every_page_redirects_to_log_in_when_signed_out(client):
    for url in _every_nav_url():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_sees_its_home_page_and_only_its_navigation(client, role):
    user = make_user(role)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    actor = actor_for(user)
    mine = {item.url() for item in all_items() if has_permission(actor, item.permission)}
    others = {item.url() for item in all_items() if not has_permission(actor, item.permission)} - mine
    for url in mine:
        assert f'href="{url}"'.encode() in response.content, (role, url)
    for url in others:
        assert f'href="{url}"'.encode() not in response.content, (role, url)


def test_provider_user_cannot_open_staff_pages(client):
    user = make_user(Role.PROVIDER)
    client.force_login(user)
    actor = actor_for(user)
    provider_urls = {item.url() for item in all_items() if has_permission(actor, item.permission)}
    staff_only = [
        item.url()
        for item in all_items()
        if not has_permission(actor, item.permission)
        and item.url() not in provider_urls
        and not item.url().startswith("/admin/")
    ]
    assert staff_only
    for url in staff_only:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.ADMIN])
def test_django_admin_is_for_administrators_only(client, role):
    client.force_login(make_user(role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_administrator_reaches_django_admin(client):
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/admin/").status_code == 200


def test_unknown_page_shows_404_page(client):
    client.force_login(make_user(Role.BROKER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_forbidden_page_explains_why(client):
    client.force_login(make_user(Role.BROKER))
    response = client.get("/audit/")
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_pages_carry_security_headers(client):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]


def test_council_settings_saved_by_administrator_and_audited(client):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    response = client.post(reverse("core:council"), {"name": "Testshire Council", "ons_code": "e06000015"})
    assert response.status_code == 302
    from homecare.core.council import get_council

    assert get_council().ons_code == "E06000015"
    assert AuditEvent.objects.filter(object_type="core.councilsettings", actor=admin).exists()


def test_council_settings_rejects_bad_code_with_error_summary(client):
    client.force_login(make_user(Role.ADMIN))
    response = client.post(reverse("core:council"), {"name": "Testshire", "ons_code": "12345"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter an ONS local authority code" in response.content
    assert response.content.count(b'href="#id_ons_code"') == 1


def test_audit_trail_lists_changes_for_auditor(client):
    from homecare.core import audit
    from homecare.geography.factories import WardFactory

    audit.record(by=Actor.system("someone"), action="renamed", obj=WardFactory())
    client.force_login(make_user(Role.AUDITOR))
    response = client.get("/audit/?actor=someone")
    assert response.status_code == 200
    assert b"renamed" in response.content
