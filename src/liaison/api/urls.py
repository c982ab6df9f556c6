"""REST API v1 (../shared/design/api.md). Each app adds its endpoints to ``urlpatterns``
from its own ``api`` module; the schema and docs describe them all."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from liaison.attendance import api as attendance
from liaison.matchmaking import api as matchmaking_api
from liaison.registration import api as registration_api

from . import events

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("events/", events.EventList.as_view(), name="events"),
    path("events/<slug:slug>/", events.EventDetail.as_view(), name="event"),
    path("events/<slug:slug>/checkins/", attendance.CheckIns.as_view(), name="checkins"),
    path(
        "events/<slug:slug>/registrations/<int:pk>/badge.pdf",
        attendance.Badge.as_view(),
        name="badge",
    ),
    path("events/<slug:slug>/", include("liaison.programme.api_urls")),
    path("releases/", include("liaison.newsroom.api")),
    *registration_api.urlpatterns,
    *matchmaking_api.urlpatterns,
]
