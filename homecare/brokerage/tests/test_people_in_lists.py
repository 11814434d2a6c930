"""Brokerage lists show who each person is (name, date of birth, in hospital) to those who may see
people's records, access-log each person shown once, and keep providers' lists anonymised."""

import datetime as dt

import pytest
from django.urls import reverse

from homecare.accounts.factories import make_user
from homecare.brokerage import services
from homecare.brokerage.factories import framework_lot, make_package, person_in
from homecare.brokerage.hospital import IN_HOSPITAL_FLAG, hospital_flags
from homecare.brokerage.models import InterimArrangement, Package
from homecare.brokerage.views._people import people_shown
from homecare.core.models import AccessLog
from homecare.core.roles import Role
from homecare.core.testing import TEST_ACTOR, actor_for
from homecare.geography.factories import ZoneFactory
from homecare.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _from_hospital(**kwargs) -> Package:
    return make_package(
        source="hospital",
        hospital="Fernshire General Hospital",
        ready_for_discharge_on=dt.date.today() - dt.timedelta(days=3),
        **kwargs,
    )


@pytest.fixture
def broker(client):
    user = make_user(Role.BROKER)
    client.force_login(user)
    return user


# The hospital flag ------------------------------------------------------------------------------


def test_hospital_referral_waiting_for_care_is_flagged_in_hospital():
    package = _from_hospital()
    assert hospital_flags([package.person_id]) == {package.person_id: [IN_HOSPITAL_FLAG]}


def test_community_referral_is_not_flagged_in_hospital():
    package = make_package()
    assert hospital_flags([package.person_id]) == {}


def test_hospital_referral_with_another_interim_arrangement_is_not_flagged():
    package = _from_hospital()
    services.record_interim(by=TEST_ACTOR, package=package, arrangement=InterimArrangement.REABLEMENT)
    assert hospital_flags([package.person_id]) == {}


def test_community_referral_still_in_hospital_is_flagged():
    package = make_package()
    services.record_interim(by=TEST_ACTOR, package=package, arrangement=InterimArrangement.HOSPITAL)
    assert hospital_flags([package.person_id]) == {package.person_id: [IN_HOSPITAL_FLAG]}


def test_hospital_referral_whose_care_started_is_not_flagged():
    package = _from_hospital()
    Package.objects.filter(pk=package.pk).update(status="active", started_on=dt.date.today())
    assert hospital_flags([package.person_id]) == {}


# Awaiting care list ------------------------------------------------------------------------------


def test_awaiting_care_shows_name_birth_date_and_hospital_flag(client, broker):
    in_hospital = _from_hospital(person=PersonFactory(first_name="Edith", last_name="Hospitalised"))
    at_home = make_package(person=PersonFactory(first_name="Arthur", last_name="Athome"))
    body = client.get(reverse("brokerage:awaiting-care")).content.decode()
    assert "Edith Hospitalised" in body and "Arthur Athome" in body
    assert "Born 17 May 1938" in body
    hospital_row = next(line for line in body.splitlines() if in_hospital.reference in line)
    home_row = next(line for line in body.splitlines() if at_home.reference in line)
    assert IN_HOSPITAL_FLAG in hospital_row
    assert IN_HOSPITAL_FLAG not in home_row


def test_awaiting_care_logs_each_person_shown_once(client, broker):
    person = PersonFactory()
    first, second = make_package(person=person), make_package()
    make_package(person=person)  # a second package of the same person: still one row for them
    client.get(reverse("brokerage:awaiting-care"))
    rows = AccessLog.objects.filter(view="brokerage:awaiting-care", user=broker)
    assert sorted(rows.values_list("person_id", flat=True)) == sorted([str(person.pk), str(second.person_id)])
    assert set(rows.values_list("object_type", flat=True)) == {"brokerage.package"}
    assert first.person_id == person.pk


# Dashboard ---------------------------------------------------------------------------------------


def test_dashboard_shows_the_person_of_each_package_needing_action(client, broker):
    _from_hospital(person=PersonFactory(first_name="Edith", last_name="Waiting"))
    body = client.get(reverse("brokerage:dashboard")).content.decode()
    assert "Edith Waiting" in body and IN_HOSPITAL_FLAG in body


def test_dashboard_logs_each_person_shown(client, broker):
    packages = [make_package(), _from_hospital()]
    client.get(reverse("brokerage:dashboard"))
    logged = AccessLog.objects.filter(view="brokerage:dashboard", user=broker).values_list(
        "person_id", flat=True
    )
    assert sorted(logged) == sorted(str(p.person_id) for p in packages)


def test_people_in_lists_are_hidden_and_unlogged_without_people_view():
    package = make_package()
    finance = actor_for(make_user(Role.FINANCE_OFFICER))
    assert people_shown(finance, [package], view="test") == {}
    assert not AccessLog.objects.exists()


# Provider portal ---------------------------------------------------------------------------------


def test_portal_offer_list_shows_no_name_before_acceptance(client):
    zone = ZoneFactory()
    framework_lot(zone)
    package = make_package(zone=zone, person=person_in(zone, first_name="Edith", last_name="Secretname"))
    offer = services.start_brokering(by=TEST_ACTOR, package=package)[0]
    client.force_login(make_user(Role.PROVIDER, provider=offer.provider))
    body = client.get(reverse("brokerage:portal-offers")).content.decode()
    assert f"OFR{offer.pk:06d}" in body
    assert "Secretname" not in body and "Edith" not in body and "1938" not in body
    assert package.person.council_ref not in body
    assert not AccessLog.objects.exists()


# People search (the flag comes through people's PERSON_FLAGS extension point) ---------------------


def test_people_search_flags_a_person_waiting_in_hospital(client, broker):
    waiting = _from_hospital(person=PersonFactory(last_name="Jones"))
    at_home = make_package(person=PersonFactory(last_name="Jones"))
    body = client.get(reverse("people:people"), {"q": "Jones"}).content.decode()
    rows = {
        p.council_ref: next(line for line in body.splitlines() if p.council_ref in line)
        for p in (waiting.person, at_home.person)
    }
    assert IN_HOSPITAL_FLAG in rows[waiting.person.council_ref]
    assert IN_HOSPITAL_FLAG not in rows[at_home.person.council_ref]
