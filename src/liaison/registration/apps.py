from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "liaison.registration"
    label = "registration"
    verbose_name = "Registration"

    def ready(self):
        from liaison.events.signals import event_changed

        event_changed.connect(_capacity_raised, dispatch_uid="registration.capacity_raised")


def _capacity_raised(sender, *, event, changed, actor=None, **kwargs):
    """A raised capacity gives its new seats to the waiting list at once (in the same
    transaction as the change)."""
    if {"onsite_capacity", "online_capacity"} & set(changed):
        from . import services

        services.fill_free_seats(event, actor=actor)
