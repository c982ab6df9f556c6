"""Registration pages of the public site, under ``/{language}/{event}/``."""

from django.urls import path

from . import site_views as views

urlpatterns = [
    path("register/", views.register, name="registration-register"),
    path("register/thanks/", views.thanks, name="registration-thanks"),
    path("me/", views.me, name="registration-me"),
    path("me/withdraw/", views.withdraw, name="registration-withdraw"),
    path("me/password/", views.password, name="registration-password"),
    path("signin/", views.signin, name="registration-signin"),
    path("signin/<str:token>/", views.signin_link, name="registration-signin-link"),
]
