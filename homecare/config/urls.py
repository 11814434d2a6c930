from django.contrib import admin
from django.urls import include, path

from homecare.api.urls import api
from homecare.core import views as core_views

admin.site.site_header = "Home care commissioning administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("", include("homecare.core.urls")),
    path("accounts/", include("homecare.accounts.urls")),
    path("geography/", include("homecare.geography.urls")),
    path("providers/", include("homecare.providers.urls")),
    path("people/", include("homecare.people.urls")),
    path("brokerage/", include("homecare.brokerage.urls")),
    path("visits/", include("homecare.visits.urls")),
    path("rounds/", include("homecare.rounds.urls")),
    path("payments/", include("homecare.payments.urls")),
    path("quality/", include("homecare.quality.urls")),
    path("reports/", include("homecare.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = core_views.forbidden
handler404 = core_views.not_found
handler500 = core_views.server_error
