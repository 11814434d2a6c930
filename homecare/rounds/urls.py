from django.urls import path

from homecare.rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.index, name="index"),
    path("carers/", views.carers, name="carers"),
    path("carers/add/", views.carer_add, name="carer_add"),
    path("carers/<int:pk>/", views.carer_edit, name="carer_edit"),
    path("carers/<int:pk>/active/", views.carer_active, name="carer_active"),
    path("providers/<int:provider_id>/carers/", views.provider_carers, name="provider_carers"),
    path("plan/", views.plan_day, name="plan_day"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/move/", views.move, name="move"),
    path("plans/<int:pk>/replan/", views.replan, name="replan"),
]
