from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "homecare.api"
    label = "api"
    verbose_name = "API and provider tokens"
