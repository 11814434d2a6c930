"""Why a package waiting for care is where it is, and what the broker does next. Pure: plain facts
in, a plain answer out, no database (the facts are gathered by `brokerage/situation.py`).

The rules, for a package that is not yet placed (referred, being brokered or offered):

1. *Referred*: brokering has not started. Next: start brokering.
2. *An offer of this round is waiting for a reply* (one at a time, or several under broadcast):
   say who was offered and by when they must reply (under broadcast, how many have accepted so
   far; the best-scoring acceptor is chosen when everyone has replied or the window closes). If
   the reply is overdue the offer expires at the next check and the next provider is asked. Next:
   wait, or offer outside the order.
3. *Offers accepted under broadcast, none pending*: the best-scoring acceptor is being chosen.
   Next: wait (the expiry check closes the broadcast).
4. *No offer is waiting, and eligible providers exist now* (a declined or expired round moved
   on, the package was imported or its round restarted without an offer, or capacity and
   contracts changed after a "no provider left" alert): next, offer to the first candidate. When
   an alert said no provider was left, say that it no longer holds.
5. *No offer is waiting and no eligible provider is left in this round*: say how many were asked
   without accepting and how many are excluded. Next: start a new round when someone was asked
   (providers who declined may be asked again), otherwise offer outside the order (with a reason);
   the other of the two is the second action. Both are always offered, with recording an interim
   arrangement if none is recorded.
6. If the eligible providers were not worked out (``candidates`` is None), say no offer is waiting
   and send the broker to the candidate page.

Any other status (placed, in care, closed) has no next brokering step: the function returns None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REFERRED = "referred"
BROKERING = "brokering"
OFFERED = "offered"
UNPLACED = frozenset({REFERRED, BROKERING, OFFERED})

# What the broker can do next; the pages turn each into a button or a link.
START = "start_brokering"
OFFER_NEXT = "offer_next"
NEW_ROUND = "restart"
OVERRIDE = "override"
INTERIM = "interim"
CANDIDATES = "candidates"
WAIT = "wait"
ACTIONS = (START, OFFER_NEXT, NEW_ROUND, OVERRIDE, INTERIM, CANDIDATES, WAIT)

ACTION_LABELS = {
    START: "Start brokering",
    OFFER_NEXT: "Offer to the next provider",
    NEW_ROUND: "Start a new round of offers",
    OVERRIDE: "Offer outside the order",
    INTERIM: "Record an interim arrangement",
    CANDIDATES: "See the candidate providers",
    WAIT: "Wait for the reply",
}


@dataclass(frozen=True)
class Facts:
    """What is known about one unplaced package, as plain values."""

    status: str
    round: int
    now: dt.datetime
    #: offers of the current round waiting for a reply: provider names and the earliest deadline
    pending_providers: tuple[str, ...] = ()
    reply_due: dt.datetime | None = None
    #: offers of the current round already accepted (broadcast) and answered without acceptance
    accepted: int = 0
    asked_without_acceptance: int = 0
    broadcast: bool = False
    #: a "no provider left" alert was raised and is still open
    out_of_candidates: bool = False
    #: eligible providers now (None: not worked out), the first of them, and how many are excluded
    #: for another reason than having been asked in this round
    candidates: int | None = None
    next_candidate: str = ""
    excluded: int = 0
    has_interim: bool = False


@dataclass(frozen=True)
class NextStep:
    why: str
    #: the broker's actions, the main one first (see ACTIONS)
    actions: tuple[str, ...]
    #: True when the package is stuck until a broker acts (shown as a warning)
    stuck: bool
    #: the main action's label when it names a provider ("Offer to Alpha Care")
    next_label: str = ""

    @property
    def action(self) -> str:
        return self.actions[0]

    @property
    def label(self) -> str:
        return self.next_label or ACTION_LABELS[self.action]


def _when(moment: dt.datetime) -> str:
    return f"{moment:%-d %b %Y %H:%M}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def next_step(facts: Facts) -> NextStep | None:
    """Why the package is where it is and what to do next (rules in the module docstring)."""
    if facts.status not in UNPLACED:
        return None
    if facts.status == REFERRED:
        return NextStep("Referred: brokering has not started.", (START,), stuck=True)
    interim = () if facts.has_interim else (INTERIM,)
    if facts.pending_providers:
        names = ", ".join(facts.pending_providers)
        due = facts.reply_due
        if due is not None and due < facts.now:
            return NextStep(
                f"The reply from {names} was due {_when(due)}: the offer expires at the next check "
                "and the next provider is asked.",
                (WAIT, OVERRIDE),
                stuck=False,
            )
        by = f" by {_when(due)}" if due is not None else ""
        if facts.broadcast:
            why = (
                f"Offered to {_plural(len(facts.pending_providers), 'provider')} at once in round "
                f"{facts.round}; {facts.accepted} accepted so far. The best-scoring acceptor is chosen "
                f"when all have replied or{by or ' when the window closes'}."
            )
        else:
            why = f"Offered to {names} in round {facts.round}: waiting for a reply{by}."
        return NextStep(why, (WAIT, OVERRIDE), stuck=False)
    if facts.accepted:
        return NextStep(
            f"{_plural(facts.accepted, 'provider')} accepted in round {facts.round}: the best-scoring "
            "one is chosen at the next check.",
            (WAIT,),
            stuck=False,
        )
    if facts.candidates is None:
        return NextStep(
            f"No offer is waiting for a reply in round {facts.round}.", (CANDIDATES, *interim), stuck=True
        )
    if facts.candidates > 0:
        eligible = _plural(facts.candidates, "eligible provider")
        if facts.out_of_candidates:
            why = (
                f"An alert said no provider was left, but {eligible} can now be offered "
                "(capacity or contracts have changed)."
            )
        elif facts.asked_without_acceptance:
            why = (
                f"No offer is waiting for a reply: {_plural(facts.asked_without_acceptance, 'provider')} "
                f"asked in round {facts.round} did not accept, and {eligible} remain."
            )
        else:
            why = f"No offer has been sent in round {facts.round}, and {eligible} can be offered."
        label = f"Offer to {facts.next_candidate}" if facts.next_candidate else ""
        return NextStep(why, (OFFER_NEXT, OVERRIDE), stuck=True, next_label=label)
    asked = facts.asked_without_acceptance
    why = (
        f"No eligible provider is left in round {facts.round}: {_plural(asked, 'provider')} asked "
        f"without accepting, {facts.excluded} others excluded (see the candidate page)."
    )
    main = (NEW_ROUND, OVERRIDE) if asked else (OVERRIDE, NEW_ROUND)
    return NextStep(why, (*main, *interim), stuck=True)
