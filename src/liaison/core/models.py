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
