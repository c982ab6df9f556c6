from django.urls import include, path, register_converter

from liaison.core.i18n import LANGUAGE_TAG
from liaison.programme import site_views as programme_views
from liaison.site import views

app_name = "site"


class EventSlugConverter:
    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        if LANGUAGE_TAG.match(value):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(EventSlugConverter, "event")

urlpatterns = [
    path("", views.index, name="index"),
    path("<event:slug>/", views.event_home, name="event"),
    path("<event:slug>/organisations/", views.organisations, name="organisations"),
    path("<event:slug>/programme/", include("liaison.programme.site_urls")),
    path("<event:slug>/programme.ics", programme_views.programme_ics, name="programme-ics"),
    path("<event:slug>/me/data/", include("liaison.privacy.site_urls")),
    path("<event:slug>/", include("liaison.registration.site_urls")),
    path("<event:slug>/matchmaking/", include("liaison.matchmaking.site_urls")),
]
