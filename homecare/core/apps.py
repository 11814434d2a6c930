from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "homecare.core"
    label = "core"
    verbose_name = "Core: audit, access log, council"
