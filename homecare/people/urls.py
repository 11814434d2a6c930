from django.urls import path

from homecare.people import views

app_name = "people"

urlpatterns = [
    path("", views.people, name="people"),
    path("add/", views.add_person, name="add"),
    path("<str:ref>/", views.person, name="person"),
    path("<str:ref>/change/", views.edit_person, name="edit"),
]
