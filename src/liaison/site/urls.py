import re

from django.urls import path, register_converter

from liaison.site import views

app_name = "site"

# Looks like a language tag ("fr", "xx", "pt-br", "zh-hant"): never an event address, so
# that /fr/ is a plain 404 rather than a redirect to /en/fr/.
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z]{2,8})?$")


class EventSlugConverter:
    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        if _LANGUAGE_TAG.match(value):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(EventSlugConverter, "event")

urlpatterns = [
    path("", views.index, name="index"),
    path("<event:slug>/", views.event_home, name="event"),
    path("<event:slug>/organisations/", views.organisations, name="organisations"),
]
