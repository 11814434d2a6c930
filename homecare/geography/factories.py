from __future__ import annotations

import factory

from homecare.geography.models import Postcode, Ward, Zone


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    code = factory.Sequence(lambda n: f"Z{n}")
    name = factory.Sequence(lambda n: f"Zone {n}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    code = factory.Sequence(lambda n: f"E05{800000 + n:06d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    local_authority_code = "E06000999"
    latitude = 52.62
    longitude = -1.12
    zone = factory.SubFactory(ZoneFactory)


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"FN{n // 9 + 1} {n % 9 + 1}AB")
    ward = factory.SubFactory(WardFactory)
    local_authority_code = "E06000999"
    latitude = 52.62
    longitude = -1.12
