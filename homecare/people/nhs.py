"""NHS numbers: ten digits whose last is a modulus-11 check digit."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_SEPARATORS = re.compile(r"[\s-]")


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when the remainder makes the number invalid (10)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def normalise_nhs_number(value: str) -> str:
    """'943 476 5919' -> '9434765919'. Raises ValidationError unless it is a valid NHS number."""
    digits = _SEPARATORS.sub("", value or "")
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError("An NHS number has 10 digits, like 943 476 5919", code="nhs_number_format")
    if check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "This is not a valid NHS number: its check digit does not match. Check it was copied correctly.",
            code="nhs_number_check_digit",
        )
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits
