from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from homecare.core.actor import Actor
from homecare.core.context import acting_as
from homecare.core.imports import ImportRejected
from homecare.core.subcommands import discover


class DispatchCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", metavar="WHAT", required=True, parser_class=type(parser)
        )
        for command in discover(self.kind):
            child = sub.add_parser(
                command.name, help=command.help, description=command.help, called_from_command_line=True
            )
            command.add_arguments(child)

    def handle(self, *args: Any, **options: Any) -> None:
        commands = {c.name: c for c in discover(self.kind)}
        command = commands[options["subcommand"]]
        actor = Actor.command(f"{self.kind.lower().rstrip('s')}-{command.name}")
        try:
            with acting_as(actor):
                output = command.run(options, actor)
        except ImportRejected as exc:
            lines = [f"The file was not imported. {exc.total} problem{'s' if exc.total != 1 else ''} found:"]
            lines += [f"  {e}" for e in exc.errors]
            if exc.total > len(exc.errors):
                lines.append(f"  ... and {exc.total - len(exc.errors)} more")
            lines.append("Nothing was changed.")
            raise CommandError("\n".join(lines), returncode=2) from exc
        if output:
            self.stdout.write(output)
