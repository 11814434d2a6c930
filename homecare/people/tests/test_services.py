import pytest
from django.core.exceptions import ValidationError

from homecare.core.models import AuditEvent
from homecare.core.testing import TEST_ACTOR
from homecare.geography.factories import PostcodeFactory
from homecare.people import services
from homecare.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_create_person_resolves_postcode_to_ward_and_zone():
    postcode = PostcodeFactory(postcode="FN1 2AB")
    person = services.create_person(
        by=TEST_ACTOR, council_ref="ab123", first_name="Ada", last_name="Jones", postcode="fn12ab"
    )
    assert (person.council_ref, person.postcode, person.ward, person.zone) == (
        "AB123",
        "FN1 2AB",
        postcode.ward,
        postcode.ward.zone,
    )


def test_create_person_unknown_postcode_rejected():
    with pytest.raises(ValidationError) as exc:
        services.create_person(
            by=TEST_ACTOR, council_ref="X1", first_name="A", last_name="B", postcode="FN9 9ZZ"
        )
    assert "postcode" in exc.value.message_dict


def test_create_person_invalid_nhs_number_rejected():
    PostcodeFactory(postcode="FN1 2AB")
    with pytest.raises(ValidationError) as exc:
        services.create_person(
            by=TEST_ACTOR,
            council_ref="X1",
            first_name="A",
            last_name="B",
            postcode="FN1 2AB",
            nhs_number="9434765918",
        )
    assert "nhs_number" in exc.value.message_dict


def test_create_person_duplicate_nhs_number_rejected():
    existing = PersonFactory(nhs_number="9434765919")
    with pytest.raises(ValidationError):
        services.create_person(
            by=TEST_ACTOR,
            council_ref="X2",
            first_name="A",
            last_name="B",
            postcode=existing.postcode,
            nhs_number="943 476 5919",
        )


def test_update_person_audits_field_names_not_values():
    person = PersonFactory()
    services.update_person(by=TEST_ACTOR, person=person, phone="01234 567890")
    event = AuditEvent.objects.get(object_type="people.person", action="updated")
    assert event.changes == {"fields": ["phone"]}
