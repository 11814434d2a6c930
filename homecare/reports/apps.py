from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "homecare.reports"
    label = "reports"
    verbose_name = "Reports: scrutiny packs, market intelligence and statutory returns"
