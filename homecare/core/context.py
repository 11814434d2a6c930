"""The current request's context (which request, from where, who acts), for audit records and logs.

Set by middleware for web requests, by the API's authentication, by the job runner and by the
command runner (`acting_as`). Services do not read the actor from here: they take `by: Actor`.
"""

from __future__ import annotations

import contextvars
import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from homecare.core.actor import Actor


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip: str | None = None
    path: str = ""
    actor: Actor | None = None
    channel: str = "system"  # web, api, cli, job, system


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "homecare_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or RequestContext()


def set_current(ctx: RequestContext) -> contextvars.Token[RequestContext | None]:
    return _current.set(ctx)


def reset(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def with_actor(actor: Actor) -> contextvars.Token[RequestContext | None]:
    """Record who acts in the current context (keeping the request id, address and path)."""
    return _current.set(dataclasses.replace(current(), actor=actor))


@contextmanager
def acting_as(actor: Actor, *, path: str = "") -> Iterator[RequestContext]:
    """Run a block as `actor` (the job runner and command runner use this)."""
    ctx = RequestContext(actor=actor, channel=actor.channel, path=path)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
