from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "homecare.people"
    label = "people"
    verbose_name = "People receiving care"
