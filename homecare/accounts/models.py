from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from homecare.core.roles import Role


class User(AbstractUser):
    """A person who logs in: council staff in one role, or a provider's user tied to one provider."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AUDITOR)
    provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="Only for provider users: the organisation they work for",
    )
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role=Role.PROVIDER) & models.Q(provider__isnull=False))
                | (~models.Q(role=Role.PROVIDER) & models.Q(provider__isnull=True)),
                name="provider_users_have_one_provider",
                violation_error_message="A provider user must belong to one provider; staff must not.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: object, **kwargs: object) -> None:
        # Only administrators reach the Django admin; the flags follow the role.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]
