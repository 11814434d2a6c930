from django.db import models


class Role(models.TextChoices):
    BROKER = "broker", "Broker"
    COMMISSIONER = "commissioner", "Commissioner"
    QUALITY_OFFICER = "quality_officer", "Quality officer"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    PROVIDER = "provider", "Provider user"
    AUDITOR = "auditor", "Auditor (read only)"
    ADMIN = "admin", "Administrator"


#: Council staff roles (everyone but provider users).
STAFF_ROLES = frozenset(r for r in Role if r != Role.PROVIDER)
#: Roles that may change council data (the auditor only reads).
WRITE_ROLES = frozenset(STAFF_ROLES - {Role.AUDITOR})
