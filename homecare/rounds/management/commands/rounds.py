"""`homecare rounds plan --date D [--provider REF | --all] [--seconds N] [--executor local|ray]`.

Plans every chosen provider's day in parallel: a local process pool by default, or a Ray cluster
(`--executor ray --address ADDR`, the optional extra `pip install 'homecare[ray]'`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homecare.core.actor import Actor
from homecare.core.context import acting_as
from homecare.providers.models import Provider, ProviderStatus
from homecare.rounds import presenters
from homecare.rounds.models import RoundPlan
from homecare.rounds.services import planning
from homecare.visits.models import Visit


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: {value!r} is not a date like 2026-03-10") from exc


class Command(BaseCommand):
    help = "Care rounds: plan a day's rounds for one provider or all of them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        plan = sub.add_parser("plan", help="Plan the rounds of a day", called_from_command_line=True)
        plan.add_argument("--date", required=True, type=_date, help="The day to plan (YYYY-MM-DD)")
        which = plan.add_mutually_exclusive_group(required=True)
        which.add_argument("--provider", help="A provider's council reference")
        which.add_argument("--all", action="store_true", help="Every active provider with visits that day")
        plan.add_argument(
            "--seconds", type=int, default=10, help="Solver time limit per provider (default 10)"
        )
        plan.add_argument(
            "--seed", type=int, default=0, help="Solver seed, for reproducible plans (default 0)"
        )
        plan.add_argument(
            "--executor",
            choices=["local", "ray"],
            default="local",
            help="local: a process pool on this machine (default); ray: a Ray cluster",
        )
        plan.add_argument(
            "--address",
            help="Ray cluster head's address, host:port as `ray start --head` prints it (e.g. head:6379), "
            "or auto on a cluster node; without it Ray starts on this machine",
        )
        plan.add_argument("--workers", type=int, help="Parallel processes (default: one per CPU)")

    def handle(self, *args: Any, **options: Any) -> None:
        day: dt.date = options["date"]
        if options["provider"]:
            providers = list(Provider.objects.filter(council_ref=options["provider"]))
            if not providers:
                raise CommandError(f"No provider has the council reference {options['provider']!r}")
        else:
            busy = Visit.objects.planned().filter(visit_date=day).values("provider_id")
            providers = list(
                Provider.objects.filter(status=ProviderStatus.ACTIVE, pk__in=busy).order_by("council_ref")
            )
        if not providers:
            self.stdout.write(f"No provider has visits on {day}.")
            return
        if options["executor"] == "ray":
            try:
                executor = planning.ray_executor(options["address"], options["workers"])
            except planning.ExecutorUnavailable as exc:
                raise CommandError(exc.messages[0]) from exc
        else:
            executor = planning.local_executor(options["workers"])

        def report(plan: RoundPlan, wall: float) -> None:
            self.stdout.write(
                f"{plan.provider.council_ref} {plan.get_status_display().lower()}: "
                f"{plan.visits_planned}/{plan.visits_total} visits planned, {plan.visits_unplanned} not, "
                f"{plan.carers_used} carers, {presenters.km(plan.travel_km)}, "
                f"{presenters.minutes(plan.travel_minutes)} travel, solved in {wall:.1f}s (plan {plan.pk})"
                + (f" error: {plan.error}" if plan.error else "")
            )

        self.stdout.write(
            f"Planning {len(providers)} provider{'s' if len(providers) != 1 else ''} for {day} "
            f"({options['executor']}, {options['seconds']}s each)"
        )
        actor = Actor.command("rounds")
        with acting_as(actor):
            result = planning.plan_providers(
                by=actor,
                providers=providers,
                day=day,
                seconds=options["seconds"],
                seed=options["seed"],
                executor=executor,
                on_done=report,
            )
        failed = sum(1 for p in result.plans if p.status == "failed")
        self.stdout.write(f"Done: {len(result.plans)} plans in {result.wall_seconds:.1f}s, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} plans failed")
