"""Signals of the events app, for the apps that build on it (events imports none of them)."""

from django.dispatch import Signal

# Sent by ``services.update_event`` inside its transaction, after a change was written:
# ``sender`` is the Event class, with ``event``, ``changed`` (the names of the changed
# fields) and ``actor``. Registration listens to give raised capacities to the waiting list.
event_changed = Signal()
