from __future__ import annotations

import factory

from homecare.providers.models import Provider


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Test Care {n} Ltd")
    council_ref = factory.Sequence(lambda n: f"PRV{n:05d}")
    cqc_provider_id = factory.Sequence(lambda n: f"1-{100000000 + n}")
