"""Test data factories (factory-boy) for accounts."""

from __future__ import annotations

import factory

from homecare.accounts.models import User
from homecare.core.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.BROKER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role: str, **kwargs: object) -> User:
    if role == Role.PROVIDER and "provider" not in kwargs:
        from homecare.providers.factories import ProviderFactory

        kwargs["provider"] = ProviderFactory()
    user: User = UserFactory(role=role, **kwargs)  # type: ignore[assignment]
    return user
