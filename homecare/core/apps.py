from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "homecare.core"
    label = "core"
    verbose_name = "Core: audit, access log, council"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from homecare.core.discovery import app_modules

        post_migrate.connect(_install_triggers, sender=self)
        # Declare every app's named permissions (each app's permissions.py) before any request.
        app_modules("permissions")


def _install_triggers(sender: object, using: str = "default", **kwargs: object) -> None:
    """(Re)install the audit tables' append-only triggers after every migrate: on SQLite, altering
    a table rebuilds it and drops its triggers."""
    from django.db import connections

    from homecare.core.dbtriggers import install

    install(connections[using])
