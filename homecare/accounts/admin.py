from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from homecare.accounts.models import User
from homecare.accounts.services import change_role
from homecare.core import audit
from homecare.core.permissions import USE_ADMIN, actor_of, has_permission


def _admins_only(request: HttpRequest) -> bool:
    return has_permission(actor_of(request), USE_ADMIN)


admin.site.has_permission = _admins_only  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "provider",
        "is_active",
        "last_login",
    )
    list_filter = ("role", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        ("Role", {"fields": ("role", "provider", "job_title")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role", {"fields": ("role", "provider", "job_title")}),
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A change of role or provider goes through the audited `change_role` service."""
        actor = actor_of(request)
        if not change:
            super().save_model(request, obj, form, change)
            audit.created(by=actor, obj=obj, fields=["username", "role", "provider_id", "email"])
            return
        if {"role", "provider"} & set(form.changed_data):
            role, provider = obj.role, obj.provider
            original = User.objects.get(pk=obj.pk)
            obj.role, obj.provider = original.role, original.provider
            super().save_model(request, obj, form, change)
            change_role(
                by=actor, user=obj, role=role, provider=provider, reason="Changed in the Django admin"
            )
            return
        super().save_model(request, obj, form, change)
