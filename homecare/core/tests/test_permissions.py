"""The access kernel: Actor, named permissions, provider scoping and the one domain error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from homecare.accounts.factories import make_user
from homecare.core.actor import ANONYMOUS, Actor
from homecare.core.errors import DomainError
from homecare.core.forms import GovukForm, show_error
from homecare.core.permissions import (
    STAFF,
    Permission,
    all_permissions,
    check_permission,
    has_permission,
)
from homecare.core.roles import Role
from homecare.core.testing import actor_for

pytestmark = pytest.mark.django_db

BROKER_ONLY = Permission("test.broker_only", frozenset({Role.BROKER.value}), "For the tests")
PROVIDERS_ONLY = Permission("test.providers_only", frozenset({Role.PROVIDER.value}), "For the tests")


class _Owned:
    def __init__(self, provider_id: int) -> None:
        self.provider_id = provider_id


def test_actor_for_user_carries_role_and_provider():
    user = make_user(Role.PROVIDER)
    actor = actor_for(user)
    assert (actor.kind, actor.label, actor.role) == ("user", user.username, "provider")
    assert actor.provider_id == user.provider_id
    assert actor.provider == user.provider
    assert actor.is_provider_scoped and not actor.is_trusted


def test_actor_for_staff_has_no_provider():
    actor = actor_for(make_user(Role.BROKER))
    assert actor.provider_id is None and actor.provider is None
    assert not actor.is_provider_scoped


def test_anonymous_actor_holds_no_permission():
    assert not has_permission(ANONYMOUS, BROKER_ONLY)
    assert not has_permission(Actor.for_user(None), BROKER_ONLY)


def test_inactive_user_holds_no_permission():
    user = make_user(Role.BROKER, is_active=False)
    assert not has_permission(actor_for(user), BROKER_ONLY)
    assert has_permission(actor_for(make_user(Role.BROKER)), BROKER_ONLY)


def test_permission_follows_its_declared_roles():
    assert has_permission(actor_for(make_user(Role.BROKER)), BROKER_ONLY)
    assert not has_permission(actor_for(make_user(Role.COMMISSIONER)), BROKER_ONLY)


def test_jobs_commands_and_the_system_hold_every_permission():
    for actor in (Actor.job("x"), Actor.command("y"), Actor.system("z")):
        assert has_permission(actor, BROKER_ONLY)
        assert has_permission(actor, PROVIDERS_ONLY, obj=_Owned(1))


def test_provider_holds_a_permission_only_for_its_own_objects():
    user = make_user(Role.PROVIDER)
    actor = actor_for(user)
    assert has_permission(actor, PROVIDERS_ONLY, obj=_Owned(user.provider_id))
    assert not has_permission(actor, PROVIDERS_ONLY, obj=_Owned(user.provider_id + 1000))


def test_check_permission_is_404_for_another_providers_object_and_403_without_the_permission():
    user = make_user(Role.PROVIDER)
    with pytest.raises(Http404):
        check_permission(actor_for(user), PROVIDERS_ONLY, obj=_Owned(user.provider_id + 1000))
    with pytest.raises(PermissionDenied):
        check_permission(actor_for(make_user(Role.BROKER)), PROVIDERS_ONLY)
    check_permission(actor_for(user), PROVIDERS_ONLY, obj=_Owned(user.provider_id))


def test_a_permission_cannot_be_declared_twice_with_other_roles():
    with pytest.raises(ValueError, match="declared twice"):
        Permission("test.broker_only", frozenset({Role.ADMIN.value}), "Again")


def test_a_permission_with_an_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown roles"):
        Permission("test.bad", frozenset({"chief"}), "Nobody")


def test_every_app_declares_its_permissions_with_its_own_prefix():
    names = {p.name for p in all_permissions()}
    for app in ("accounts", "brokerage", "geography", "people", "providers", "rounds", "visits", "core"):
        assert any(n.startswith(f"{app}.") for n in names), app


def test_provider_scoped_queryset_shows_a_provider_only_its_own_rows():
    from homecare.providers.factories import CapacityReturnFactory
    from homecare.providers.models import CapacityReturn

    mine = CapacityReturnFactory()
    theirs = CapacityReturnFactory()
    provider_user = make_user(Role.PROVIDER, provider=mine.provider)
    assert list(CapacityReturn.objects.visible_to(actor_for(provider_user))) == [mine]
    staff = set(CapacityReturn.objects.visible_to(actor_for(make_user(Role.AUDITOR))))
    assert staff == {mine, theirs}
    assert not CapacityReturn.objects.visible_to(ANONYMOUS).exists()


class _Form(GovukForm):
    name = forms.CharField()


def test_show_error_puts_field_messages_on_fields_and_the_rest_at_the_top():
    form = _Form({"name": "x"})
    assert form.is_valid()
    show_error(form, DomainError({"name": "That name is taken", "other": "Not a field"}))
    assert form.errors["name"] == ["That name is taken"]
    assert form.non_field_errors() == ["Not a field"]


def test_domain_error_message_goes_to_the_top_of_the_form():
    form = _Form({"name": "x"})
    assert form.is_valid()
    show_error(form, DomainError("Package PKG1 is ended: it cannot become active."))
    assert form.non_field_errors() == ["Package PKG1 is ended: it cannot become active."]


def test_staff_role_group_excludes_provider_users():
    assert Role.PROVIDER.value not in STAFF
    assert Role.AUDITOR.value in STAFF


# -- No role comparison outside the permission declarations ----------------------------------------
ROOT = Path(__file__).resolve().parents[3]
ROLE_CHECK = re.compile(
    r"_ROLES\b|\brole\s*(==|!=|\bin\b|\bnot in\b)|==\s*Role\.|\bin\s*\(\s*Role\.|Role\.(BROKER|COMMISSIONER|QUALITY_OFFICER|FINANCE_OFFICER|PROVIDER|AUDITOR|ADMIN)\b"
)
#: Where roles may be named: the declarations, the Role type itself, the user model's field and its
#: constraint, the per-role home page text, the demo and test factories.
ALLOWED = re.compile(
    r"(/permissions\.py|/core/roles\.py|/core/actor\.py|/accounts/models\.py|/core/presenters\.py"
    r"|/demo\.py|/factories\.py|/tests/|/migrations/)$|/tests/|/migrations/"
)


def test_no_role_comparison_outside_the_permission_declarations():
    offenders = []
    sources = sorted((ROOT / "homecare").rglob("*.py"))
    assert len(sources) > 100, "the source tree was not found"
    for path in sources:
        relative = "/" + str(path.relative_to(ROOT))
        if ALLOWED.search(relative):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_CHECK.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "role checks outside permissions.py:\n" + "\n".join(offenders)
