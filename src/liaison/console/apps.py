from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "liaison.console"
    label = "console"
    verbose_name = "Console"
