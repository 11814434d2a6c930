from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from homecare.accounts.models import User
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.errors import DomainError, as_domain_error
from homecare.core.permissions import acts_for_a_provider
from homecare.core.roles import is_known_role


def _check_provider(role: str, provider: Any) -> None:
    """Provider users belong to one provider; council staff to none."""
    if acts_for_a_provider(role) and provider is None:
        raise DomainError({"provider": "Choose the provider this user works for"})
    if not acts_for_a_provider(role) and provider is not None:
        raise DomainError({"provider": "Only provider users belong to a provider"})


@transaction.atomic
def create_user(
    *,
    by: Actor,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    provider: Any = None,
    job_title: str = "",
    check_password: bool = True,
) -> User:
    if not is_known_role(role):
        raise DomainError({"role": f"Unknown role {role!r}"})
    _check_provider(role, provider)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError({"username": f"The user name {username} is already taken"})
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        provider=provider,
        job_title=job_title,
    )
    try:
        if check_password:
            validate_password(password, user)
    except ValidationError as exc:
        raise DomainError({"password": exc.messages}) from exc
    user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise as_domain_error(exc) from exc
    user.save()
    audit.created(by=by, obj=user, fields=["username", "role", "provider_id", "email"])
    return user


@transaction.atomic
def change_role(*, by: Actor, user: User, role: str, provider: Any = None, reason: str = "") -> User:
    if not is_known_role(role):
        raise DomainError({"role": f"Unknown role {role!r}"})
    _check_provider(role, provider)
    audit.update_fields(by=by, obj=user, action="role_changed", reason=reason, role=role, provider=provider)
    return user
