from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "homecare.rounds"
    label = "rounds"
    verbose_name = "Care rounds: carers, planned rounds and brokerage fit"
