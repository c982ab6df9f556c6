from django.urls import include, path

from liaison.console import views

app_name = "console"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", views.EventListView.as_view(), name="events"),
    path("news/", include("liaison.newsroom.console")),
    path("<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/programme/", include("liaison.programme.console_urls")),
    path("<slug:slug>/registrations/", include("liaison.registration.console_urls")),
]
