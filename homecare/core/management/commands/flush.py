"""`flush` empties the whole database (test teardown, `homecare demo --reset`). The audit tables'
append-only triggers are lifted for that one operation and put back straight after."""

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from homecare.core import dbtriggers


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        dbtriggers.uninstall(connection)
        try:
            super().handle(**options)
        finally:
            dbtriggers.install(connection)
