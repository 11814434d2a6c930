from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Serve the web app with the Waitress WSGI server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000)")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8)")
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply pending migrations first")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        application = get_wsgi_application()  # the same WSGI application as homecare.config.wsgi

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            if options["no_migrate"]:
                self.stderr.write("Warning: the database has migrations that are not applied.")
            else:
                call_command("migrate", interactive=False, verbosity=0)
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if not settings.DEBUG and not manifest.exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Serving {settings.SERVICE_NAME} on {url}  (Ctrl+C to stop)"))
        self.stdout.flush()
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="homecare",
        )
