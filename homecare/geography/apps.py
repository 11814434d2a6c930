from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "homecare.geography"
    label = "geography"
    verbose_name = "Geography: wards, zones and postcodes"
