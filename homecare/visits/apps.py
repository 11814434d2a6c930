from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "homecare.visits"
    label = "visits"
    verbose_name = "Visits and call monitoring"

    def ready(self) -> None:
        from homecare.visits import signals  # noqa: F401  (keeps planned visits in step with packages)
