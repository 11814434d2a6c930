"""Named permissions: what each role may do, declared once per app.

Each app declares its permissions in `<app>/permissions.py`:

    VIEW_PACKAGES = Permission("brokerage.view_packages", STAFF, "Read packages and the awaiting care list")

and views, API operations, navigation entries and the `can_*` flags on pages ask

    has_permission(actor, VIEW_PACKAGES)            # may this actor do it at all?
    has_permission(actor, ACCEPT_OFFER, obj=offer)  # ...to this object?

With an object, a provider user or token holds the permission only for its own provider's objects
(the object's `provider_id`). Reading is scoped separately, through each model's
`.visible_to(actor)` queryset method (`homecare.core.scoping`), so that another provider's object is
a 404 everywhere. Jobs, commands and the system act for the council and hold every permission.

The role groups below exist for declarations only; nothing else compares roles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from homecare.core.actor import ANONYMOUS, Actor
from homecare.core.roles import Role

#: Council staff: every role but provider users.
STAFF: frozenset[str] = frozenset(r.value for r in Role if r != Role.PROVIDER)
#: Council staff who may change data (the auditor only reads).
STAFF_WRITERS: frozenset[str] = STAFF - {Role.AUDITOR.value}
#: Provider users (and provider API tokens, which act in the provider role).
PROVIDERS: frozenset[str] = frozenset({Role.PROVIDER.value})


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(n) for n in names)


_REGISTRY: dict[str, Permission] = {}


@dataclass(frozen=True)
class Permission:
    """A named thing an actor may do, and the roles that may do it."""

    name: str
    roles: frozenset[str]
    description: str

    def __post_init__(self) -> None:
        unknown = set(self.roles) - set(Role.values)
        if unknown:
            raise ValueError(f"Permission {self.name}: unknown roles {sorted(unknown)}")
        if self.name in _REGISTRY and _REGISTRY[self.name] != self:
            raise ValueError(f"Permission {self.name} is declared twice")
        _REGISTRY[self.name] = self

    def __str__(self) -> str:
        return self.name


def all_permissions() -> list[Permission]:
    """Every declared permission (each app's `permissions.py` is imported on start-up)."""
    return sorted(_REGISTRY.values(), key=lambda p: p.name)


def owner_provider_id(obj: Any) -> int | None:
    """The provider an object belongs to: its `provider_id`, or None if it belongs to no provider."""
    return getattr(obj, "provider_id", None)


def has_permission(actor: Actor, permission: Permission, obj: Any = None) -> bool:
    """May `actor` do `permission` (to `obj`, if given)?"""
    if actor.is_trusted:
        return True
    if not actor.is_authenticated or actor.role not in permission.roles:
        return False
    return not (obj is not None and actor.is_provider_scoped and owner_provider_id(obj) != actor.provider_id)


def check_permission(actor: Actor, permission: Permission, obj: Any = None) -> None:
    """Raise PermissionDenied (403) if the actor may not do this at all, or Http404 if it may but the
    object belongs to another provider (so that other providers' objects look the same as missing)."""
    if has_permission(actor, permission):
        if obj is not None and not has_permission(actor, permission, obj):
            raise Http404("No such object")
        return
    raise PermissionDenied("Your role does not give access to this.")


def actor_of(request: HttpRequest) -> Actor:
    """The request's actor (set once by `ActorMiddleware`, or by the API's authentication)."""
    return getattr(request, "actor", ANONYMOUS)


def require(*permissions: Permission) -> Callable:
    """View decorator: the actor must hold every one of `permissions`, else 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_of(request)
            for permission in permissions:
                check_permission(actor, permission)
            return view(request, *args, **kwargs)

        wrapped.permissions = permissions  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_any(*permissions: Permission) -> Callable:
    """View decorator: the actor must hold at least one of `permissions`, else 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_of(request)
            if not any(has_permission(actor, p) for p in permissions):
                raise PermissionDenied("Your role does not give access to this.")
            return view(request, *args, **kwargs)

        wrapped.permissions = permissions  # type: ignore[attr-defined]
        return wrapped

    return decorator


def flags(actor: Actor, obj: Any = None, **named: Permission) -> dict[str, bool]:
    """`can_*` flags for a page: flags(actor, can_edit=EDIT_PERSON) -> {"can_edit": True}."""
    return {name: has_permission(actor, permission, obj) for name, permission in named.items()}


def roles_holding(permission: Permission) -> Iterable[str]:
    return sorted(permission.roles)


# The kernel's own permissions.
SEE_ALL_PROVIDERS = Permission(
    "core.see_all_providers", STAFF, "See every provider's work (council staff); others see their own"
)
VIEW_AUDIT = Permission(
    "core.view_audit", roles(Role.ADMIN, Role.AUDITOR), "Read the audit trail and the access log"
)
EDIT_COUNCIL = Permission("core.edit_council", roles(Role.ADMIN), "Change the council's name and ONS code")
USE_ADMIN = Permission("core.use_admin", roles(Role.ADMIN), "Use the Django admin")


def acts_for_a_provider(role: str) -> bool:
    """Does this role act for one provider (and so belong to one)? Provider users do; staff do not."""
    return role in PROVIDERS
