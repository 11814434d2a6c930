"""What the authorisation matrix is made of: the identities, the role sets and a row. Apps whose
rows live in their own module (`tests/matrix_<app>.py`) import these; the matrix test merges them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

STAFF = ("broker", "commissioner", "quality_officer", "finance_officer", "auditor", "admin")
PROVIDER_USERS = ("provider", "other_provider")
TOKENS = ("token", "other_token")
PAGE_IDENTITIES = ("anonymous", *STAFF, *PROVIDER_USERS)
API_IDENTITIES = ("anonymous", *STAFF, *PROVIDER_USERS, *TOKENS)

ALL_STAFF = frozenset(STAFF)
BROKERAGE_READERS = frozenset({"broker", "commissioner", "auditor", "admin"})
BROKERS = frozenset({"broker", "admin"})
PEOPLE_READERS = frozenset({"broker", "commissioner", "quality_officer", "auditor", "admin"})
PENALTY_READERS = frozenset({"commissioner", "finance_officer", "quality_officer", "auditor", "admin"})
PROVIDER = frozenset({"provider", "other_provider"})
PROVIDER_AND_TOKEN = frozenset({"provider", "other_provider", "token", "other_token"})
NOBODY: frozenset[str] = frozenset()
PUBLIC = frozenset({"*"})


@dataclass(frozen=True)
class Row:
    """Who may GET and who may POST. `owned`: the URL names an object of provider A, so provider B's
    identities get 404 where provider A's are allowed. `post=None`: the view has no POST handling."""

    get: frozenset[str]
    post: frozenset[str] | None = None
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda w: {})
    owned: bool = False


def obj(name: str, attr: str = "pk", key: str = "pk") -> Callable[[Any], dict[str, Any]]:
    return lambda w: {key: getattr(getattr(w, name), attr)}
