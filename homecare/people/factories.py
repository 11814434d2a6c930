from __future__ import annotations

import datetime as dt

import factory

from homecare.geography.factories import PostcodeFactory
from homecare.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    """A person living at a postcode in the directory, so their ward and zone are known."""

    class Meta:
        model = Person

    council_ref = factory.Sequence(lambda n: f"P{n:06d}")
    first_name = "Edith"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    date_of_birth = dt.date(1938, 5, 17)
    address = "1 High Street"
    postcode_ref = factory.SubFactory(PostcodeFactory)
    postcode = factory.LazyAttribute(lambda o: o.postcode_ref.postcode)
    ward = factory.LazyAttribute(lambda o: o.postcode_ref.ward)
    zone = factory.LazyAttribute(lambda o: o.postcode_ref.ward.zone)
