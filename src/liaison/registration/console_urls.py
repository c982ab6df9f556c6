"""Console pages of registration, under ``/console/{event}/registrations/``."""

from django.urls import path

from . import console_views as views

urlpatterns = [
    path("", views.RegistrationListView.as_view(), name="registrations"),
    path("export.<str:fmt>", views.ExportView.as_view(), name="registration-export"),
    path("import/", views.ImportView.as_view(), name="registration-import"),
    path("invite/", views.InviteView.as_view(), name="registration-invite"),
    path(
        "<int:pk>/<str:action>/",
        views.RegistrationActionView.as_view(),
        name="registration-action",
    ),
]
