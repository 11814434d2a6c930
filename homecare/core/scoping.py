"""Provider scoping, once. Every model that holds a provider's work gets its queryset from
`ProviderScopedQuerySet` (or a subclass); every portal and API read goes through
`.visible_to(actor)`:

- council staff (and jobs, commands, the system) see every provider's rows;
- a provider user or token sees only rows of the provider it acts for;
- anyone else sees nothing.

Another provider's object is then simply not found: a 404, the same way on every page and in the API.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from homecare.core.actor import Actor
from homecare.core.permissions import SEE_ALL_PROVIDERS, has_permission

_M = TypeVar("_M", bound=models.Model)


class ProviderScopedQuerySet(models.QuerySet[_M]):
    #: The lookup from this model to its provider's id, e.g. "provider_id" or "package__provider_id".
    provider_lookup = "provider_id"

    def visible_to(self, actor: Actor) -> ProviderScopedQuerySet[_M]:
        if actor.is_provider_scoped:
            return self.for_provider_id(actor.provider_id)
        if has_permission(actor, SEE_ALL_PROVIDERS):
            return self
        return self.none()

    def for_provider_id(self, provider_id: Any) -> ProviderScopedQuerySet[_M]:
        return self.filter(**{self.provider_lookup: provider_id})
