from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A business rule refused the operation; the message says why."""
