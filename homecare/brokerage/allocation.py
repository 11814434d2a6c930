"""Rank the providers that may be offered a package. Pure: plain data in, plain data out, no
database, so it is fast, testable and benchmarkable (see benchmarks/brokerage_ranking.py).

Every contract option is either *ranked* (with the reason for its place) or *excluded* (with the
reason why). The order comes in stages, each offered only when the previous one has no one left:

1. framework: lead, secondary and ranked members of the lot covering the person's zone, ordered by
   the lot's allocation policy:
   - ``ranked_cascade``: tender rank (then tender score);
   - ``zone_shares``: the provider furthest below its target share of the carer hours placed in
     the zone under the lot comes first (deficit = target share - actual share), then rank;
   - ``tiered``: tender rank, like a cascade; the second tier follows when no one accepts;
   - ``broadcast``: the whole stage is offered at once; among those who accept, the highest
     transparent score (quality and price weights) is chosen.
2. second tier: second-tier contracts, by tender rank then score.
3. spot: off-framework (spot) contracts, by score; placements are recorded as off-framework.

Legacy contracts keep their existing packages and are not offered new ones.

Declared capacity: a provider whose latest capacity return declares fewer spare carer hours in a
time band than the package needs there has a *shortfall*. By default it stays a candidate: the
shortfall is shown to the broker (``Ranked.capacity_shortfall``) and, within its stage, it is asked
after the providers with enough (or undeclared) capacity, keeping the policy's order otherwise.
A lot may choose to exclude such providers instead (``Policy.exclude_capacity_shortfall``).

Score (0-100) = quality weight x quality points + price weight x price points, where quality points
come from the CQC rating and QAF level and price points are 100 x cheapest rate / this rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

RANKED_CASCADE = "ranked_cascade"
ZONE_SHARES = "zone_shares"
TIERED = "tiered"
BROADCAST = "broadcast"
POLICIES = (RANKED_CASCADE, ZONE_SHARES, TIERED, BROADCAST)

FRAMEWORK_TIERS = frozenset({"lead", "secondary", "ranked"})
SECOND_TIER = "second_tier"
SPOT = "spot"
LEGACY = "legacy"

STAGE_FRAMEWORK = "framework"
STAGE_SECOND_TIER = "second tier"
STAGE_SPOT = "spot"
STAGES = (STAGE_FRAMEWORK, STAGE_SECOND_TIER, STAGE_SPOT)

# Why an option is excluded, most useful to a broker first (the candidate page groups by these).
ASKED = "asked"
CAPACITY = "capacity"
SUSPENDED = "suspended"
NOT_IN_FORCE = "not_in_force"
INACTIVE = "inactive"
OTHER_SERVICE = "service"
LEGACY_CONTRACT = "legacy"
DUPLICATE = "duplicate"
OTHER_ZONE = "zone"
EXCLUSION_KINDS = {
    ASKED: "Already asked in this round",
    CAPACITY: "Not enough declared capacity (this lot excludes a shortfall)",
    SUSPENDED: "New packages suspended",
    NOT_IN_FORCE: "Contract not in force",
    INACTIVE: "Provider is not active",
    OTHER_SERVICE: "Contract is for another service",
    LEGACY_CONTRACT: "Legacy contract: keeps its existing packages, takes no new ones",
    DUPLICATE: "Already listed under another contract",
    OTHER_ZONE: "Does not serve the zone",
}

CQC_POINTS = {"outstanding": 100.0, "good": 75.0, "requires_improvement": 35.0, "inadequate": 0.0}
QAF_POINTS = {"A": 100.0, "B": 75.0, "C": 45.0, "D": 0.0}
NEUTRAL_POINTS = 50.0


@dataclass(frozen=True)
class Need:
    """What the package needs."""

    zone_id: int | None
    service_type: str
    carer_hours: float
    band_hours: Mapping[str, float] = field(default_factory=dict)
    #: provider id -> why it is not asked again in this round (declined, let the offer expire...)
    already_asked: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """One contract under which a provider could take the package."""

    contract_id: int
    provider_id: int
    provider_name: str
    tier: str
    service_type: str
    zone_ids: frozenset[int]
    provider_active: bool = True
    in_force: bool = True
    suspended_from: str | None = None  # ISO date, for the reason shown to brokers
    target_share: float | None = None  # per cent
    tender_rank: int | None = None
    tender_score: float | None = None
    cqc_rating: str = ""
    qaf_level: str = ""
    hourly_rate: float | None = None
    #: spare carer hours a week declared for the zone, by time band; None when nothing is declared
    capacity: Mapping[str, float] | None = None
    #: carer hours a week placed with this contract in the zone (for zone shares)
    hours_placed: float = 0.0


@dataclass(frozen=True)
class Policy:
    kind: str = RANKED_CASCADE
    quality_weight: float = 0.6
    price_weight: float = 0.4
    #: leave out providers whose declared capacity is short (else rank them after, with the signal)
    exclude_capacity_shortfall: bool = False


@dataclass(frozen=True)
class Ranked:
    option: Option
    stage: str
    position: int
    score: float
    quality_points: float
    price_points: float | None
    reason: str
    #: the bands where declared capacity is short of the need ("" when enough or not declared)
    capacity_shortfall: str = ""

    @property
    def off_framework(self) -> bool:
        return self.stage == STAGE_SPOT


@dataclass(frozen=True)
class Excluded:
    option: Option
    reason: str
    #: one of EXCLUSION_KINDS
    kind: str = ""


@dataclass
class Ranking:
    policy: Policy
    candidates: list[Ranked]
    excluded: list[Excluded]

    def stage_of_first(self) -> str | None:
        return self.candidates[0].stage if self.candidates else None

    def next_wave(self) -> list[Ranked]:
        """Who to offer next: the first candidate, or under broadcast the whole first framework stage."""
        if not self.candidates:
            return []
        first = self.candidates[0]
        if self.policy.kind == BROADCAST and first.stage == STAGE_FRAMEWORK:
            return [c for c in self.candidates if c.stage == STAGE_FRAMEWORK]
        return [first]


def quality_points(cqc_rating: str, qaf_level: str) -> float:
    points = [p for p in (CQC_POINTS.get(cqc_rating), QAF_POINTS.get(qaf_level)) if p is not None]
    return sum(points) / len(points) if points else NEUTRAL_POINTS


def capacity_shortfall(option: Option, need: Need) -> str:
    """The time bands where the declared spare capacity is below the need, e.g.
    "morning (needs 3 h, declared 2 h)"; "" when enough or nothing is declared."""
    if option.capacity is None:
        return ""
    declared = option.capacity
    return ", ".join(
        f"{band} (needs {hours:g} h, declared {declared.get(band, 0.0):g} h)"
        for band, hours in sorted(need.band_hours.items())
        if hours > 0 and declared.get(band, 0.0) < hours
    )


def _exclusion(option: Option, need: Need, policy: Policy) -> tuple[str, str] | None:
    """(kind, reason) why the option cannot be offered, or None."""
    if option.provider_id in need.already_asked:
        return ASKED, need.already_asked[option.provider_id]
    if not option.provider_active:
        return INACTIVE, EXCLUSION_KINDS[INACTIVE]
    if option.tier == LEGACY:
        return LEGACY_CONTRACT, EXCLUSION_KINDS[LEGACY_CONTRACT]
    if not option.in_force:
        return NOT_IN_FORCE, EXCLUSION_KINDS[NOT_IN_FORCE]
    if option.suspended_from:
        return SUSPENDED, f"New packages suspended from {option.suspended_from}"
    if option.service_type != need.service_type:
        return OTHER_SERVICE, f"Contract is for {option.service_type.replace('_', ' ')} care"
    if need.zone_id is None or need.zone_id not in option.zone_ids:
        return OTHER_ZONE, EXCLUSION_KINDS[OTHER_ZONE]
    if policy.exclude_capacity_shortfall:
        short = capacity_shortfall(option, need)
        if short:
            return CAPACITY, "Not enough declared capacity (this lot excludes a shortfall): " + short
    return None


def _stage(option: Option) -> str:
    if option.tier in FRAMEWORK_TIERS:
        return STAGE_FRAMEWORK
    if option.tier == SECOND_TIER:
        return STAGE_SECOND_TIER
    return STAGE_SPOT


def _rank_key(option: Option) -> tuple[int, float, str]:
    return (
        option.tender_rank if option.tender_rank is not None else 10**6,
        -(option.tender_score or 0.0),
        option.provider_name,
    )


def rank(need: Need, options: Iterable[Option], policy: Policy) -> Ranking:
    """Rank `options` for `need` under `policy`. Each option is ranked or excluded, with a reason."""
    if policy.kind not in POLICIES:
        raise ValueError(f"Unknown allocation policy {policy.kind!r}")
    eligible: list[Option] = []
    excluded: list[Excluded] = []
    seen_providers: set[int] = set()
    for option in options:
        out = _exclusion(option, need, policy)
        if out is None and option.provider_id in seen_providers:
            out = DUPLICATE, EXCLUSION_KINDS[DUPLICATE]
        if out is not None:
            excluded.append(Excluded(option, out[1], out[0]))
            continue
        eligible.append(option)
        seen_providers.add(option.provider_id)

    rates = [o.hourly_rate for o in eligible if o.hourly_rate]
    cheapest = min(rates) if rates else None
    weights = policy.quality_weight + policy.price_weight or 1.0

    def scored(option: Option) -> tuple[float, float, float | None]:
        q = quality_points(option.cqc_rating, option.qaf_level)
        p = 100.0 * cheapest / option.hourly_rate if cheapest and option.hourly_rate else None
        price = p if p is not None else NEUTRAL_POINTS
        return (policy.quality_weight * q + policy.price_weight * price) / weights, q, p

    scores = {o.contract_id: scored(o) for o in eligible}
    by_stage: dict[str, list[Option]] = {s: [] for s in STAGES}
    for o in eligible:
        by_stage[_stage(o)].append(o)

    ordered: list[tuple[Option, str, str]] = []
    framework = by_stage[STAGE_FRAMEWORK]
    if policy.kind == ZONE_SHARES:
        total = sum(o.hours_placed for o in framework)

        def share_key(o: Option) -> tuple[int, float, float, tuple[int, float, str]]:
            actual = 100.0 * o.hours_placed / total if total else 0.0
            deficit = (o.target_share - actual) if o.target_share is not None else float("-inf")
            return (0 if o.target_share is not None else 1, -deficit, -(o.target_share or 0), _rank_key(o))

        for o in sorted(framework, key=share_key):
            actual = 100.0 * o.hours_placed / total if total else 0.0
            if o.target_share is None:
                why = "Framework member without a target share"
            else:
                gap = o.target_share - actual
                where = "below" if gap >= 0 else "above"
                why = f"Has {actual:.1f}% of placed hours against a {o.target_share:g}% target ({abs(gap):.1f} points {where})"
            ordered.append((o, STAGE_FRAMEWORK, why))
    elif policy.kind == BROADCAST:
        for o in sorted(framework, key=lambda o: (-scores[o.contract_id][0], _rank_key(o))):
            ordered.append(
                (o, STAGE_FRAMEWORK, "Offered to all framework providers at once; best score chosen")
            )
    else:
        for o in sorted(framework, key=_rank_key):
            why = (
                f"Tender rank {o.tender_rank}"
                if o.tender_rank is not None
                else "Framework member, not ranked"
            )
            ordered.append((o, STAGE_FRAMEWORK, why))
    for o in sorted(by_stage[STAGE_SECOND_TIER], key=_rank_key):
        ordered.append((o, STAGE_SECOND_TIER, "Second tier: offered when no framework provider accepts"))
    for o in sorted(by_stage[STAGE_SPOT], key=lambda o: (-scores[o.contract_id][0], o.provider_name)):
        ordered.append((o, STAGE_SPOT, "Off-framework (spot): offered when no contracted provider accepts"))

    # A capacity shortfall is a ranking signal: within a stage, asked after those with enough.
    shortfall = {o.contract_id: capacity_shortfall(o, need) for o in eligible}
    ordered.sort(key=lambda t: (STAGES.index(t[1]), bool(shortfall[t[0].contract_id])))
    candidates = []
    for position, (o, stage, why) in enumerate(ordered, start=1):
        score, q, p = scores[o.contract_id]
        short = shortfall[o.contract_id]
        if short:
            why = f"{why}; declared capacity short, so asked after those with enough"
        candidates.append(
            Ranked(o, stage, position, round(score, 2), q, None if p is None else round(p, 2), why, short)
        )
    return Ranking(policy, candidates, excluded)


def zone_share_split(hours_by_provider: Mapping[int, float]) -> dict[int, float]:
    """Per cent of the hours each provider has (for reports and checks)."""
    total = sum(hours_by_provider.values())
    return {k: (100.0 * v / total if total else 0.0) for k, v in hours_by_provider.items()}


def explain(ranking: Ranking) -> Sequence[str]:
    """One line per candidate and exclusion (for logs and the command line)."""
    lines = [
        f"{c.position}. {c.option.provider_name} [{c.stage}] score {c.score:.1f}: {c.reason}"
        for c in ranking.candidates
    ]
    lines += [f"x {e.option.provider_name}: {e.reason}" for e in ranking.excluded]
    return lines
