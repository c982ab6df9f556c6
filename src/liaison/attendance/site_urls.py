"""Public pages of attendance under ``/{language}/{event}/`` (included from
``liaison.urls``'s language patterns with one line)."""

from django.urls import path

from . import views

app_name = "attendance"
urlpatterns = [
    path("<slug:slug>/join/<str:token>/", views.join, name="join"),
    path("<slug:slug>/join/<str:token>/presence/", views.presence, name="presence"),
]
