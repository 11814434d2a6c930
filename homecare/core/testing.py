"""Helpers for tests: the actors tests act as."""

from __future__ import annotations

from typing import Any

from homecare.core.actor import Actor

#: The system acting in a test's set-up (audit label "test").
TEST_ACTOR = Actor.system("test")


def actor_for(user: Any) -> Actor:
    """The Actor a request by `user` would have."""
    return Actor.for_user(user)
