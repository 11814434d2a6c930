from django.urls import path

from homecare.brokerage.views import broker, portal, reports

app_name = "brokerage"

urlpatterns = [
    path("", broker.dashboard, name="dashboard"),
    path("refer/", broker.refer, name="refer"),
    path("packages/<int:pk>/", broker.package, name="package"),
    path("packages/<int:pk>/candidates/", broker.candidates, name="candidates"),
    path("packages/<int:pk>/care-plan/", broker.vary, name="vary"),
    path("packages/<int:pk>/<str:action>/", broker.package_action, name="package-action"),
    path("offers/", broker.offers, name="offers"),
    path("alerts/<int:pk>/resolve/", broker.resolve_alert, name="resolve-alert"),
    path("awaiting-care/", reports.awaiting_care, name="awaiting-care"),
    path("discharge-delays/", reports.bed_days, name="bed-days"),
    path("hand-backs/", reports.hand_backs, name="hand-backs"),
    path("portal/offers/", portal.offers, name="portal-offers"),
    path("portal/offers/<int:pk>/", portal.offer, name="portal-offer"),
    path("portal/packages/", portal.packages, name="portal-packages"),
    path("portal/packages/<int:pk>/", portal.package, name="portal-package"),
]
