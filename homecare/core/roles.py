"""The roles a person can hold. Which role may do what is declared once, as named permissions in
each app's `permissions.py` (see `homecare.core.permissions`); nothing else compares roles."""

from django.db import models


class Role(models.TextChoices):
    BROKER = "broker", "Broker"
    COMMISSIONER = "commissioner", "Commissioner"
    QUALITY_OFFICER = "quality_officer", "Quality officer"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    PROVIDER = "provider", "Provider user"
    AUDITOR = "auditor", "Auditor (read only)"
    ADMIN = "admin", "Administrator"


def is_known_role(value: str) -> bool:
    return value in Role.values
