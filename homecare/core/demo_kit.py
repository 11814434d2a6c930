"""What every app's demo step shares: the demo's sizes, the shared `DemoContext` and `DemoStep`.

Each app adds its part of the synthetic council in `<app>/demo.py` as
`STEPS = [DemoStep(order, name, function)]`; the demo app's generator finds and runs them. These
live in the kernel so that no app imports the demo app (which sits on top of every app).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from homecare.core.actor import Actor


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
