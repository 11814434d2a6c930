"""The shell in a real browser: log-in journey, navigation by role, and WCAG 2.2 AA checks by axe."""

import pytest

from homecare.accounts.factories import TEST_PASSWORD, make_user
from homecare.core.roles import Role
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/accounts/login/", "/accessibility/", "/privacy/", "/cookies/"])
def test_public_page_is_accessible(live_server, page, path):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_signs_in_to_an_accessible_home_page(live_server, page, role):
    user = make_user(role)
    login(page, live_server.url, user.username, TEST_PASSWORD)
    assert page.url == live_server.url + "/"
    assert page.locator(".govuk-header").is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert_accessible(page)


def test_failed_sign_in_shows_an_accessible_error_summary(live_server, page):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter a correct user name and password" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_not_found_and_forbidden_pages_are_accessible(live_server, page):
    user = make_user(Role.PROVIDER)
    login(page, live_server.url, user.username, TEST_PASSWORD)
    response = page.goto(live_server.url + "/audit/")
    assert response.status == 403
    assert_accessible(page)
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert_accessible(page)


def test_form_with_errors_is_accessible(live_server, page):
    admin = make_user(Role.ADMIN)
    login(page, live_server.url, admin.username, TEST_PASSWORD)
    page.goto(live_server.url + "/council/")
    page.fill("#id_ons_code", "nonsense")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
