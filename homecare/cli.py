"""`homecare`: the one command-line entry point.

Each subcommand is a Django management command; `homecare --help` lists the product's own and
`homecare manage ...` reaches every other Django command.
"""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, str] = {
    "serve": "Serve the web app (production WSGI server)",
    "demo": "Load a synthetic demo council",
    "migrate": "Create or update the database tables",
    "worker": "Run background jobs (alerts, expiries, scheduled work)",
    "import": "Import a file (postcodes, CQC ratings, packages...)",
    "report": "Print a report (table or CSV)",
    "rounds": "Plan care rounds for a day (every provider in parallel, locally or on Ray)",
    "ecm": "Electronic call monitoring: ingest a provider's export file",
    "createuser": "Create a user with a role",
    "check-architecture": "Check that the planner library stays free of Django and the app",
    "manage": "Run any other Django management command",
}


def usage() -> str:
    width = max(len(c) for c in COMMANDS)
    lines = [
        "usage: homecare COMMAND [options]",
        "",
        "Home care commissioning platform.",
        "",
        "commands:",
        *(f"  {name:<{width}}  {text}" for name, text in COMMANDS.items()),
        "",
        "Run 'homecare COMMAND --help' for a command's options.",
        "Configuration comes from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS,",
        "COUNCIL_NAME, COUNCIL_ONS_CODE.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"homecare: unknown command {command!r}\n", file=sys.stderr)
        print(usage(), file=sys.stderr)
        return 2
    if command == "check-architecture":
        from homecare.architecture import main as check

        return check(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecare.config.settings")
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["homecare", *rest] if rest else ["homecare", "help"])
    else:
        execute_from_command_line(["homecare", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
