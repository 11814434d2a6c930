"""Display values for provider pages and exports: templates only loop over what these return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from homecare.providers.models import (
    DOMAINS,
    Contract,
    ContractStatus,
    CqcRating,
    CqcRatingValue,
    Provider,
    ProviderStatus,
    QafLevel,
    ServiceType,
)
from homecare.providers.pricing import PER_VISIT, RateTerms

NOT_INSPECTED = "Not yet inspected"
NOT_ASSESSED = QafLevel.NOT_ASSESSED.label

RATING_TAGS = {
    CqcRatingValue.OUTSTANDING: "govuk-tag--green",
    CqcRatingValue.GOOD: "govuk-tag--turquoise",
    CqcRatingValue.REQUIRES_IMPROVEMENT: "govuk-tag--orange",
    CqcRatingValue.INADEQUATE: "govuk-tag--red",
    CqcRatingValue.NOT_RATED: "govuk-tag--grey",
}
STATUS_TAGS = {
    ProviderStatus.ACTIVE: "govuk-tag--green",
    ProviderStatus.DORMANT: "govuk-tag--grey",
    ProviderStatus.DEREGISTERED: "govuk-tag--red",
    ProviderStatus.EXITED: "govuk-tag--red",
}
CONTRACT_TAGS = {
    ContractStatus.ACTIVE: "govuk-tag--green",
    ContractStatus.SUSPENDED: "govuk-tag--red",
    ContractStatus.DEFAULT_NOTICE: "govuk-tag--orange",
    ContractStatus.TERMINATED: "govuk-tag--grey",
    ContractStatus.ENDED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def date(value: dt.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def short_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def money(value: Decimal | None) -> str:
    return f"£{value:,.2f}" if value is not None else ""


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}%"


def rating_label(value: str) -> str:
    return CqcRatingValue(value).label if value else NOT_INSPECTED


def rating_tag(value: str) -> Tag:
    if not value:
        return Tag(NOT_INSPECTED, "govuk-tag--grey")
    return Tag(CqcRatingValue(value).label, RATING_TAGS[CqcRatingValue(value)])


def qaf_label(value: str) -> str:
    return QafLevel(value).label if value else NOT_ASSESSED


def provider_status(provider: Provider) -> Tag:
    status = ProviderStatus(provider.status)
    text = status.label
    if status == ProviderStatus.EXITED and provider.exited_on:
        text = f"Exited {short_date(provider.exited_on)}"
    return Tag(text, STATUS_TAGS[status])


def contract_status(contract: Contract) -> Tag:
    status = ContractStatus(contract.status)
    return Tag(status.label, CONTRACT_TAGS[status])


def service_types(values: list[str]) -> str:
    labels = {v.value: v.label for v in ServiceType}
    return ", ".join(labels.get(v, v) for v in values)


def contract_place(contract: Contract) -> str:
    if contract.lot is not None:
        return f"{contract.lot.framework.name}, {contract.lot.name}"
    return contract.get_tier_display()


def rating_row(rating: CqcRating) -> dict[str, Any]:
    return {
        "location": rating.location.name,
        "published_on": date(rating.published_on),
        "overall": rating_tag(rating.overall),
        "domains": [rating_label(getattr(rating, name)) if getattr(rating, name) else "" for name in DOMAINS],
        "report_type": rating.report_type,
        "inherited": "Yes" if rating.inherited else "No",
    }


@dataclass(frozen=True)
class RateTermsDisplay:
    """A rate's terms as the provider page shows them (the same terms `pricing.price_visit` uses)."""

    hourly: str
    bank_holiday: str
    rural: str
    billing: str


def rate_terms(rate: Any) -> RateTermsDisplay:
    """Describe a `Rate` row: on a bank holiday the hourly rate is multiplied, then the premium is
    added per hour; the rural supplement is per billed hour or once per visit."""
    terms = RateTerms.of(rate)
    holiday = []
    if terms.bank_holiday_multiplier != 1:
        holiday.append(f"{terms.bank_holiday_multiplier.normalize():f} times the hourly rate")
    if terms.bank_holiday_premium:
        premium = f"{money(terms.bank_holiday_premium)} an hour"
        holiday.append(f"plus {premium}" if holiday else f"Plus {premium}")
    rural = "None"
    if terms.rural_supplement:
        per = "a visit" if terms.rural_supplement_basis == PER_VISIT else "an hour"
        rural = f"{money(terms.rural_supplement)} {per}"
    return RateTermsDisplay(
        hourly=money(terms.hourly_rate),
        bank_holiday=", ".join(holiday) or "None",
        rural=rural,
        billing=f"{terms.billing_unit_minutes}-minute units, at least {terms.minimum_minutes} minutes",
    )


DOMAIN_HEADINGS = list(DOMAINS.values())
