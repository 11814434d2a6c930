"""Demo geography: zones of wards around a town centre, urban in the middle and rural at the edge,
with postcodes (fictional "FN" postcode area) spread around each ward's centre."""

from __future__ import annotations

import math

from homecare.core.council import get_council
from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.core.demo_names import place_names
from homecare.geography.models import Postcode, Ward, Zone

CENTRE = (52.62, -1.12)
KM_PER_DEG_LAT = 111.2
ZONE_NAMES = [
    "North",
    "East",
    "South",
    "West",
    "Central",
    "North East",
    "South East",
    "South West",
    "North West",
    "Outer",
]
RURAL_FROM_KM = 9.0


def _offset(lat: float, lon: float, km_north: float, km_east: float) -> tuple[float, float]:
    return lat + km_north / KM_PER_DEG_LAT, lon + km_east / (KM_PER_DEG_LAT * math.cos(math.radians(lat)))


FICTIONAL_AREAS = ["FN", "FM", "FQ", "FV", "FX"]  # not real postcode areas


def outward_code(district: int) -> str:
    """One postcode district per ward: FN1..FN99, then FM1..FM99 and so on (at most 4 characters)."""
    area = FICTIONAL_AREAS[(district - 1) // 99]
    return f"{area}{(district - 1) % 99 + 1}"


def geography(ctx: DemoContext) -> None:
    rng = ctx.rng_for("geography")
    size = ctx.size
    la = get_council().ons_code
    names = place_names(rng, size.zones * size.wards_per_zone)
    zones = Zone.objects.bulk_create(
        [
            Zone(code=f"Z{i + 1}", name=f"{ZONE_NAMES[i]} zone" if i < len(ZONE_NAMES) else f"Zone {i + 1}")
            for i in range(size.zones)
        ]
    )
    wards = []
    n = 0
    for z, zone in enumerate(zones):
        sector = 2 * math.pi / size.zones
        for _w in range(size.wards_per_zone):
            angle = sector * z + rng.uniform(0.05, 0.95) * sector
            radius = 16 * math.sqrt(rng.random())  # denser in the middle
            lat, lon = _offset(*CENTRE, radius * math.cos(angle), radius * math.sin(angle))
            n += 1
            wards.append(
                Ward(
                    code=f"E05{900000 + n:06d}",
                    name=names[n - 1],
                    local_authority_code=la,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                    is_rural=radius >= RURAL_FROM_KM,
                    zone=zone,
                )
            )
    Ward.objects.bulk_create(wards)
    wards = list(Ward.objects.order_by("code"))
    postcodes = []
    used: set[str] = set()
    for district, ward in enumerate(wards, start=1):
        outward = outward_code(district)
        spread = 2.5 if ward.is_rural else 0.8
        for _ in range(size.postcodes_per_ward):
            while True:
                inward = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                code = f"{outward} {inward}"
                if code not in used:
                    used.add(code)
                    break
            lat, lon = _offset(
                ward.latitude or 0, ward.longitude or 0, rng.gauss(0, spread / 2), rng.gauss(0, spread / 2)
            )
            postcodes.append(
                Postcode(
                    postcode=code,
                    ward=ward,
                    local_authority_code=la,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                    rural_urban_code="RLN1" if ward.is_rural else "UN1",
                    is_rural=ward.is_rural,
                )
            )
    Postcode.objects.bulk_create(postcodes, batch_size=2000)
    ctx.data["zones"] = zones
    ctx.data["wards"] = wards


STEPS = [DemoStep(20, "geography", geography)]
