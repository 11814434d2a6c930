"""Pricing a visit from rate terms: pure functions with no database access, used by payments.

Billing rule: the visit's minutes are rounded UP to whole billing units (e.g. 15 minutes), and
never fewer than the minimum (e.g. 30 minutes). On a bank holiday the hourly rate is multiplied by
the multiplier and then the premium is added. A rural supplement is added per billed hour or once
per visit. The price is rounded to pence once, at the end (ROUND_HALF_UP).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import holidays

PENNY = Decimal("0.01")
SIXTY = Decimal("60")
PER_VISIT = "per_visit"
PER_HOUR = "per_hour"


def to_pence(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RateTerms:
    hourly_rate: Decimal
    bank_holiday_multiplier: Decimal = Decimal("1")
    bank_holiday_premium: Decimal = Decimal("0")
    rural_supplement: Decimal = Decimal("0")
    rural_supplement_basis: str = PER_HOUR
    billing_unit_minutes: int = 15
    minimum_minutes: int = 30

    @classmethod
    def of(cls, rate: Any) -> RateTerms:
        """Terms from a `Rate` row (or anything with the same attributes)."""
        return cls(
            hourly_rate=rate.hourly_rate,
            bank_holiday_multiplier=rate.bank_holiday_multiplier,
            bank_holiday_premium=rate.bank_holiday_premium,
            rural_supplement=rate.rural_supplement,
            rural_supplement_basis=rate.rural_supplement_basis,
            billing_unit_minutes=rate.billing_unit_minutes,
            minimum_minutes=rate.minimum_minutes,
        )


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday_in_england(on: dt.date) -> bool:
    """A bank holiday in England and Wales (from the maintained `holidays` package)."""
    return on in _bank_holidays(on.year)


def billable_minutes(minutes: int, *, unit: int, minimum: int) -> int:
    if minutes < 0:
        raise ValueError("A visit cannot last a negative number of minutes")
    units = -(-minutes // unit) if unit > 0 else 0
    billed = units * unit if unit > 0 else minutes
    return max(billed, minimum)


def price_visit(
    terms: RateTerms,
    *,
    minutes: int,
    on: dt.date,
    is_rural: bool = False,
    is_bank_holiday: bool | None = None,
) -> Decimal:
    """The price of one visit in pounds, rounded to pence. `is_bank_holiday` defaults to whether
    `on` is a bank holiday in England."""
    holiday = is_bank_holiday if is_bank_holiday is not None else is_bank_holiday_in_england(on)
    billed = Decimal(
        billable_minutes(minutes, unit=terms.billing_unit_minutes, minimum=terms.minimum_minutes)
    )
    hourly = terms.hourly_rate
    if holiday:
        hourly = hourly * terms.bank_holiday_multiplier + terms.bank_holiday_premium
    price = hourly * billed / SIXTY
    if is_rural and terms.rural_supplement:
        if terms.rural_supplement_basis == PER_VISIT:
            price += terms.rural_supplement
        else:
            price += terms.rural_supplement * billed / SIXTY
    return to_pence(price)
