from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from homecare.accounts.models import User
from homecare.accounts.services import change_role
from homecare.core import audit
from homecare.core.admin import ADMIN_REASON, AuditedModelAdmin
from homecare.core.permissions import USE_ADMIN, actor_of, has_permission

#: Changed only through `change_role`, which audits them as "role_changed".
ROLE_FIELDS = frozenset({"role", "provider"})


def _admins_only(request: HttpRequest) -> bool:
    return has_permission(actor_of(request), USE_ADMIN)


admin.site.has_permission = _admins_only  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
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

    def audited_changes(self, form: BaseForm, change: bool) -> dict[str, list[Any]]:
        changes = super().audited_changes(form, change)
        return {k: v for k, v in changes.items() if k not in ROLE_FIELDS} if change else changes

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A change of role or provider goes through the audited `change_role` service; the other
        changed fields are audited by the base class."""
        if not (change and ROLE_FIELDS & set(form.changed_data)):
            super().save_model(request, obj, form, change)
            return
        role, provider = obj.role, obj.provider
        original = User.objects.get(pk=obj.pk)
        obj.role, obj.provider = original.role, original.provider
        super().save_model(request, obj, form, change)
        change_role(by=actor_of(request), user=obj, role=role, provider=provider, reason=ADMIN_REASON)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Setting a password in the admin is audited (never the password itself)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit.record(by=actor_of(request), action="password_set", obj=user, reason=ADMIN_REASON)
        return response
