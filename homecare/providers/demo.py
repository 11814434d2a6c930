"""Demo provider register: ~86 registered agencies for the `council` size, a few dormant, two that
exited the market in the last 24 months."""

from __future__ import annotations

import datetime as dt

from homecare.demo.generator import DemoContext, DemoStep
from homecare.demo.names import company_names
from homecare.providers.models import Provider, ProviderStatus


def providers(ctx: DemoContext) -> None:
    rng = ctx.rng_for("providers")
    names = company_names(rng, ctx.size.providers)
    rows = []
    for i, name in enumerate(names, start=1):
        status = ProviderStatus.ACTIVE
        exited_on = None
        reason = ""
        if i in (ctx.size.providers - 1, ctx.size.providers):
            status = ProviderStatus.EXITED
            exited_on = ctx.today - dt.timedelta(days=rng.randint(60, 700))
            reason = rng.choice(
                [
                    "Could not recruit enough carers",
                    "Owner retired and closed the business",
                    "Went into administration",
                ]
            )
        elif rng.random() < 0.06:
            status = ProviderStatus.DORMANT
        rows.append(
            Provider(
                name=name,
                council_ref=f"PRV{i:04d}",
                cqc_provider_id=f"1-{rng.randint(100_000_000, 999_999_999)}",
                status=status,
                exited_on=exited_on,
                exit_reason=reason,
            )
        )
    Provider.objects.bulk_create(rows)
    ctx.data["providers"] = list(Provider.objects.order_by("council_ref"))


STEPS = [DemoStep(30, "providers", providers)]
