from django.urls import path

from homecare.geography import views

app_name = "geography"

urlpatterns = [
    path("zones/", views.zones, name="zones"),
    path("zones/assign/", views.assign_wards, name="assign"),
    path("zones/<str:code>/", views.zone_detail, name="zone"),
]
