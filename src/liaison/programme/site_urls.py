"""Included by ``liaison.site.urls`` under ``<event:slug>/programme/``."""

from django.urls import path

from . import site_views

urlpatterns = [
    path("", site_views.programme, name="programme"),
    path("<int:pk>/", site_views.item_page, name="programme-item"),
    path("speakers/", site_views.speakers, name="programme-speakers"),
    path("speakers/<int:pk>/", site_views.speaker_page, name="programme-speaker"),
    path("my-agenda.ics", site_views.my_programme_ics, name="programme-my-ics"),
    path("programme.pdf", site_views.programme_pdf, name="programme-pdf"),
]
