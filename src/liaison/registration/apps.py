from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "liaison.registration"
    label = "registration"
    verbose_name = "Registration"
