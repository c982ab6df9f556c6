"""The attendance pages of an event's console, under ``/console/{event}/`` (included from
``liaison.console.urls`` with one line)."""

from django.urls import path

from . import views

app_name = "attendance"
urlpatterns = [
    path("checkin/", views.CheckInDesk.as_view(), name="checkin"),
    path("checkin/search/", views.DeskSearch.as_view(), name="checkin-search"),
    path("checkin/sw.js", views.DeskServiceWorker.as_view(), name="checkin-sw"),
    path("attendance/", views.AttendanceDashboard.as_view(), name="dashboard"),
    path("attendance/figures.json", views.AttendanceFigures.as_view(), name="figures"),
    path("badges.pdf", views.BadgeSheets.as_view(), name="badges"),
]
