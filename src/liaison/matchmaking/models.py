"""B2B matchmaking: profiles and opportunities, recommendations, meeting requests, the
scheduling runs that turn accepted requests into meetings, and what came of them.

Delegates are approved registrations (``liaison.registration``); every row here hangs off a
registration or the event. The event's schedule is the meetings of its published run (the
latest ``ScheduleRun`` with ``published_at``); drafts are never shown to delegates.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from liaison.events.models import CooperationArea, Event
from liaison.registration.models import Registration


def new_video_room() -> str:
    """An unguessable Jitsi room name (128 random bits)."""
    return "liaison-b2b-" + secrets.token_urlsafe(16).replace("_", "x").replace("-", "y")


class MatchmakingSettings(models.Model):
    """Per event: who may ask whom, the default quota, how long a meeting lasts."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="matchmaking")
    # [[from delegation code, to delegation code], ...]; empty = any two different sides
    side_rules = models.JSONField(default=list, blank=True)
    # Role kinds (events.RoleKind) that may not send requests / be asked; empty = none barred
    barred_requester_roles = models.JSONField(default=list, blank=True)
    barred_recipient_roles = models.JSONField(default=list, blank=True)
    default_quota = models.PositiveSmallIntegerField(
        default=10, verbose_name=_("requests per delegate")
    )
    meeting_minutes = models.PositiveSmallIntegerField(default=20)
    requests_open = models.BooleanField(default=True, verbose_name=_("requests open"))
    # a published schedule is repaired automatically after a change
    auto_repair = models.BooleanField(default=True)
    # a change arrived while a run was queued or running: repair once that run ends
    repair_pending = models.BooleanField(default=False)
    reminder_minutes = models.PositiveIntegerField(default=60 * 24)
    reminders_sent_at = models.DateTimeField(null=True, blank=True)
    recommendations_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"matchmaking of {self.event.slug}"


class Profile(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="profile"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="profiles")
    pitch = I18nTextField(blank=True, verbose_name=_("pitch"))
    languages = models.JSONField(default=list, blank=True, verbose_name=_("languages spoken"))
    areas = models.ManyToManyField(CooperationArea, blank=True, related_name="profiles")
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    quota = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("request quota (empty: the event's)")
    )
    # The scheduler's ``max_consecutive``: at most this many meetings in a row (slots one
    # after the other in one half-day); empty: no limit.
    max_back_to_back = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("most meetings back to back (empty: no limit)")
    )
    search_text = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return f"profile of {self.registration_id}"


class Direction(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class OpportunityKind(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    INVESTMENT = "investment", _("Investment")
    PARTNERSHIP = "partnership", _("Partnership")
    PROJECT = "project", _("Project")
    PROCUREMENT = "procurement", _("Procurement")
    RESEARCH = "research", _("Research")


class Opportunity(models.Model):
    Direction = Direction
    Kind = OpportunityKind

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="opportunities")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="opportunities")
    direction = models.CharField(max_length=5, choices=Direction.choices)
    kind = models.CharField(max_length=12, choices=OpportunityKind.choices)
    # RESTRICT: an area with opportunities cannot be deleted alone, but goes with its event
    area = models.ForeignKey(CooperationArea, on_delete=models.RESTRICT, related_name="+")
    title = I18nCharField(max_length=200, verbose_name=_("title"))
    description = I18nTextField(blank=True, verbose_name=_("description"))
    search_text = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "-created_at", "id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values), name="opportunity_direction"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OpportunityKind.values), name="opportunity_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.kind}: {self.title}"


