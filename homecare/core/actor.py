"""Who is acting: one `Actor` for every channel.

An Actor is built once per channel and handed down to queries and services:

- a signed-in user: `Actor.for_user(user)`, by `ActorMiddleware` for every web request;
- a provider's API token: `Actor.for_token(token)`, by the API's token authentication;
- a background job: `Actor.job(name)`, by the job runner;
- a command-line command: `Actor.command(name)`, by the command runner;
- the system itself (the demo generator, data migrations, tests): `Actor.system(label)`.

It carries a label (for the audit trail), a role (empty for jobs, commands and the system) and the
provider it acts for (provider users and tokens; none for council staff). The provider is held as an
id with a lazy accessor, so the kernel imports no domain model. Jobs, commands and the system act
for the council as a whole: they are trusted and see everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from django.apps import apps

from homecare.core.roles import Role

ActorKind = Literal["anonymous", "user", "token", "job", "command", "system"]

#: Kinds of actor that act for the council as a whole (no role; trusted with every permission).
TRUSTED_KINDS: frozenset[str] = frozenset({"job", "command", "system"})


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    label: str
    role: str = ""
    provider_id: int | None = None
    user_id: int | None = None
    token_id: int | None = None
    active: bool = True
    #: The user row (for the audit trail's foreign key); None for tokens, jobs and commands.
    user: Any = field(default=None, compare=False, repr=False)

    # -- building one, once per channel -------------------------------------------------------
    @classmethod
    def for_user(cls, user: Any) -> Actor:
        """The signed-in user of a request (or an anonymous actor)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return ANONYMOUS
        return cls(
            kind="user",
            label=user.get_username(),
            role=str(user.role or ""),
            provider_id=user.provider_id,
            user_id=user.pk,
            active=bool(user.is_active),
            user=user,
        )

    @classmethod
    def for_token(cls, token: Any) -> Actor:
        """A provider's API token: acts as that provider's system, in the provider role."""
        return cls(
            kind="token",
            label=f"api-token:{token.prefix} ({token.name})"[:200],
            role=Role.PROVIDER,
            provider_id=token.provider_id,
            token_id=token.pk,
            active=token.revoked_at is None,
        )

    @classmethod
    def job(cls, name: str) -> Actor:
        return cls(kind="job", label=f"job:{name}")

    @classmethod
    def command(cls, name: str) -> Actor:
        return cls(kind="command", label=f"cli:{name}")

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(kind="system", label=label)

    # -- reading it ---------------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return self.kind != "anonymous" and self.active

    @property
    def is_trusted(self) -> bool:
        """A job, command or the system: acts for the council, not for a person or provider."""
        return self.kind in TRUSTED_KINDS

    @property
    def is_provider_scoped(self) -> bool:
        """Acts for one provider and may see only that provider's work."""
        return self.provider_id is not None

    @cached_property
    def provider(self) -> Any:
        """The provider this actor acts for (loaded on first use), or None."""
        if self.provider_id is None:
            return None
        return apps.get_model("providers", "Provider").objects.get(pk=self.provider_id)

    @property
    def channel(self) -> str:
        return {"user": "web", "token": "api", "job": "job", "command": "cli"}.get(self.kind, "system")

    def __str__(self) -> str:
        return self.label


ANONYMOUS = Actor(kind="anonymous", label="anonymous", active=False)
