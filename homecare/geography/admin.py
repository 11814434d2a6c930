from django.contrib import admin

from homecare.core.admin import AuditedModelAdmin
from homecare.geography.models import Postcode, Ward, Zone


@admin.register(Zone)
class ZoneAdmin(AuditedModelAdmin):
    list_display = ("code", "name")


@admin.register(Ward)
class WardAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "zone", "is_rural")
    list_filter = ("zone", "is_rural")
    search_fields = ("code", "name")


@admin.register(Postcode)
class PostcodeAdmin(AuditedModelAdmin):
    list_display = ("postcode", "ward", "is_rural")
    search_fields = ("postcode",)
    raw_id_fields = ("ward",)
