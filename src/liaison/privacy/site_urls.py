"""The delegate's own data, under ``/{language}/{event}/me/data/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_data, name="privacy-me"),
    path("export.json", views.my_data_export, name="privacy-me-export"),
    path("erase/", views.my_data_erase, name="privacy-me-erase"),
]
