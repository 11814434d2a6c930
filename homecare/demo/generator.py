"""A synthetic but realistic council, deterministic for a seed.

Each app adds its own part in `<app>/demo.py` as `STEPS = [DemoStep(order, name, function)]`
(`homecare.core.demo_kit`); the generator runs every step in order inside one transaction with a shared `DemoContext`.
Figures follow published council scrutiny reports (see DESIGN.md): the `council` size has 4 lots of
17 wards, ~86 registered providers of which 8 on the framework and ~1,250 people receiving care.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.db import transaction

from homecare.core.demo_kit import DEMO_PASSWORD, SIZES, DemoContext, DemoStep
from homecare.core.discovery import app_modules

log = logging.getLogger(__name__)


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
