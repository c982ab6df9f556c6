from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liaison.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        # The Celery app is made current once Django is set up (not on `import liaison`,
        # which the Django-free scheduling library and its command also do), so that
        # every app's @shared_task binds to it.
        from liaison.celery import app

        app.set_current()
        app.set_default()
