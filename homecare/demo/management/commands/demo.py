from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from homecare.demo.generator import DEMO_PASSWORD, SIZES, generate, has_data


class Command(BaseCommand):
    help = "Create a synthetic, realistic demo council (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed (default 1): the same seed gives the same council",
        )
        parser.add_argument(
            "--size",
            choices=sorted(SIZES),
            default="council",
            help="small, council (default) or large (~25,000 people)",
        )
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)"
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password for every demo log-in")
        parser.add_argument("--reset", action="store_true", help="Delete all existing data first")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._prepare_database()
        if has_data():
            if options["if_empty"]:
                self.stdout.write("The database already has data; the demo council was not loaded again.")
                return
            if not options["reset"]:
                raise CommandError(
                    "The database already has data. Use --reset to replace it with the demo council."
                )
            call_command("flush", interactive=False, verbosity=0)
        ctx = generate(
            seed=options["seed"],
            size=options["size"],
            today=options["today"],
            password=options["password"],
            progress=lambda m: self.stdout.write(f"  {m}"),
        )
        self.stdout.write(self.style.SUCCESS(f"Demo council loaded (size {ctx.size.name}, seed {ctx.seed})."))
        text = format_logins(ctx.logins, ctx.password)
        token = ctx.data.get("provider_api_token")
        if token:
            text += f"\nAPI token of the demo provider (Authorization: Bearer ...): {token}"
        self.stdout.write(text)
        (settings.VAR_DIR / "demo-logins.txt").write_text(
            f"{settings.SERVICE_NAME}: {ctx.data.get('council_name', '')}\n{text}\n"
        )

    def _prepare_database(self) -> None:
        """An empty database gets its tables (as `homecare migrate` makes them); one part-way through
        its migrations is left for `homecare migrate`; one that cannot be reached is named. Never a
        traceback."""
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            applied = executor.loader.applied_migrations
        except DatabaseError as exc:
            raise CommandError(
                "Cannot use the database: check DATABASE_URL and that the database server is running, "
                f"then run `homecare migrate`.\n{exc}"
            ) from exc
        if not plan:
            return
        if applied:
            raise CommandError(
                f"The database is not up to date ({len(plan)} migrations not applied). "
                "Run `homecare migrate`, then `homecare demo` again."
            )
        self.stdout.write("The database has no tables yet: creating them (as `homecare migrate` does).")
        call_command("migrate", interactive=False, verbosity=0)


def format_logins(logins: list[tuple[str, str, str]], password: str) -> str:
    width = max((len(u) for _, u, _ in logins), default=8)
    lines = [f"Demo log-ins (password for all: {password}):"]
    lines += [f"  {username:<{width}}  {role}: {what}" for role, username, what in logins]
    return "\n".join(lines)
