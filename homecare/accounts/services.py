from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from homecare.accounts.models import User
from homecare.accounts.roles import Role
from homecare.core import audit


@transaction.atomic
def create_user(
    *,
    by: Any,
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
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}"})
    if role == Role.PROVIDER and provider is None:
        raise ValidationError({"provider": "Choose the provider this user works for"})
    if role != Role.PROVIDER and provider is not None:
        raise ValidationError({"provider": "Only provider users belong to a provider"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The user name {username} is already taken"})
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        provider=provider,
        job_title=job_title,
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.created(by=by, obj=user, fields=["username", "role", "provider_id", "email"])
    return user


@transaction.atomic
def change_role(*, by: Any, user: User, role: str, provider: Any = None, reason: str = "") -> User:
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}"})
    audit.update_fields(by=by, obj=user, action="role_changed", reason=reason, role=role, provider=provider)
    return user
