"""A synthetic but realistic council, deterministic for a seed.

Each app adds its own part in `<app>/demo.py` as `STEPS = [DemoStep(order, name, function)]`; the
generator runs every step in order inside one transaction with a shared `DemoContext`.
Figures follow published council scrutiny reports (see DESIGN.md): the `council` size has 4 lots of
17 wards, ~86 registered providers of which 8 on the framework and ~1,250 people receiving care.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from homecare.core.actor import Actor
from homecare.core.discovery import app_modules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Size:
    name: str
    zones: int
    wards_per_zone: int
    postcodes_per_ward: int
    providers: int
    framework_providers: int
    people: int


SIZES = {
    "small": Size(
        "small",
        zones=4,
        wards_per_zone=4,
        postcodes_per_ward=12,
        providers=20,
        framework_providers=8,
        people=150,
    ),
    "council": Size(
        "council",
        zones=4,
        wards_per_zone=17,
        postcodes_per_ward=40,
        providers=86,
        framework_providers=8,
        people=1250,
    ),
    "large": Size(
        "large",
        zones=10,
        wards_per_zone=20,
        postcodes_per_ward=80,
        providers=150,
        framework_providers=24,
        people=25000,
    ),
}

DEMO_PASSWORD = "demo-password"  # noqa: S105 (the demo council's published log-in password)


@dataclass
class DemoContext:
    seed: int
    size: Size
    today: dt.date
    password: str = DEMO_PASSWORD
    #: Who the demo's changes are recorded as in the audit trail.
    actor: Actor = field(default_factory=lambda: Actor.system("demo"))
    rng: random.Random = field(init=False)
    data: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, what they see)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def rng_for(self, name: str) -> random.Random:
        """A separate random stream per step, so adding a step never changes another's data."""
        return random.Random(f"{self.seed}:{name}")


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    run: Callable[[DemoContext], None]


def discover_steps() -> list[DemoStep]:
    steps: list[DemoStep] = []
    for module in app_modules("demo"):
        steps.extend(getattr(module, "STEPS", []))
    return sorted(steps, key=lambda s: (s.order, s.name))


def has_data() -> bool:
    from homecare.accounts.models import User

    return User.objects.exists()


@transaction.atomic
def generate(
    *,
    seed: int = 1,
    size: str = "council",
    today: dt.date | None = None,
    password: str = DEMO_PASSWORD,
    progress: Callable[[str], None] | None = None,
) -> DemoContext:
    from homecare.core.context import acting_as

    ctx = DemoContext(seed=seed, size=SIZES[size], today=today or dt.date.today(), password=password)
    with acting_as(ctx.actor):
        for step in discover_steps():
            started = time.perf_counter()
            step.run(ctx)
            message = f"{step.name}: done in {time.perf_counter() - started:.1f}s"
            log.debug(message)
            if progress:
                progress(message)
    return ctx
