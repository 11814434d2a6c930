from django.urls import path

from homecare.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("performance/", views.performance, name="performance"),
    path("packages/<int:pk>/", views.package_visits, name="package"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/resolve/", views.resolve_alert, name="resolve_alert"),
    path("penalties/", views.penalties, name="penalties"),
    path("penalties/<int:pk>/", views.penalty, name="penalty"),
    path("portal/", views.portal, name="portal"),
    path("portal/penalties/", views.portal_penalties, name="portal_penalties"),
    path("portal/penalties/<int:pk>/", views.portal_penalty, name="portal_penalty"),
    path("portal/visits/<int:pk>/explain/", views.explain_visit, name="explain_visit"),
]
