from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "homecare.visits"
    label = "visits"
    verbose_name = "Visits and call monitoring"
