"""Postcode normalisation and look-up."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from homecare.geography.models import Postcode

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def normalise(value: str) -> str:
    """'le11aa' -> 'LE1 1AA'. Raises ValidationError for something that is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError(f"{value!r} is not a valid UK postcode", code="invalid_postcode")
    return f"{match.group(1)} {match.group(2)}"


def lookup(value: str) -> Postcode:
    """Find a postcode in the imported directory, or say clearly why not."""
    postcode = normalise(value)
    found = Postcode.objects.select_related("ward", "ward__zone").filter(postcode=postcode).first()
    if found is None:
        raise ValidationError(
            f"Postcode {postcode} is not in the postcode directory. Check it, or import a newer ONS Postcode Directory.",
            code="unknown_postcode",
        )
    return found
