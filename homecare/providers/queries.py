"""Read-side queries for provider pages, exports and the API."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from homecare.geography.models import Zone
from homecare.providers import presenters
from homecare.providers.forms import NOT_INSPECTED
from homecare.providers.models import (
    CapacityLine,
    CapacityReturn,
    Contract,
    ContractStatus,
    Provider,
    QafLevel,
    TimeBand,
)


def providers_with_related(qs: QuerySet[Provider] | None = None) -> QuerySet[Provider]:
    """Providers (all of them, or those of `qs`, e.g. `Provider.objects.visible_to(actor)`) with
    what the list, detail page, export and API show."""
    qs = Provider.objects.all() if qs is None else qs
    return qs.select_related("quality_officer").prefetch_related(
        "zones",
        Prefetch(
            "contracts",
            queryset=Contract.objects.select_related("lot", "lot__framework").order_by("reference"),
        ),
    )


def filter_providers(qs: QuerySet[Provider], data: dict[str, Any], *, on: dt.date) -> QuerySet[Provider]:
    """Apply the provider list filters (cleaned ProviderFilterForm data)."""
    if data.get("q"):
        text = data["q"].strip()
        qs = qs.filter(
            Q(name__icontains=text) | Q(council_ref__iexact=text) | Q(cqc_provider_id__iexact=text)
        )
    if data.get("zone"):
        qs = qs.filter(zones=data["zone"])
    if data.get("tier"):
        ids = Contract.objects.current(on).filter(tier=data["tier"]).values("provider_id")
        qs = qs.filter(pk__in=ids)
    if data.get("cqc"):
        qs = qs.filter(cqc_rating="" if data["cqc"] == NOT_INSPECTED else data["cqc"])
    if data.get("qaf"):
        if data["qaf"] == QafLevel.NOT_ASSESSED:
            qs = qs.filter(qaf_level__in=["", QafLevel.NOT_ASSESSED])
        else:
            qs = qs.filter(qaf_level=data["qaf"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    return qs.distinct()


def current_tiers(provider: Provider, *, on: dt.date) -> list[str]:
    """Tiers of the provider's contracts in force (uses prefetched contracts)."""
    return sorted(
        {
            c.get_tier_display()
            for c in provider.contracts.all()
            if c.is_current(on) and c.status not in (ContractStatus.TERMINATED, ContractStatus.ENDED)
        }
    )


EXPORT_HEADINGS = [
    "Council reference",
    "Name",
    "Status",
    "Exited on",
    "CQC provider ID",
    "CQC rating",
    "CQC rating published",
    "QAF level",
    "Zones served",
    "Contract tiers in force",
    "Quality officer",
    "Postcode",
]


def export_row(provider: Provider, *, on: dt.date) -> list[str]:
    return [
        provider.council_ref,
        provider.name,
        provider.get_status_display(),
        presenters.short_date(provider.exited_on),
        provider.cqc_provider_id or "",
        presenters.rating_label(provider.cqc_rating),
        presenters.short_date(provider.cqc_rating_published_on),
        presenters.qaf_label(provider.qaf_level),
        "; ".join(z.name for z in provider.zones.all()),
        "; ".join(current_tiers(provider, on=on)),
        str(provider.quality_officer or ""),
        provider.postcode,
    ]


def latest_returns() -> QuerySet[CapacityReturn]:
    """Each provider's most recent capacity return."""
    latest_week = (
        CapacityReturn.objects.filter(provider=OuterRef("provider"))
        .order_by()
        .values("provider")
        .annotate(week=Max("week_commencing"))
        .values("week")
    )
    return CapacityReturn.objects.filter(week_commencing=Subquery(latest_week))


@dataclass
class MarketCapacity:
    bands: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)  # zone, hours per band, total
    totals: list[Decimal] = field(default_factory=list)
    grand_total: Decimal = Decimal("0")
    providers: int = 0
    staff_in_post: int = 0
    vacancies: int = 0
    leavers: int = 0
    oldest_week: dt.date | None = None


def market_capacity() -> MarketCapacity:
    """Declared capacity by zone and time band, from each provider's latest return."""
    returns = list(latest_returns())
    result = MarketCapacity(bands=[b.label for b in TimeBand])
    result.providers = len(returns)
    result.staff_in_post = sum(r.staff_in_post for r in returns)
    result.vacancies = sum(r.vacancies for r in returns)
    result.leavers = sum(r.leavers for r in returns)
    result.oldest_week = min((r.week_commencing for r in returns), default=None)
    hours: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in CapacityLine.objects.filter(capacity_return__in=[r.pk for r in returns]):
        hours[line.zone_id][line.time_band] += line.hours
    band_totals = [Decimal("0") for _ in TimeBand]
    for zone in Zone.objects.order_by("code"):
        values = [hours[zone.pk][b.value] for b in TimeBand]
        for i, v in enumerate(values):
            band_totals[i] += v
        result.rows.append({"zone": zone, "hours": values, "total": sum(values, Decimal("0"))})
    result.totals = band_totals
    result.grand_total = sum(band_totals, Decimal("0"))
    return result
