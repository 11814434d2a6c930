from django.contrib import admin

from homecare.core.admin import AuditedModelAdmin
from homecare.people.models import Person


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    person_field = "pk"
    list_display = ("council_ref", "zone")
    search_fields = ("council_ref",)
    raw_id_fields = ("postcode_ref", "ward", "zone")
