"""The current request's context (who, from where, which request), for audit records and logs.

Set by middleware for web requests; command-line commands and jobs set it with `acting_as`.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip: str | None = None
    path: str = ""
    user: Any = None
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


@contextmanager
def acting_as(user: Any = None, *, channel: str = "cli", path: str = "") -> Iterator[RequestContext]:
    """Run a block as `user` (for commands and background jobs)."""
    ctx = RequestContext(user=user, channel=channel, path=path)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
