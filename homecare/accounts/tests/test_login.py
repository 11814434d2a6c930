import pytest
from django.conf import settings
from django.urls import reverse

from homecare.accounts.factories import TEST_PASSWORD, make_user
from homecare.core.roles import Role

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_with_right_password_reaches_home(client):
    user = make_user(Role.BROKER)
    response = _login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_login_with_wrong_password_shows_error_summary(client):
    user = make_user(Role.BROKER)
    response = _login(client, user.username, "wrong")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter a correct user name and password" in response.content


def test_five_wrong_passwords_lock_the_account(client):
    user = make_user(Role.BROKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong")
    response = _login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert b"Your account is locked" in response.content
    assert client.get("/").status_code == 302


def test_four_wrong_passwords_do_not_lock_the_account(client):
    user = make_user(Role.BROKER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, TEST_PASSWORD).status_code == 302


def test_lockout_of_one_account_leaves_others_alone(client):
    locked, other = make_user(Role.BROKER), make_user(Role.BROKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, locked.username, "wrong")
    assert _login(client, other.username, TEST_PASSWORD).status_code == 302


def test_session_expires_after_idle_time_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_sign_out_ends_the_session(client):
    client.force_login(make_user(Role.BROKER))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
