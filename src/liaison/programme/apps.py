from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "liaison.programme"
    label = "programme"
    verbose_name = "Programme"
