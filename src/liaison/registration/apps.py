from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "liaison.registration"
    label = "registration"
    verbose_name = "Registration"

    def ready(self):
        # The project's Celery app (liaison/celery.py) must be the current one before any
        # task runs, so that ``shared_task`` picks up its settings: eager without a broker.
        import liaison.celery  # noqa: F401
