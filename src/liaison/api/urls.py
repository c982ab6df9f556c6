"""REST API v1 (../shared/design/api.md). Each app adds its endpoints to ``urlpatterns``
from its own ``api`` module; the schema and docs describe them all."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from liaison.registration import api as registration_api

from . import events

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("events/", events.EventList.as_view(), name="events"),
    path("events/<slug:slug>/", events.EventDetail.as_view(), name="event"),
    path("events/<slug:slug>/", include("liaison.programme.api_urls")),
    path("releases/", include("liaison.newsroom.api")),
    *registration_api.urlpatterns,
]
