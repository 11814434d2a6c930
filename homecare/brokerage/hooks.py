"""Brokerage's extension points (see homecare.core.extensions): how higher apps follow what
brokerage does without brokerage importing them.

- `PACKAGE_CHANGED`: after the transaction that changed packages commits (a status change, dates,
  provider, notice, a new care plan version; single or bulk), each implementation is called as
  `handler(by=Actor, package_ids=[...])`. Visits regenerates the packages' dated visits.
- `CANDIDATE_SIGNALS`: while the candidate page ranks providers for a package, each implementation
  is called as `signal(package=Package, provider_ids=[...])` and returns
  `{provider_id: CandidateSignal}` for the providers it has something to say about. Rounds adds the
  route fit; quality will add risk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from homecare.core.actor import Actor
from homecare.core.extensions import ExtensionPoint

PACKAGE_CHANGED = ExtensionPoint(
    "brokerage.package_changed",
    "After commit: handler(by=Actor, package_ids=list[int]) for packages whose status, dates, "
    "provider or care plan changed",
)

CANDIDATE_SIGNALS = ExtensionPoint(
    "brokerage.candidate_signals",
    "signal(package=Package, provider_ids=list[int]) -> {provider_id: CandidateSignal}",
)


@dataclass(frozen=True)
class CandidateSignal:
    """Something a higher app knows about a candidate provider, shown beside it to the broker."""

    label: str  # the column it belongs in, e.g. "Route fit"
    text: str  # what the broker reads, e.g. "+12 min, +4.1 km; current carers can absorb it"
    tone: str = ""  # "", "good" or "warning": how the page tags it


def package_changed(*, by: Actor, package_ids: Iterable[int]) -> None:
    """Tell every PACKAGE_CHANGED implementation about these packages once the current transaction
    commits (immediately when there is none). Nothing is told if the transaction rolls back."""
    ids = sorted({int(pk) for pk in package_ids})
    if not ids:
        return

    def notify() -> None:
        for handler in PACKAGE_CHANGED.implementations():
            handler(by=by, package_ids=ids)

    transaction.on_commit(notify)


def candidate_signals(*, package: object, provider_ids: list[int]) -> dict[int, list[CandidateSignal]]:
    """Every CANDIDATE_SIGNALS implementation's signals, by provider."""
    found: dict[int, list[CandidateSignal]] = {}
    for signal in CANDIDATE_SIGNALS.implementations():
        for provider_id, item in signal(package=package, provider_ids=provider_ids).items():
            found.setdefault(provider_id, []).append(item)
    return found
