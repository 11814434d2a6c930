"""Role checks for views. Each view states which roles may open it; everything else gets 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from homecare.accounts.roles import STAFF_ROLES, WRITE_ROLES, Role


def role_of(user: Any) -> str:
    """The user's role, or "" for an anonymous user."""
    return str(getattr(user, "role", "") or "")


def user_has_role(user: Any, roles: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def require_roles(*roles: str) -> Callable:
    """Decorator: only users in one of `roles` may open the view."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_has_role(request.user, allowed):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


staff_required = require_roles(*STAFF_ROLES)
staff_write_required = require_roles(*WRITE_ROLES)
provider_required = require_roles(Role.PROVIDER)
admin_required = require_roles(Role.ADMIN)
