"""Included by ``liaison.console.urls`` under ``<slug:slug>/programme/``."""

from django.urls import path

from . import console_views

urlpatterns = [
    path("", console_views.EditorView.as_view(), name="programme"),
    path("<int:pk>/", console_views.ItemEditView.as_view(), name="programme-item"),
    path("stage/", console_views.StageView.as_view(), name="programme-stage"),
]
