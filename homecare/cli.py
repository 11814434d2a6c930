"""`homecare`: the one command-line entry point.

Each subcommand is a Django management command; `homecare --help` lists the product's own and
`homecare manage ...` reaches every other Django command.
"""

from __future__ import annotations

import os
import sys

#: The kernel's own commands. Apps add theirs (each a Django management command of the app) in
#: `<app>/commands.py` as `CLI = {"name": "what it does"}`, found by the one discovery helper.
CORE_COMMANDS: dict[str, str] = {
    "serve": "Serve the web app (production WSGI server)",
    "migrate": "Create or update the database tables",
    "worker": "Run background jobs (alerts, expiries, scheduled work)",
    "import": "Import a file (postcodes, CQC ratings, packages...)",
    "report": "Print a report (table or CSV)",
    "check-architecture": "Check the layers of the apps and that the planner library stays free of Django",
    "manage": "Run any other Django management command",
}


def commands() -> dict[str, str]:
    """Every command: the kernel's and each app's."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecare.config.settings")
    import django

    django.setup()
    from homecare.core.discovery import app_modules

    found = dict(CORE_COMMANDS)
    for module in app_modules("commands"):
        found.update(getattr(module, "CLI", {}))
    return found


def usage(available: dict[str, str]) -> str:
    width = max(len(c) for c in available)
    lines = [
        "usage: homecare COMMAND [options]",
        "",
        "Home care commissioning platform.",
        "",
        "commands:",
        *(f"  {name:<{width}}  {text}" for name, text in available.items()),
        "",
        "Run 'homecare COMMAND --help' for a command's options.",
        "Configuration comes from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS,",
        "COUNCIL_NAME, COUNCIL_ONS_CODE.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check-architecture":
        from homecare.architecture import main as check

        return check(argv[1:])
    available = commands()
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(usage(available))
        return 0
    command, rest = argv[0], argv[1:]
    if command not in available:
        print(f"homecare: unknown command {command!r}\n", file=sys.stderr)
        print(usage(available), file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["homecare", *rest] if rest else ["homecare", "help"])
    else:
        execute_from_command_line(["homecare", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
