import datetime as dt

import pytest

from homecare.accounts.models import User
from homecare.core.roles import Role
from homecare.demo.generator import SIZES, generate
from homecare.geography.models import Postcode, Ward, Zone
from homecare.providers.models import Provider, ProviderStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


def test_small_demo_has_zones_wards_postcodes_providers_and_every_role():
    generate(seed=7, size="small", today=TODAY)
    size = SIZES["small"]
    assert Zone.objects.count() == size.zones
    assert Ward.objects.count() == size.zones * size.wards_per_zone
    assert Postcode.objects.count() == size.zones * size.wards_per_zone * size.postcodes_per_ward
    assert Provider.objects.count() >= size.providers
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Ward.objects.filter(is_rural=True).exists() and Ward.objects.filter(is_rural=False).exists()


def test_demo_has_two_recent_exits():
    generate(seed=7, size="small", today=TODAY)
    exits = Provider.objects.filter(status=ProviderStatus.EXITED)
    assert exits.count() == 2
    assert all(TODAY - dt.timedelta(days=730) <= p.exited_on <= TODAY for p in exits)


def _fingerprint():
    return (
        list(Ward.objects.order_by("code").values_list("code", "name", "latitude", "is_rural")),
        list(Provider.objects.order_by("council_ref").values_list("council_ref", "name", "status")),
    )


@pytest.mark.django_db(transaction=True)
def test_same_seed_gives_the_same_council():
    generate(seed=3, size="small", today=TODAY)
    first = _fingerprint()
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    generate(seed=3, size="small", today=TODAY)
    assert _fingerprint() == first


def test_demo_uses_the_council_from_the_environment(settings):
    settings.COUNCIL_NAME, settings.COUNCIL_ONS_CODE = "Testshire Council", "E06000042"
    generate(seed=1, size="small", today=TODAY)
    assert set(Ward.objects.values_list("local_authority_code", flat=True)) == {"E06000042"}