class Recommendation(models.Model):
    """A precomputed counterpart for a delegate; the reason is a code with parameters,
    said in the reader's language when shown."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="recommendations"
    )
    counterpart = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reason_code = models.CharField(max_length=30)
    reason_params = models.JSONField(default=dict)

    class Meta:
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "rank"], name="recommendation_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} -> {self.counterpart_id} (#{self.rank})"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_REQUEST = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    MUST_MEET = "must_meet", _("Must meet")


class MeetingRequest(models.Model):
    Status = RequestStatus
    Priority = Priority

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_sent"
    )
    recipient = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_received"
    )
    message = models.TextField(blank=True, verbose_name=_("message"))
    status = models.CharField(max_length=10, choices=RequestStatus.choices)
    priority = models.CharField(max_length=10, choices=Priority.choices, default="normal")
    weight = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "-created_at", "id"]
        constraints = [
            # one live request per pair, whoever asked (A->B and B->A are the same pair)
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                condition=models.Q(status__in=["pending", "accepted"]),
                name="meeting_request_pair_once",
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")), name="meeting_request_two"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="meeting_request_status"
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="meeting_request_state")]

    def __str__(self) -> str:
        return f"request {self.pk}: {self.requester_id} -> {self.recipient_id} ({self.status})"

    @property
    def participant_ids(self) -> tuple[int, int]:
        return (self.requester_id, self.recipient_id)


class MeetingSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["event", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_slot_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Table(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_tables")
    number = models.PositiveSmallIntegerField()
    seats = models.PositiveSmallIntegerField(default=4)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="meeting_table_number"),
        ]

    def __str__(self) -> str:
        return f"T{self.number:02d}"


class VideoRoom(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="video_rooms")
    number = models.PositiveSmallIntegerField()
    room = models.CharField(max_length=80, unique=True, default=new_video_room)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="video_room_number"),
        ]

    def __str__(self) -> str:
        return f"V{self.number:02d}"

    @property
    def url(self) -> str:
        base = (settings.JITSI_BASE_URL or "https://meet.jit.si/").rstrip("/")
        return f"{base}/{self.room}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunKind(models.TextChoices):
    FULL = "full", _("Full run")
    REPAIR = "repair", _("Repair of the published schedule")


class ScheduleRun(models.Model):
    Status = RunStatus
    Kind = RunKind

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    kind = models.CharField(max_length=10, choices=RunKind.choices, default=RunKind.FULL)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default="queued")
    time_limit = models.FloatField(default=30.0)
    progress = models.FloatField(default=0.0)
    phase = models.CharField(max_length=40, blank=True)
    solver_status = models.CharField(max_length=12, blank=True)  # optimal, feasible, ...
    weight = models.IntegerField(null=True, blank=True)
    weight_upper_bound = models.IntegerField(null=True, blank=True)
    breaks = models.IntegerField(null=True, blank=True)
    breaks_lower_bound = models.IntegerField(null=True, blank=True)
    meetings_requested = models.PositiveIntegerField(default=0)
    moved = models.IntegerField(null=True, blank=True)
    dropped = models.IntegerField(null=True, blank=True)
    # [{"request": id, "code": ..., "params": {...}, "text": English}]
    unscheduled = models.JSONField(default=list, blank=True)
    instance = models.JSONField(default=dict, blank=True)  # the liaison-schedule/1 document
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    auto_publish = models.BooleanField(default=False)
    base_run = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RunStatus.values), name="schedule_run_status"
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.event_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class Meeting(models.Model):
    """One meeting of a run (a draft until the run is published)."""

    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="meetings")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_meetings")
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="meetings")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="meetings")
    table = models.ForeignKey(
        Table, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    video_room = models.ForeignKey(
        VideoRoom, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="meeting_once_per_run"),
            models.CheckConstraint(
                condition=models.Q(table__isnull=True) ^ models.Q(video_room__isnull=True),
                name="meeting_table_or_room",
            ),
        ]

    def __str__(self) -> str:
        return f"meeting {self.pk} ({self.request_id})"

    @property
    def place_key(self) -> tuple:
        return (self.slot_id, self.table_id, self.video_room_id)


class OutcomeResult(models.TextChoices):
    NO_SHOW = "no_show", _("The meeting did not take place")
    NO_INTEREST = "no_interest", _("No further interest")
    FOLLOW_UP = "follow_up", _("Follow-up planned")
    MOU = "mou", _("MoU intended")
    PROJECT = "project", _("Project started")


LEAD_RESULTS = (OutcomeResult.FOLLOW_UP, OutcomeResult.MOU, OutcomeResult.PROJECT)


class Outcome(models.Model):
    """What one side says came of a meeting (one per side and request)."""

    Result = OutcomeResult

    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_outcomes")
    result = models.CharField(max_length=12, choices=OutcomeResult.choices)
    next_steps = models.TextField(blank=True, verbose_name=_("next steps"))
    follow_up_owner = models.CharField(
        max_length=200, blank=True, verbose_name=_("follow-up owner")
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "registration"], name="outcome_per_side"),
        ]

    def __str__(self) -> str:
        return f"outcome of request {self.request_id} by {self.registration_id}: {self.result}"
