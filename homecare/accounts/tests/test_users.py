import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from homecare.accounts.models import User
from homecare.accounts.services import create_user
from homecare.core.models import AuditEvent
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR
from homecare.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_create_user_audits_the_creation():
    user = create_user(by=TEST_ACTOR, username="jo", password="a-long-enough-passphrase", role=Role.BROKER)
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.action == "created"
    assert "password" not in event.changes


def test_provider_user_needs_a_provider():
    with pytest.raises(ValidationError, match="Choose the provider"):
        create_user(by=TEST_ACTOR, username="p", password="a-long-enough-passphrase", role=Role.PROVIDER)


def test_staff_user_cannot_belong_to_a_provider():
    with pytest.raises(ValidationError, match="Only provider users"):
        create_user(
            by=TEST_ACTOR,
            username="s",
            password="a-long-enough-passphrase",
            role=Role.BROKER,
            provider=ProviderFactory(),
        )


def test_database_refuses_provider_user_without_provider():
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.PROVIDER)


def test_weak_password_is_refused():
    with pytest.raises(ValidationError):
        create_user(by=TEST_ACTOR, username="weak", password="password", role=Role.BROKER)


def test_only_administrators_are_django_staff():
    admin = create_user(by=TEST_ACTOR, username="a", password="a-long-enough-passphrase", role=Role.ADMIN)
    broker = create_user(by=TEST_ACTOR, username="b", password="a-long-enough-passphrase", role=Role.BROKER)
    assert admin.is_staff and admin.is_superuser
    assert not broker.is_staff and not broker.is_superuser
