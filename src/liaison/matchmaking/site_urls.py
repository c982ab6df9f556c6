"""Delegates' matchmaking pages, under ``/{language}/{event}/matchmaking/``."""

from django.urls import path

from . import site_views as views

urlpatterns = [
    path("", views.marketplace, name="matchmaking"),
    path("delegates/<int:pk>/", views.delegate, name="matchmaking-delegate"),
    path("delegates/<int:pk>/request/", views.request_meeting, name="matchmaking-request"),
    path("recommendations/", views.recommendations, name="matchmaking-recommendations"),
    path("requests/", views.requests_page, name="matchmaking-requests"),
    path("requests/<int:pk>/<str:action>/", views.answer, name="matchmaking-answer"),
    path("profile/", views.profile_page, name="matchmaking-profile"),
    path("agenda/", views.agenda, name="matchmaking-agenda"),
    path("agenda.ics", views.agenda_ics, name="matchmaking-agenda-ics"),
    path("agenda.pdf", views.agenda_pdf, name="matchmaking-agenda-pdf"),
    path("outcomes/<int:pk>/", views.outcome, name="matchmaking-outcome"),
]
