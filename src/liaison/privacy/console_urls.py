"""A person's data in the console, under ``/console/{event}/people/{pk}/data/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.PersonDataView.as_view(), name="person-data"),
    path(
        "export.json", views.PersonDataView.as_view(), {"export": True}, name="person-data-export"
    ),
]
