"""Organisers' matchmaking pages, under ``/console/{event}/matchmaking/``."""

from django.urls import path

from . import console_views as views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="matchmaking"),
    path("runs/<int:pk>/", views.RunView.as_view(), name="matchmaking-run"),
    path("runs/<int:pk>/status.json", views.RunStatusView.as_view(), name="matchmaking-run-status"),
    path("leads/", views.PipelineView.as_view(), name="matchmaking-pipeline"),
    path("leads.<str:fmt>", views.PipelineExportView.as_view(), name="matchmaking-pipeline-export"),
    path("statistics/", views.StatisticsView.as_view(), name="matchmaking-statistics"),
    path("statistics.csv", views.StatisticsExportView.as_view(), name="matchmaking-statistics-csv"),
]
