from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "homecare.providers"
    label = "providers"
    verbose_name = "Provider register"
