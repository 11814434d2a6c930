import pytest
from django.db import DatabaseError, connection, transaction

from homecare.accounts.factories import make_user
from homecare.core import audit
from homecare.core.actor import Actor
from homecare.core.context import acting_as
from homecare.core.models import AccessLog, AppendOnlyError, AuditEvent
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.geography.factories import WardFactory, ZoneFactory
from homecare.geography.models import Ward

pytestmark = pytest.mark.django_db


def test_record_writes_who_what_and_request():
    user = make_user(Role.COMMISSIONER)
    ward = WardFactory()
    actor = actor_for(user)
    with acting_as(actor, path="/somewhere/"):
        event = audit.record(by=actor, action="checked", obj=ward, changes={"x": [1, 2]})
    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == user.username
    assert event.object_type == "geography.ward"
    assert event.object_id == str(ward.pk)
    assert event.changes == {"x": [1, 2]}
    assert event.path == "/somewhere/"
    assert event.request_id


def test_update_fields_audits_only_real_changes():
    ward = WardFactory(name="Oldname")
    changes = audit.update_fields(by=TEST_ACTOR, obj=ward, name="Newname", is_rural=ward.is_rural)
    assert changes == {"name": ["Oldname", "Newname"]}
    event = audit.history(ward).get()
    assert event.changes == {"name": ["Oldname", "Newname"]}
    assert audit.update_fields(by=TEST_ACTOR, obj=ward, name="Newname") == {}
    assert audit.history(ward).count() == 1


def test_bulk_update_audits_every_changed_row():
    zone = ZoneFactory()
    wards = WardFactory.create_batch(3)
    already = WardFactory(zone=zone)
    count = audit.bulk_update(
        by=TEST_ACTOR, queryset=Ward.objects.filter(pk__in=[w.pk for w in [*wards, already]]), zone=zone
    )
    assert count == 3
    assert Ward.objects.filter(zone=zone).count() == 4
    assert AuditEvent.objects.filter(action="updated", object_type="geography.ward").count() == 3
    assert not audit.history(already).exists()


def test_audit_event_cannot_be_changed_through_the_orm():
    event = audit.record(by=TEST_ACTOR, action="x", obj=WardFactory())
    event.action = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE core_auditevent SET action = 'forged'", "DELETE FROM core_auditevent"]
)
def test_audit_event_cannot_be_changed_by_raw_sql(sql):
    audit.record(by=TEST_ACTOR, action="x", obj=WardFactory())
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.filter(action="x").count() == 1


def test_access_log_cannot_be_deleted_by_raw_sql():
    user = make_user(Role.BROKER)
    audit.log_view(by=actor_for(user), obj=WardFactory(), person_id=42)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_accesslog")
    assert AccessLog.objects.get().person_id == "42"


def test_a_provider_api_token_viewing_a_person_is_access_logged_by_name():
    from homecare.core.models import ApiToken
    from homecare.providers.factories import ProviderFactory

    token = ApiToken.objects.create(
        provider=ProviderFactory(), name="EVV system", prefix="hc_abcdefgh", token_hash="x" * 64
    )
    actor = Actor.for_token(token)
    with acting_as(actor):
        entry = audit.log_view(by=actor, obj=WardFactory(), person_id=7)
    assert entry.user is None and entry.actor_label == "api-token:hc_abcdefgh (EVV system)"


def test_audit_refuses_an_actor_that_is_not_an_actor():
    with pytest.raises(TypeError, match="must be an Actor"):
        audit.record(by="someone", action="x", obj=WardFactory())
