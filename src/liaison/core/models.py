from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """A record of a write that matters, left by the service that made it."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # The event the write concerns (null for writes of no one event, e.g. an organisation
    # shared by several); kept when the event is deleted, by its slug.
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        db_index=True,
    )
    event_slug = models.CharField(max_length=80, blank=True)
    action = models.CharField(max_length=100)  # e.g. "demo.load", "event.publish"
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["event", "-at"], name="audit_event_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class OutboxTask(models.Model):
    """Background work (an e-mail, a scheduling run) recorded in the same transaction as the
    write that caused it, so that it is never lost: handed to the broker once the
    transaction commits, run by a worker, and marked done. Work the broker could not take
    (Redis down) or whose worker died is run again by beat (``core.outbox_flush``);
    ``liaison.core.outbox`` explains the guarantees."""

    task = models.CharField(max_length=200)  # the Celery task's name
    args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)  # handed to the broker
    claimed_at = models.DateTimeField(null=True, blank=True)  # a process is running it
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["done_at", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        state = "done" if self.done_at else f"pending ({self.attempts} attempts)"
        return f"{self.task}{self.args} {state}"
