"""Demo carers for every active provider with packages in care, living near its office, with a mix
of skills, shifts and ways of travelling (about one in ten walks or cycles in urban wards).

The carers are the ones the visits demo checks in with (`ctx.data["carer_refs"]`,
"<council ref>-C<nnn>", about one per 27 visit-hours a week), so the planner sees who visited
whom; without it, one carer per 27.5 carer-hours a week of the provider's packages."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
from django.db.models import Sum

from homecare.brokerage.models import Package
from homecare.core.demo_kit import DemoContext, DemoStep
from homecare.core.demo_names import person_name
from homecare.geography.models import Postcode
from homecare.providers.models import Provider, ProviderStatus
from homecare.rounds.models import Carer, Shift, Skill, TravelMode

HOURS_PER_CARER = 27.5
NEAREST_POSTCODES = 60
SKILL_SHARE = {Skill.DOUBLE_UP: 0.65, Skill.MEDICATION: 0.75, Skill.DEMENTIA: 0.4, Skill.HOIST: 0.45}
#: (start, end, days): split shifts (mornings and teatimes/evenings, the way most home care works),
#: early and late shifts, and weekend workers.
PATTERNS = [
    (dt.time(7), dt.time(22), (0, 1, 2, 3, 4)),
    (dt.time(7), dt.time(22), (2, 3, 4, 5, 6)),
    (dt.time(7), dt.time(22), (0, 1, 4, 5, 6)),
    (dt.time(7), dt.time(14), (0, 1, 2, 3, 4, 5)),
    (dt.time(16), dt.time(22), (0, 1, 2, 3, 4, 6)),
    (dt.time(7), dt.time(22), (0, 2, 3, 5, 6)),
]


def carers(ctx: DemoContext) -> None:
    rng = ctx.rng_for("rounds carers")
    load = dict(
        Package.objects.in_care()
        .filter(provider__isnull=False)
        .values_list("provider_id")
        .annotate(hours=Sum("carer_hours_per_week"))
    )
    known: dict[int, list[str]] = ctx.data.get("carer_refs") or {}
    providers = [
        p
        for p in Provider.objects.filter(status=ProviderStatus.ACTIVE, pk__in=[*load, *known]).order_by(
            "council_ref"
        )
        if p.latitude is not None
    ]
    codes = list(
        Postcode.objects.order_by("postcode").values_list("postcode", "latitude", "longitude", "is_rural")
    )
    if not providers or not codes:
        return
    points = np.radians(np.array([(c[1], c[2]) for c in codes], dtype=float))
    rows: list[Carer] = []
    for provider in providers:
        here = np.radians([float(provider.latitude or 0.0), float(provider.longitude or 0.0)])
        # Equirectangular distance is plenty to find the nearest postcodes.
        dx = (points[:, 1] - here[1]) * math.cos(here[0])
        dy = points[:, 0] - here[0]
        nearest = np.argsort(dx * dx + dy * dy)[:NEAREST_POSTCODES]
        refs = known.get(provider.pk) or [
            f"{provider.council_ref}-C{n:03d}"
            for n in range(1, max(2, math.ceil(float(load.get(provider.pk) or 0) / HOURS_PER_CARER)) + 1)
        ]
        for ref in refs:
            code, lat, lon, rural = codes[int(nearest[rng.randrange(len(nearest))])]
            mode = TravelMode.CAR
            if not rural and rng.random() < 0.1:
                mode = rng.choice([TravelMode.WALKING, TravelMode.BICYCLE])
            skills = sorted(str(s) for s, share in SKILL_SHARE.items() if rng.random() < share)
            first, last = person_name(rng)
            rows.append(
                Carer(
                    provider=provider,
                    carer_ref=ref,
                    name=f"{first} {last}",
                    skills=skills,
                    home_postcode=code,
                    home_latitude=lat,
                    home_longitude=lon,
                    travel_mode=mode,
                    max_travel_minutes=20 if mode != TravelMode.CAR else rng.choice([20, 25, 30, 40]),
                    contracted_hours=Decimal(rng.choice([16, 20, 25, 30, 37.5, 40])).quantize(
                        Decimal("0.01")
                    ),
                )
            )
    Carer.objects.bulk_create(rows, batch_size=2000)
    saved = Carer.objects.filter(provider__in=providers).order_by("pk").values_list("pk", flat=True)
    shifts = []
    for pk in saved:
        start, end, days = PATTERNS[rng.randrange(len(PATTERNS))]
        shifts += [Shift(carer_id=pk, weekday=d, start=start, end=end) for d in days]
    Shift.objects.bulk_create(shifts, batch_size=5000)
    ctx.data["carers"] = len(rows)


STEPS = [DemoStep(80, "carers for care rounds", carers)]
