import pytest

from homecare.accounts.factories import make_user
from homecare.core.models import AuditEvent
from homecare.core.roles import Role
from homecare.geography.factories import WardFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_zones_page_lists_zones_and_unzoned_wards(client):
    ZoneFactory(name="Riverside")
    WardFactory(zone=None, name="Lonely")
    client.force_login(make_user(Role.BROKER))
    response = client.get("/geography/zones/")
    assert b"Riverside" in response.content and b"Lonely" in response.content


def test_zone_page_lists_its_wards(client):
    ward = WardFactory(name="Castle")
    client.force_login(make_user(Role.QUALITY_OFFICER))
    response = client.get(f"/geography/zones/{ward.zone.code}/")
    assert response.status_code == 200 and b"Castle" in response.content


def test_commissioner_puts_wards_into_a_zone_with_audit(client):
    zone = ZoneFactory()
    wards = [WardFactory(zone=None), WardFactory(zone=None)]
    client.force_login(make_user(Role.COMMISSIONER))
    response = client.post("/geography/zones/assign/", {"zone": zone.pk, "wards": [w.pk for w in wards]})
    assert response.status_code == 302
    assert set(zone.wards.all()) == set(wards)
    assert AuditEvent.objects.filter(action="zone_assigned").count() == 2


def test_assigning_no_wards_shows_error(client):
    client.force_login(make_user(Role.COMMISSIONER))
    response = client.post("/geography/zones/assign/", {"zone": ZoneFactory().pk})
    assert b"Choose at least one ward" in response.content


@pytest.mark.parametrize("role", [Role.BROKER, Role.AUDITOR, Role.PROVIDER])
def test_other_roles_cannot_assign_wards(client, role):
    client.force_login(make_user(role))
    assert client.get("/geography/zones/assign/").status_code == 403
