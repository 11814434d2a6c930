from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "homecare.quality"
    label = "quality"
    verbose_name = "Quality: intelligence, assessments, risk, action plans and contract management"
